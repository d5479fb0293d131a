import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { Ajv, ValidateFunction } from "ajv";
import type * as AjvModule from "ajv";
import { packageRoot } from "../discover/package-root.js";
import { PRECOMPILED_VALIDATOR, precompiledValidator } from "./precompiled-validator.js";

/** A JSON Schema node as found in schema.json (plain JSON). */
export type SchemaNode = { readonly [key: string]: unknown };

let schema: SchemaNode | undefined;
let validator: ValidateFunction | undefined;

/**
 * The Compose JSON Schema (schema.json at the package root), read once and cached.
 * This is the only file I/O of the validation stage.
 */
export function loadSchema(): SchemaNode {
  if (schema) return schema;
  schema = JSON.parse(readFileSync(path.join(packageRoot(), "schema.json"), "utf8")) as SchemaNode;
  return schema;
}

/**
 * The ajv instance schema.json is compiled with: every error (`allErrors`), each with the
 * failing data and schema nodes (`verbose`), which the message layer needs. `standalone` also
 * keeps the generated source, for `scripts/build-validator.mjs`.
 */
export function createAjv(standalone = false): Ajv {
  // Loaded on demand: the built CLI validates with the precompiled code, and ajv's compiler costs
  // ~40 ms of module loading at every start.
  const { Ajv: AjvClass } = createRequire(import.meta.url)("ajv") as typeof AjvModule;
  // Inlining refs and optimizing the generated code roughly double compile time for this
  // schema (many small shared definitions) and buy nothing measurable for one validation.
  const ajv = new AjvClass({
    allErrors: true,
    verbose: true,
    strict: false,
    inlineRefs: false,
    code: { optimize: false, ...(standalone ? { source: true } : {}) },
  });
  // Our annotation: a noun phrase saying what a pattern-constrained value must look like.
  ajv.addKeyword({ keyword: "x-expected", schemaType: "string" });
  return ajv;
}

export { PRECOMPILED_VALIDATOR };

/**
 * The validator for schema.json: the one the build precompiled (dist/spec/schema-validator.cjs),
 * else compiled on first use (a few hundred milliseconds; under vitest).
 */
export function schemaValidator(): ValidateFunction {
  validator ??= precompiledValidator() ?? createAjv().compile(loadSchema());
  return validator;
}

/** Follows a local `$ref` ("#/definitions/x") to its target; other nodes come back as is. */
export function resolveRef(node: SchemaNode): SchemaNode {
  let cur = node;
  for (let hops = 0; hops < 16; hops++) {
    const ref = cur["$ref"];
    if (typeof ref !== "string" || !ref.startsWith("#/")) return cur;
    let target: unknown = loadSchema();
    for (const seg of ref.slice(2).split("/")) {
      target = (target as SchemaNode | undefined)?.[seg.replace(/~1/g, "/").replace(/~0/g, "~")];
    }
    if (target === null || typeof target !== "object") return cur;
    cur = target as SchemaNode;
  }
  return cur;
}
