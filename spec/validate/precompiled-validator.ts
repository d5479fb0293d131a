import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ValidateFunction } from "ajv";
import { packageRoot } from "../discover/package-root.js";

/** Where the build writes the precompiled validator, relative to the package root. */
export const PRECOMPILED_VALIDATOR = "dist/spec/schema-validator.cjs";

/**
 * The validator `npm run build` precompiled from schema.json, when this module runs from dist/
 * (the sources, under vitest, compile schema.json as it is now). The CLI bundle replaces this
 * module with one that has the validator built in (scripts/bundle.mjs), so its code is covered by
 * the bundle's code cache. Undefined when there is none.
 */
export function precompiledValidator(): ValidateFunction | undefined {
  if (!fileURLToPath(import.meta.url).includes(`${path.sep}dist${path.sep}`)) return undefined;
  try {
    const mod = createRequire(import.meta.url)(path.join(packageRoot(), PRECOMPILED_VALIDATOR)) as { default?: ValidateFunction };
    return typeof mod.default === "function" ? mod.default : undefined;
  } catch {
    return undefined;
  }
}
