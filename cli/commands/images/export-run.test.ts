import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import type { CliContext } from "../../context.js";
import { runExport } from "./export-run.js";

describe("export", () => {
  it("refuses to write the archive to a terminal without -o (bad usage, before anything else)", async () => {
    const ctx = {
      global: {},
      env: {},
      cwd: "/nonexistent",
      stdout: Object.assign(new PassThrough(), { isTTY: true }),
      stderr: new PassThrough(),
      stdin: new PassThrough(),
    } as unknown as CliContext;
    await expect(runExport(ctx, "svc", {})).rejects.toMatchObject({ code: "E_USAGE", kind: "bad-input", message: expect.stringContaining("cowardly refusing") });
  });
});
