import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { cacheFileFor, cacheKey, loadWithCodeCache } from "./code-cache.js";

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "tsc-code-cache-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

// A CommonJS module that uses what `require` gives a module.
const MODULE = `const path = require("node:path");
function twice(n) { return n * 2; }
module.exports = { file: __filename, dir: __dirname, base: path.basename(__filename), value: twice(21), self: this === exports };`;

describe("loadWithCodeCache", () => {
  it("runs the module as require would and reports a missing cache", () => {
    const dir = tempDir();
    const bundle = path.join(dir, "b.cjs");
    writeFileSync(bundle, MODULE);
    const loaded = loadWithCodeCache(bundle, path.join(dir, "cache", "k.bin"));
    expect(loaded.cache).toBe("missing");
    expect(loaded.exports).toEqual({ file: bundle, dir, base: "b.cjs", value: 42, self: true });
  });

  it("writes a cache that the next load accepts", () => {
    const dir = tempDir();
    const bundle = path.join(dir, "b.cjs");
    const cacheFile = path.join(dir, "cache", "k.bin");
    writeFileSync(bundle, MODULE);
    loadWithCodeCache(bundle, cacheFile).saveCache();
    expect(readFileSync(cacheFile).length).toBeGreaterThan(0);
    const again = loadWithCodeCache(bundle, cacheFile);
    expect(again.cache).toBe("accepted");
    expect((again.exports as { value: number }).value).toBe(42);
  });

  it("rejects the cache of another source and still runs the new one", () => {
    const dir = tempDir();
    const bundle = path.join(dir, "b.cjs");
    const cacheFile = path.join(dir, "k.bin");
    writeFileSync(bundle, MODULE);
    loadWithCodeCache(bundle, cacheFile).saveCache();
    writeFileSync(bundle, `${MODULE}\nmodule.exports.extra = "a longer source";`);
    const rebuilt = loadWithCodeCache(bundle, cacheFile);
    expect(rebuilt.cache).toBe("rejected");
    expect((rebuilt.exports as { extra: string }).extra).toBe("a longer source");
  });

  it("treats garbage as a rejected cache", () => {
    const dir = tempDir();
    const bundle = path.join(dir, "b.cjs");
    const cacheFile = path.join(dir, "k.bin");
    writeFileSync(bundle, MODULE);
    writeFileSync(cacheFile, "not a code cache");
    const loaded = loadWithCodeCache(bundle, cacheFile);
    expect(loaded.cache).toBe("rejected");
    expect((loaded.exports as { value: number }).value).toBe(42);
  });

  it("does not throw when the cache cannot be written", () => {
    const dir = tempDir();
    const bundle = path.join(dir, "b.cjs");
    writeFileSync(bundle, MODULE);
    writeFileSync(path.join(dir, "file"), "");
    // A directory under a regular file cannot be made.
    expect(() => loadWithCodeCache(bundle, path.join(dir, "file", "k.bin")).saveCache()).not.toThrow();
  });
});

describe("cacheFileFor", () => {
  it("names the cache after the key and the bundle's size and time, and saving drops the key's older caches", () => {
    const dir = tempDir();
    const bundle = path.join(dir, "b.cjs");
    writeFileSync(bundle, MODULE);
    const first = cacheFileFor(path.join(dir, "cache"), "up", bundle);
    expect(path.basename(first)).toMatch(/^up-\d+-\d+\.bin$/);
    loadWithCodeCache(bundle, first).saveCache();
    const other = cacheFileFor(path.join(dir, "cache"), "upx", bundle);
    loadWithCodeCache(bundle, other).saveCache();
    writeFileSync(bundle, MODULE.replace("21", "22"));
    utimesSync(bundle, new Date(), new Date(Date.now() + 5000));
    const second = cacheFileFor(path.join(dir, "cache"), "up", bundle);
    expect(second).not.toBe(first);
    loadWithCodeCache(bundle, second).saveCache();
    expect(readdirSync(path.join(dir, "cache")).sort()).toEqual([path.basename(second), path.basename(other)].sort());
  });
});

describe("cacheKey", () => {
  const verbs = ["config", "up", "down"];
  it("is the first argument that names a verb", () => {
    expect(cacheKey(["-f", "a.yml", "up", "-d"], verbs, "tscompose")).toBe("up");
    expect(cacheKey(["--project-directory", "x", "config", "up"], verbs, "tscompose")).toBe("config");
  });
  it("falls back when no verb is named", () => {
    expect(cacheKey(["--help"], verbs, "tscompose")).toBe("tscompose");
    expect(cacheKey([], verbs, "tsc-up")).toBe("tsc-up");
  });
});
