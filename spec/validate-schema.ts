import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Ajv, type ValidateFunction } from "ajv";

/** A JSON Schema node as found in schema.json (plain JSON). */
export type SchemaNode = { readonly [key: string]: unknown };

// schema.json sits at the repository root: one level up from spec/*.ts (vitest),
// two levels up from dist/spec/*.js (the build).
const CANDIDATES = ["../schema.json", "../../schema.json"];

let schema: SchemaNode | undefined;
let validator: ValidateFunction | undefined;

/**
 * The Compose JSON Schema (schema.json at the package root), read once and cached.
 * This is the only file I/O of the validation stage.
 */
export function loadSchema(): SchemaNode {
  if (schema) return schema;
  const tried: string[] = [];
  for (const rel of CANDIDATES) {
    const url = new URL(rel, import.meta.url);
    let text: string;
    try {
      text = readFileSync(url, "utf8");
    } catch {
      tried.push(url.pathname);
      continue;
    }
    schema = JSON.parse(text) as SchemaNode;
    return schema;
  }
  throw new Error(`schema.json not found (looked at ${tried.join(", ")})`);
}

/**
 * The ajv instance schema.json is compiled with: every error (`allErrors`), each with the
 * failing data and schema nodes (`verbose`), which the message layer needs. `standalone` also
 * keeps the generated source, for `scripts/build-validator.mjs`.
 */
export function createAjv(standalone = false): Ajv {
  // Inlining refs and optimizing the generated code roughly double compile time for this
  // schema (many small shared definitions) and buy nothing measurable for one validation.
  const ajv = new Ajv({
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

/** File name of the validator the build precompiles next to this module. */
export const PRECOMPILED_VALIDATOR = "schema-validator.cjs";

/**
 * The validator for schema.json: the one the build precompiled (dist/spec/schema-validator.cjs),
 * else compiled on first use (a few hundred milliseconds; under vitest).
 */
export function schemaValidator(): ValidateFunction {
  if (validator) return validator;
  try {
    const mod = createRequire(import.meta.url)(`./${PRECOMPILED_VALIDATOR}`) as { default?: ValidateFunction };
    if (typeof mod.default === "function") validator = mod.default;
  } catch {
    // not built: compile below
  }
  validator ??= createAjv().compile(loadSchema());
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
