import path from "node:path";
import { fileURLToPath } from "node:url";
import { VERB_NAMES } from "../verb-names.js";
import { packageVersion } from "../version.js";
import { cacheFileFor, cacheKey, loadWithCodeCache } from "./code-cache.js";
import type { BinName } from "./main.js";
import { ROOT_HELP } from "./root-help.js";

/** The bundle every bin runs (built by scripts/bundle.mjs next to the bins). */
const BUNDLE = "cli.cjs";
/** Where each verb's code cache is kept, beside the bundle (cleared by every build). */
const CACHE_DIR = "code-cache";

/**
 * Starts bin `bin`. `--version` alone needs no command table, and neither does `tscompose --help`
 * to a pipe or file, where commander prints at a fixed width (its text is pinned in root-help.ts;
 * a terminal's width changes the wrapping, so there commander renders it): both are answered
 * before the bundle loads. Anything else loads the bundle with its code cache and runs it.
 */
export function launch(bin: BinName): void {
  const args = process.argv.slice(2);
  const only = args.length === 1 ? args[0] : undefined;
  if (only === "--version" || (bin === "tscompose" && only === "-v")) {
    process.stdout.write(`${packageVersion()}\n`);
    return;
  }
  if (bin === "tscompose" && (only === "--help" || only === "-h") && !process.stdout.isTTY) {
    process.stdout.write(ROOT_HELP);
    return;
  }
  const here = path.dirname(fileURLToPath(import.meta.url));
  const shim = bin === "tsc-up" ? "up" : bin === "tsc-down" ? "down" : undefined;
  const key = shim ?? cacheKey(args, VERB_NAMES, bin);
  const bundlePath = path.join(here, BUNDLE);
  const loaded = loadWithCodeCache(bundlePath, cacheFileFor(path.join(here, CACHE_DIR), key, bundlePath));
  // Written at exit, so the cache holds every function this run compiled; only after a run that
  // did the verb's work (a failed one stops early and would leave out most of what it needs).
  // A help text also stops early.
  const partial = args.some((a) => a === "--help" || a === "-h" || a === "help");
  if (loaded.cache !== "accepted" && !partial) process.once("exit", (code) => code === 0 && loaded.saveCache());
  const bundle = loaded.exports as { runBin: (name: BinName) => Promise<void> };
  bundle.runBin(bin).catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}
