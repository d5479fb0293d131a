import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

let root: string | undefined;

/**
 * The directory of tscompose's package.json, found by walking up from this module. Works from the
 * sources (vitest), from `dist/` and from a bundled `dist/cli/bin/` alike, so files shipped with
 * the package (schema.json, package.json, the precompiled validator) are found by one rule.
 */
export function packageRoot(from: string = import.meta.url): string {
  if (root) return root;
  for (let dir = path.dirname(fileURLToPath(from)); ; dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as { name?: string };
      if (pkg.name === "tscompose") return (root = dir);
    } catch {
      // no package.json here
    }
    if (path.dirname(dir) === dir) throw new Error("tscompose's package.json was not found above " + fileURLToPath(from));
  }
}
