import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertCliBuilt, CLI_PATH } from "./helpers/cli.js";

// The built bins load dist/cli/bin/cli.cjs through V8's code cache, one file per verb. These
// tests run a copy of the built bin folder inside a scratch package, so the real build's cache is
// not touched.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
let pkg: string;
let bin: string;
const project = path.join(root, "test/projects/01-web-postgres-redis");

function config(): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(bin, "tscompose.js"), "config"], { cwd: project, encoding: "utf8", env: { PATH: process.env["PATH"] ?? "" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  assertCliBuilt();
  pkg = mkdtempSync(path.join(os.tmpdir(), "tsc-code-cache-pkg-"));
  bin = path.join(pkg, "dist/cli/bin");
  mkdirSync(bin, { recursive: true });
  writeFileSync(path.join(pkg, "package.json"), readFileSync(path.join(root, "package.json")));
  cpSync(path.join(root, "schema.json"), path.join(pkg, "schema.json"));
  cpSync(path.dirname(CLI_PATH), bin, { recursive: true, filter: (src) => !src.includes(`${path.sep}code-cache`) });
});
afterAll(() => rmSync(pkg, { recursive: true, force: true }));

describe("the built CLI's code cache", () => {
  it("is written by a verb's first run and used by the next, with the same output", () => {
    const cacheFile = path.join(bin, "code-cache/config.bin");
    expect(existsSync(cacheFile)).toBe(false);
    const first = config();
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("services:");
    expect(statSync(cacheFile).size).toBeGreaterThan(10_000);
    const written = statSync(cacheFile).mtimeMs;
    const second = config();
    expect(second).toEqual(first);
    // Accepted: not written again.
    expect(statSync(cacheFile).mtimeMs).toBe(written);
  });

  it("is replaced when it is damaged, and the run still succeeds", () => {
    const cacheFile = path.join(bin, "code-cache/config.bin");
    const good = config();
    writeFileSync(cacheFile, "damaged");
    const run = config();
    expect(run).toEqual(good);
    expect(statSync(cacheFile).size).toBeGreaterThan(10_000);
  });

  it("is not written by a failed run", () => {
    const r = spawnSync(process.execPath, [path.join(bin, "tscompose.js"), "ps", "--no-such-flag"], { cwd: project, encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(existsSync(path.join(bin, "code-cache/ps.bin"))).toBe(false);
  });
});
