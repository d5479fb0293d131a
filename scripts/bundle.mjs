// Bundles the CLI into dist/cli/bin/ for a fast start:
// - cli.cjs: every module the CLI runs (ours and our dependencies') in one CommonJS file, with the
//   precompiled schema validator built in. One file and no ES module graph to resolve, and it is
//   loaded through V8's code cache (cli/bin/code-cache.ts): each verb's bytecode is compiled once
//   and read back on later runs, into dist/cli/bin/code-cache/ (cleared here at every build).
// - tscompose.js, tsc-up.js, tsc-down.js: the bins, a few lines each that load cli.cjs.
// - package.json: marks this folder CommonJS, so the bins start without Node's ES module loader.
// Run by `npm run build` after tsc (which emits dist/ for the library and its type declarations, but
// not cli/bin/: those files exist only as this bundle) and after scripts/build-validator.mjs.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { build } from "esbuild";

const OUT = "dist/cli/bin";
const VALIDATOR = path.resolve("dist/spec/schema-validator.cjs");

// What earlier builds left here: bins, split chunks, code caches, and the ES modules and
// declarations tsc emitted before tsconfig.build.json left cli/bin to this script.
mkdirSync(OUT, { recursive: true });
for (const f of readdirSync(OUT)) {
  if (/\.(js|d\.ts)(\.map)?$/.test(f) || f === "chunks" || f === "code-cache" || f.startsWith("cli.cjs")) {
    rmSync(path.join(OUT, f), { recursive: true, force: true });
  }
}

const common = {
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  logLevel: "warning",
  // CommonJS has no import.meta: every module sees the bundle's own URL, as it saw its chunk's.
  define: { "import.meta.url": "__tscompose_bundle_url" },
  // Less to read and hash at every start (about 12 ms of `run`'s); names are kept, so stack traces
  // stay readable, and cli.cjs.map maps them back to the sources.
  minifyWhitespace: true,
  minifySyntax: true,
  banner: { js: 'var __tscompose_bundle_url = require("node:url").pathToFileURL(__filename).href;' },
};

/** The precompiled validator, bundled in instead of required from dist/spec/ at run time. */
const builtInValidator = {
  name: "built-in-validator",
  setup(b) {
    b.onResolve({ filter: /\/precompiled-validator\.js$/ }, () => ({ path: "precompiled-validator", namespace: "tscompose" }));
    b.onLoad({ filter: /.*/, namespace: "tscompose" }, () => ({
      contents: `export const PRECOMPILED_VALIDATOR = "dist/spec/schema-validator.cjs";
export function precompiledValidator() { const m = require(${JSON.stringify(VALIDATOR)}); return m.default ?? m; }`,
      loader: "js",
      resolveDir: path.dirname(VALIDATOR),
    }));
  },
};

/**
 * commander requires node:child_process at load time, for executable subcommands, which tscompose
 * has none of: the module (a few ms of every start) is required when first used instead.
 */
const lazyChildProcess = {
  name: "lazy-child-process",
  setup(b) {
    b.onLoad({ filter: /[\\/]commander[\\/]lib[\\/]command\.js$/ }, async (args) => {
      const text = await readFile(args.path, "utf8");
      const eager = /const childProcess = require\(['"]node:child_process['"]\);/;
      if (!eager.test(text)) throw new Error(`lazy-child-process: ${args.path} no longer requires node:child_process as expected`);
      const lazy = 'const childProcess = { spawn: (...a) => require("node:child_process").spawn(...a) };';
      return { contents: text.replace(eager, lazy), loader: "js" };
    });
  },
};

await build({
  ...common,
  entryPoints: ["cli/bin/main.ts"],
  outfile: `${OUT}/cli.cjs`,
  plugins: [builtInValidator, lazyChildProcess],
  sourcemap: true,
});
await build({
  ...common,
  entryPoints: ["cli/bin/tscompose.ts", "cli/bin/tsc-up.ts", "cli/bin/tsc-down.ts"],
  outdir: OUT,
});
writeFileSync(`${OUT}/package.json`, `${JSON.stringify({ type: "commonjs" }, null, 2)}\n`);
console.log(`bundled ${OUT}/cli.cjs and the bins {tscompose,tsc-up,tsc-down}.js`);
