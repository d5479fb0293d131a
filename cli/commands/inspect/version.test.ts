import { CommanderError } from "commander";
import { afterEach, describe, expect, it, vi } from "vitest";
import { packageVersion } from "../../version.js";
import { createVersionCommand, versionOutput } from "./version.js";

describe("versionOutput", () => {
  it("prints Compose's three forms: pretty (default), --short and --format json", () => {
    expect(versionOutput("0.1.0", { format: "pretty" })).toBe("tscompose version 0.1.0\n");
    expect(versionOutput("0.1.0", { format: "json" })).toBe('{"version":"0.1.0"}\n');
    expect(versionOutput("0.1.0", { format: "json", short: true })).toBe("0.1.0\n");
  });
});

describe("the version verb", () => {
  afterEach(() => vi.restoreAllMocks());

  async function run(args: string[]): Promise<string> {
    let out = "";
    vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      out += String(chunk);
      return true;
    });
    const cmd = createVersionCommand().exitOverride().configureOutput({ writeErr: () => {} });
    await cmd.parseAsync(args, { from: "user" });
    return out;
  }

  it("prints package.json's version in each format", async () => {
    const v = packageVersion();
    expect(v).toMatch(/^\d+\.\d+\.\d+/);
    expect(await run([])).toBe(`tscompose version ${v}\n`);
    expect(await run(["--short"])).toBe(`${v}\n`);
    expect(JSON.parse(await run(["--format", "json"]))).toEqual({ version: v });
    expect(JSON.parse(await run(["-f", "json"]))).toEqual({ version: v });
  });

  it("refuses an unknown format and extra arguments", async () => {
    await expect(run(["--format", "yaml"])).rejects.toBeInstanceOf(CommanderError);
    await expect(run(["extra"])).rejects.toBeInstanceOf(CommanderError);
  });
});

describe("registration", () => {
  it("the program builds version, volumes and scale under their own names", async () => {
    const { createProgram } = await import("../../program.js");
    const described = (verb: string) => createProgram([verb]).commands.map((c) => `${c.name()}: ${c.description()}`);
    expect(described("version")).toEqual(["version: Show the tscompose version information"]);
    expect(described("volumes")).toEqual(["volumes: List volumes"]);
    expect(described("scale")).toEqual(["scale: Scale services"]);
  });
});
