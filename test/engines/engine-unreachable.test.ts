import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";

// No engine needed: these run the CLI against an address where nothing listens.
const dir = mkdtempSync(path.join(os.tmpdir(), "tsc-unreachable-"));
writeFileSync(path.join(dir, "compose.yaml"), "services:\n  web:\n    image: tscompose-busybox:latest\n");
const socket = path.join(dir, "no-engine.sock");

describe("an engine that does not answer", () => {
  for (const args of [["up", "-d"], ["down"], ["ps"], ["run", "--rm", "web", "true"], ["exec", "web", "true"]]) {
    it(`${args[0]}: one clear error naming the address, exit 1, no stack trace, nothing else attempted`, async () => {
      const r = await runCli({ cwd: dir, args: ["-p", "tsc-unreachable", ...args], env: { DOCKER_HOST: `unix://${socket}` } });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`cannot reach the Docker Engine at unix://${socket}`);
      expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
      expect(r.stderr.match(/cannot reach the Docker Engine/g)?.length).toBe(1);
    });
  }
});
