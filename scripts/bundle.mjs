// Bundles the three bins (and the verbs they load lazily, as split chunks) into dist/cli/bin/ so
// a command loads a handful of files instead of ~100 modules: start-up is most of a no-op `up`.
// Run by `npm run build` after tsc (which still emits dist/ for the library and type declarations).
import { rmSync } from "node:fs";
import { build } from "esbuild";

// Chunk names carry content hashes: drop the previous build's chunks so stale ones do not pile up.
rmSync("dist/cli/bin/chunks", { recursive: true, force: true });

await build({
  entryPoints: ["cli/bin/tscompose.ts", "cli/bin/tsc-up.ts", "cli/bin/tsc-down.ts"],
  outdir: "dist/cli/bin",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  chunkNames: "chunks/[name]-[hash]",
  // Dependencies stay in node_modules (some are CommonJS with dynamic requires).
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
});
console.log("bundled dist/cli/bin/{tscompose,tsc-up,tsc-down}.js");
