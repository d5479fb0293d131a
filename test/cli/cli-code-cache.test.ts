import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertCliBuilt, CLI_PATH } from "../helpers/cli.js";

// The built bins load dist/cli/bin/cli.cjs through V8's code cache, one file per verb. These
// tests run a copy of the built bin folder inside a scratch package, so the real build's cache is
// not touched.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
let pkg: string;
let bin: string;
const project = path.join(root, "test/projects/01-web-postgres-redis");

/** The verb's cache files (named `<verb>-<bundle size>-<bundle mtime>.bin`). */
function caches(verb: string): string[] {
  const dir = path.join(bin, "code-cache");
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.startsWith(`${verb}-`) && f.endsWith(".bin")).map((f) => path.join(dir, f)) : [];
}

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
    expect(caches("config")).toEqual([]);
    const first = config();
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("services:");
    const [cacheFile = ""] = caches("config");
    expect(statSync(cacheFile).size).toBeGreaterThan(10_000);
    const written = statSync(cacheFile).mtimeMs;
    const second = config();
    expect(second).toEqual(first);
    // Accepted: not written again.
    expect(statSync(cacheFile).mtimeMs).toBe(written);
  });

  it("is replaced when it is damaged, and the run still succeeds", () => {
    const good = config();
    const [cacheFile = ""] = caches("config");
    writeFileSync(cacheFile, "damaged");
    const run = config();
    expect(run).toEqual(good);
    expect(statSync(cacheFile).size).toBeGreaterThan(10_000);
  });

  it("is not used for a bundle edited to the same length, and the old one is removed", () => {
    const bundle = path.join(bin, "cli.cjs");
    const good = config();
    const [before] = caches("config");
    // Same length, other content and time: V8 alone would accept the old cache.
    const text = readFileSync(bundle, "utf8");
    writeFileSync(bundle, text.replace("config-hash", "config-hasH"));
    utimesSync(bundle, new Date(), new Date(Date.now() + 5000));
    const run = config();
    expect(run.code).toBe(good.code);
    const after = caches("config");
    expect(after).toHaveLength(1);
    expect(after[0]).not.toBe(before);
    writeFileSync(bundle, text);
  });

  it("is not written by a failed run or a help text", () => {
    const r = spawnSync(process.execPath, [path.join(bin, "tscompose.js"), "ps", "--no-such-flag"], { cwd: project, encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(caches("ps")).toEqual([]);
    const help = spawnSync(process.execPath, [path.join(bin, "tscompose.js"), "ps", "--help"], { cwd: project, encoding: "utf8" });
    expect(help.status).toBe(0);
    expect(caches("ps")).toEqual([]);
  });
});
