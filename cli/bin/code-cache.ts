import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { Script } from "node:vm";

/** A CommonJS module loaded through V8's code cache. */
export interface CachedModule {
  /** The module's `module.exports`. */
  readonly exports: unknown;
  /** `accepted`: V8 used the cache; `missing`: there was none; `rejected`: V8 refused it. */
  readonly cache: "accepted" | "missing" | "rejected";
  /**
   * Writes the cache anew with the bytecode of every function compiled so far (call it late, at
   * exit, so it holds what the run needed). Atomic: concurrent runs never read half a file. Never
   * throws: a read-only install or a full disk only means the next run compiles again.
   */
  saveCache(): void;
}

/**
 * Loads the CommonJS file `bundle` with V8's code cache `cacheFile`: when V8 accepts it, neither
 * the file nor the functions the previous run compiled are compiled again. Without a cache, or
 * when V8 rejects it (another Node version, other V8 flags, a rebuilt bundle), the module is
 * compiled as plain `require` would. The module runs with its own `require`, `module`,
 * `__filename` and `__dirname`, as under `require`.
 */
export function loadWithCodeCache(bundle: string, cacheFile: string): CachedModule {
  const source = readFileSync(bundle, "utf8");
  const cachedData = readOptional(cacheFile);
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  const script = new Script(wrapped, { filename: bundle, ...(cachedData ? { cachedData } : {}) });
  const mod = { exports: {} as unknown };
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(mod.exports, mod.exports, createRequire(bundle), mod, bundle, path.dirname(bundle));
  return {
    exports: mod.exports,
    cache: !cachedData ? "missing" : script.cachedDataRejected ? "rejected" : "accepted",
    saveCache: () => writeCache(script, cacheFile),
  };
}

function readOptional(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

function writeCache(script: Script, file: string): void {
  try {
    const dir = path.dirname(file);
    mkdirSync(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, script.createCachedData());
    renameSync(tmp, file);
    // Caches of earlier bundles under the same key will never be read again.
    const key = path.basename(file).replace(/-\d+-\d+\.bin$/, "");
    for (const f of readdirSync(dir)) {
      if (f !== path.basename(file) && f.startsWith(`${key}-`) && /-\d+-\d+\.bin$/.test(f)) rmSync(path.join(dir, f), { force: true });
    }
  } catch {
    // A read-only install, a full disk: the next run compiles again.
  }
}

/**
 * The cache file for `key` in `dir`, named after the bundle's size and modification time as well:
 * V8 checks only a cached script's length, so an edited bundle of the same length must not find
 * the old bytecode.
 */
export function cacheFileFor(dir: string, key: string, bundle: string): string {
  const st = statSync(bundle);
  return path.join(dir, `${key}-${st.size}-${Math.trunc(st.mtimeMs)}.bin`);
}

/**
 * The cache key of a run: the verb it runs (the first argument naming one of `verbs`), so each
 * verb's cache holds the functions that verb needs; `fallback` when none is named.
 */
export function cacheKey(args: readonly string[], verbs: readonly string[], fallback: string): string {
  return args.find((a) => verbs.includes(a)) ?? fallback;
}
