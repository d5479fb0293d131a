import type { ErrorObject } from "ajv";
import { pathKey, type TreePath } from "../location.js";
import { admits, ownTypeAdmits } from "./validate-describe.js";
import type { SchemaNode } from "./validate-schema.js";

/** One ajv error as produced with `verbose: true` (it carries its data and schema nodes). */
export type SchemaError = ErrorObject & { data?: unknown; parentSchema?: SchemaNode; schema?: unknown };

/**
 * One problem worth reporting at one place of the tree, after ajv's alternative-branch noise
 * has been removed:
 * - `error`: a single ajv error that stands on its own;
 * - `form`: a value none of the alternatives of a `oneOf`/`anyOf` accepts by type;
 * - `someRequired`: a mapping that needs at least one of `keys`.
 */
export type Finding =
  | { readonly kind: "error"; readonly path: TreePath; readonly error: SchemaError }
  | { readonly kind: "form"; readonly path: TreePath; readonly error: SchemaError; readonly branches: SchemaNode[] }
  | { readonly kind: "someRequired"; readonly path: TreePath; readonly error: SchemaError; readonly keys: string[] };

/**
 * Turns ajv's error list into findings, one problem once. Errors are grouped by instance path;
 * where a `oneOf`/`anyOf` failed, the alternative the value was aiming at (the one whose type
 * matches) is trusted and the other branches' complaints are dropped; when no alternative
 * matches by type, the whole place collapses into one `form` finding.
 */
export function collapseErrors(errors: readonly SchemaError[], root: unknown): Finding[] {
  const groups = new Map<string, { path: TreePath; errors: SchemaError[] }>();
  for (const e of errors) {
    const path = toTreePath(e.instancePath, root);
    const key = pathKey(path);
    const g = groups.get(key);
    if (g) g.errors.push(e);
    else groups.set(key, { path, errors: [e] });
  }
  const out: Finding[] = [];
  for (const g of groups.values()) out.push(...collapseGroup(g.path, g.errors));
  return out;
}

function collapseGroup(path: TreePath, group: SchemaError[]): Finding[] {
  let errors = group;
  const alts = errors.filter((e) => e.keyword === "oneOf" || e.keyword === "anyOf");
  const outer = alts[alts.length - 1];
  if (outer) {
    const own = outer.parentSchema?.[outer.keyword];
    const branches = Array.isArray(own) ? (own as SchemaNode[]) : [];
    const data = outer.data;
    const keys = requiredOnlyKeys(branches);
    if (keys) {
      const rest = errors.filter((e) => !alts.includes(e) && !isRequiredOf(e, keys));
      return [{ kind: "someRequired", path, error: outer, keys }, ...plain(path, rest)];
    }
    // Several alternatives accepted the value: only the ambiguity itself is worth saying.
    if (Array.isArray((outer.params as { passingSchemas?: unknown }).passingSchemas)) return plain(path, [outer]);
    if (!branches.some((b) => admits(b, data))) return [{ kind: "form", path, error: outer, branches }];
    // Complaints of schemas whose own type rejects the value come from branches not taken.
    errors = errors.filter((e) => !alts.includes(e) && ownTypeAdmits(e.parentSchema ?? {}, e.data));
  }
  // A wrong type makes the same schema's other complaints (enum, pattern) moot.
  const typeErrors = errors.filter((e) => e.keyword === "type");
  return plain(path, typeErrors.length > 0 ? typeErrors.slice(0, 1) : errors);
}

function plain(path: TreePath, errors: SchemaError[]): Finding[] {
  return errors.map((error) => ({ kind: "error", path, error }));
}

function requiredOnlyKeys(branches: SchemaNode[]): string[] | undefined {
  if (branches.length < 2) return undefined;
  const keys: string[] = [];
  for (const b of branches) {
    const req = b["required"];
    if (Object.keys(b).length !== 1 || !Array.isArray(req) || req.length !== 1) return undefined;
    keys.push(String(req[0]));
  }
  return keys;
}

function isRequiredOf(e: SchemaError, keys: string[]): boolean {
  const missing = (e.params as { missingProperty?: unknown }).missingProperty;
  return e.keyword === "required" && typeof missing === "string" && keys.includes(missing);
}

/**
 * Converts an ajv instance path (a JSON pointer such as `/services/web/ports/0`) to a tree
 * path, reading `root` to tell list indexes from mapping keys that look like numbers.
 */
export function toTreePath(pointer: string, root: unknown): TreePath {
  if (pointer === "") return [];
  const out: (string | number)[] = [];
  let cur: unknown = root;
  for (const raw of pointer.slice(1).split("/")) {
    const seg = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(cur)) {
      const i = Number(seg);
      out.push(i);
      cur = cur[i];
    } else {
      out.push(seg);
      cur = cur !== null && typeof cur === "object" ? (cur as Record<string, unknown>)[seg] : undefined;
    }
  }
  return out;
}
