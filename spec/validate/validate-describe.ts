import { resolveRef, type SchemaNode } from "./validate-schema.js";

/** The JSON type names a schema `type` keyword can use. */
type JsonType = "null" | "boolean" | "integer" | "number" | "string" | "array" | "object";

/** The JSON type of a plain value; whole numbers are "integer" (they are numbers too). */
export function jsonType(value: unknown): JsonType {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  if (typeof value === "boolean") return "boolean";
  if (typeof value === "string") return "string";
  return "object";
}

function typeList(node: SchemaNode): string[] | undefined {
  const t = node["type"];
  if (typeof t === "string") return [t];
  if (Array.isArray(t)) return t.filter((x): x is string => typeof x === "string");
  return undefined;
}

/** Whether the `type` keyword of `node` itself (ignoring sub-schemas) admits `value`. */
export function ownTypeAdmits(node: SchemaNode, value: unknown): boolean {
  const types = typeList(node);
  if (!types) return true;
  const actual = jsonType(value);
  return types.includes(actual) || (actual === "integer" && types.includes("number"));
}

/**
 * Whether `value` has a JSON type some form of `node` accepts: its own `type` and, through
 * `$ref`, `oneOf` and `anyOf`, the type of at least one alternative. Keys and values inside
 * are not checked: this tells which alternative the user was aiming at.
 */
export function admits(node: SchemaNode, value: unknown, depth = 0): boolean {
  const s = resolveRef(node);
  if (!ownTypeAdmits(s, value)) return false;
  const alts = alternatives(s);
  if (!alts || depth > 16) return true;
  return alts.some((b) => admits(b, value, depth + 1));
}

/** The `oneOf` or `anyOf` branches of a schema node, if it has any. */
export function alternatives(node: SchemaNode): SchemaNode[] | undefined {
  const alts = node["oneOf"] ?? node["anyOf"];
  return Array.isArray(alts) ? (alts as SchemaNode[]) : undefined;
}

const TYPE_PHRASES: Record<string, string> = {
  null: "empty",
  boolean: "true or false",
  integer: "an integer",
  number: "a number",
  string: "a string",
  array: "a list",
  object: "a mapping",
};

/**
 * What a schema node accepts, as noun phrases for "must be …": `a string like "8080:80"`,
 * ``a mapping with `target` ``, `one of: a, b`. Alternatives are flattened, duplicates removed.
 */
export function describeSchema(node: SchemaNode, depth = 0): string[] {
  const s = resolveRef(node);
  const expected = s["x-expected"];
  if (typeof expected === "string") return [expected];
  if (Array.isArray(s["enum"])) return [enumPhrase(s["enum"])];
  const alts = alternatives(s);
  if (alts && depth < 8) return unique(alts.flatMap((b) => describeSchema(b, depth + 1)));
  return unique((typeList(s) ?? []).map((t) => typePhrase(t, s)));
}

function typePhrase(type: string, s: SchemaNode): string {
  const base = TYPE_PHRASES[type] ?? `a ${type}`;
  if (type === "string") {
    const examples = s["examples"];
    const first = Array.isArray(examples) ? examples[0] : undefined;
    return typeof first === "string" ? `${base} like ${JSON.stringify(first)}` : base;
  }
  if (type === "object") {
    const required = s["required"];
    if (Array.isArray(required) && required.length > 0) {
      return `${base} with ${required.map((k) => `\`${String(k)}\``).join(" and ")}`;
    }
  }
  if (type === "array") {
    const items = s["items"];
    if (items && typeof items === "object" && !Array.isArray(items)) {
      const inner = typeList(resolveRef(items as SchemaNode));
      if (inner?.length === 1 && inner[0] === "string") return "a list of strings";
    }
  }
  return base;
}

/** `one of: a, b, c`, or `"a"` for a single allowed value. */
export function enumPhrase(values: readonly unknown[]): string {
  if (values.length === 1) return JSON.stringify(values[0]);
  return `one of: ${values.map((v) => (typeof v === "string" ? v : JSON.stringify(v))).join(", ")}`;
}

/** Joins phrases as English: "a or b", "a, b, or c". */
export function joinAlternatives(phrases: readonly string[]): string {
  if (phrases.length <= 1) return phrases[0] ?? "something else";
  if (phrases.length === 2) return `${phrases[0]} or ${phrases[1]}`;
  return `${phrases.slice(0, -1).join(", ")}, or ${phrases[phrases.length - 1]}`;
}

/** How the offending value reads in a message: `a number (8080)`, `a string ("x")`, `a list`. */
export function describeValue(value: unknown): string {
  switch (jsonType(value)) {
    case "null":
      return "nothing (null)";
    case "array":
      return "a list";
    case "object":
      return "a mapping";
    case "string":
      return `a string (${preview(value)})`;
    case "boolean":
      return `a boolean (${String(value)})`;
    default:
      return `a number (${String(value)})`;
  }
}

/** A short JSON rendering of a value for messages (long strings are cut). */
export function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}
