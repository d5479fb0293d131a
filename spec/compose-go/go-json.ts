import { byteOrder } from "./canonical.js";
import type { GoField, GoType } from "./go-types.js";

/**
 * JSON exactly as Go's `encoding/json` writes a value of the given compose-go type: struct fields
 * in declaration order (absent ones left out, unless the field is always written), map keys in
 * byte order, extension (`x-*`) keys inside structs dropped, strings escaped the Go way (`<`, `>`,
 * `&`, U+2028 and U+2029 as `\u…`). With `indent`, laid out as `json.MarshalIndent(v, "", indent)`;
 * without, compact as `json.Marshal`. Values the type does not describe are written as generic
 * JSON with sorted keys.
 */
export function goJson(value: unknown, type: GoType, indent?: string): string {
  const out: string[] = [];
  write(out, value, type, indent, "");
  return out.join("");
}

function write(out: string[], value: unknown, type: GoType, indent: string | undefined, pad: string): void {
  if (value === null || value === undefined) {
    out.push("null");
    return;
  }
  if (typeof value !== "object") {
    out.push(scalar(value));
    return;
  }
  if (Array.isArray(value)) {
    const item = type !== "scalar" && type.kind === "list" ? type.item : "scalar";
    writeEntries(out, "[", "]", value.map((v) => [undefined, v, item] as const), indent, pad);
    return;
  }
  const obj = value as Record<string, unknown>;
  if (type !== "scalar" && type.kind === "struct") {
    writeEntries(out, "{", "}", structEntries(obj, type.fields), indent, pad);
    return;
  }
  const m = type !== "scalar" && type.kind === "map" ? type : undefined;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort(byteOrder);
  writeEntries(out, "{", "}", keys.map((k) => [k, obj[k], m?.byKey?.get(k) ?? m?.value ?? "scalar"] as const), indent, pad);
}

type Entry = readonly [key: string | undefined, value: unknown, type: GoType];

/** A struct's members in field order; fields the type does not know follow, sorted (never `x-*`). */
function structEntries(obj: Record<string, unknown>, fields: readonly GoField[]): Entry[] {
  const out: Entry[] = [];
  const known = new Set<string>();
  for (const f of fields) {
    known.add(f.key);
    const v = obj[f.key];
    if (v !== undefined) out.push([f.json, v, f.type]);
    else if (f.always === "null") out.push([f.json, null, f.type]);
    else if (f.always === "empty-struct") out.push([f.json, {}, f.type]);
  }
  const rest = Object.keys(obj).filter((k) => !known.has(k) && !k.startsWith("x-") && obj[k] !== undefined);
  for (const k of rest.sort(byteOrder)) out.push([k, obj[k], "scalar"]);
  return out;
}

function writeEntries(out: string[], open: string, close: string, entries: readonly Entry[], indent: string | undefined, pad: string): void {
  if (entries.length === 0) {
    out.push(open, close);
    return;
  }
  const inner = indent === undefined ? "" : pad + indent;
  out.push(open);
  entries.forEach(([key, v, t], i) => {
    if (i > 0) out.push(",");
    if (indent !== undefined) out.push("\n", inner);
    if (key !== undefined) out.push(goString(key), indent === undefined ? ":" : ": ");
    write(out, v, t, indent, inner);
  });
  if (indent !== undefined) out.push("\n", pad);
  out.push(close);
}

function scalar(v: unknown): string {
  if (typeof v === "string") return goString(v);
  if (typeof v === "number") return goNumber(v);
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "bigint") return v.toString();
  return "null";
}

/**
 * Go's shortest float formatting, which JavaScript's matches: plain digits from 1e-6 up to 1e21,
 * exponent form outside, where Go too drops the exponent's leading zero (`1e-7`).
 */
function goNumber(n: number): string {
  return Number.isFinite(n) ? String(n) : "null";
}

/** Go's `encoding/json` string escaping (HTML-safe). */
export function goString(s: string): string {
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const esc = escapeOf(c, s, i);
    if (esc === undefined) continue;
    out += s.slice(start, i) + esc;
    start = i + 1;
  }
  return `${out}${s.slice(start)}"`;
}

const SHORT: Readonly<Record<number, string>> = { 0x22: '\\"', 0x5c: "\\\\", 0x08: "\\b", 0x0c: "\\f", 0x0a: "\\n", 0x0d: "\\r", 0x09: "\\t" };

function escapeOf(c: number, s: string, i: number): string | undefined {
  const short = SHORT[c];
  if (short !== undefined) return short;
  if (c < 0x20 || c === 0x3c || c === 0x3e || c === 0x26 || c === 0x2028 || c === 0x2029) return `\\u${c.toString(16).padStart(4, "0")}`;
  if (c >= 0xd800 && c <= 0xdfff) {
    // A valid surrogate pair is one character; a lone surrogate is invalid UTF-8, which Go writes as U+FFFD.
    const next = s.charCodeAt(i + 1);
    if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) return undefined;
    if (c >= 0xdc00 && i > 0) {
      const prev = s.charCodeAt(i - 1);
      if (prev >= 0xd800 && prev <= 0xdbff) return undefined;
    }
    return "\\ufffd";
  }
  return undefined;
}

