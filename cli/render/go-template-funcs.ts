import { formatValue, goTypeName, sprint, sprintf, sprintln } from "./go-fmt.js";

/** A template function: how many arguments it takes (`max` absent: any number from `min`) and what it computes. */
export interface TemplateFunction {
  readonly min: number;
  readonly max?: number;
  readonly call: (args: readonly unknown[]) => unknown;
}

/** An argument of the wrong type; reported as is, without Go's `error calling NAME:` prefix. */
export class ArgTypeError extends Error {
  constructor(expected: string, got: unknown) {
    super(`wrong type for value; expected ${expected}; got ${goTypeName(got)}`);
    this.name = "ArgTypeError";
  }
}

/** Go's truth of a value: false, 0, "", nil and empty slices and maps are false; a struct is true. */
export function isTrue(v: unknown): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === "boolean") return v;
  if (typeof v === "number") return v !== 0;
  if (typeof v === "string" || Array.isArray(v)) return v.length > 0;
  if (v instanceof Map) return v.size > 0;
  return true;
}

const str = (v: unknown): string => {
  if (typeof v !== "string") throw new ArgTypeError("string", v);
  return v;
};
const int = (v: unknown): number => {
  if (typeof v !== "number" || !Number.isInteger(v)) throw new ArgTypeError("int", v);
  return v;
};
const isBasic = (v: unknown) => typeof v === "string" || typeof v === "number" || typeof v === "boolean";

/** Go's `eq` on two basic values. */
function equal(a: unknown, b: unknown): boolean {
  if (a === undefined || a === null || b === undefined || b === null) return a === b || (a ?? null) === (b ?? null);
  if (!isBasic(a) || !isBasic(b)) throw new Error("invalid type for comparison");
  if (typeof a !== typeof b) throw new Error("incompatible types for comparison");
  return a === b;
}

/** Go's `lt` on two numbers or two strings. */
function less(a: unknown, b: unknown): boolean {
  const kind = typeof a;
  if ((kind !== "number" && kind !== "string") || (typeof b !== "number" && typeof b !== "string")) throw new Error("invalid type for comparison");
  if (typeof b !== kind) throw new Error("incompatible types for comparison");
  return (a as number | string) < (b as number | string);
}

function lengthOf(v: unknown): number {
  if (typeof v === "string") return Buffer.byteLength(v, "utf8");
  if (Array.isArray(v)) return v.length;
  if (v instanceof Map) return v.size;
  throw new Error(v === null || v === undefined ? "len of nil pointer" : `len of type ${goTypeName(v)}`);
}

function indexOne(item: unknown, key: unknown): unknown {
  if (Array.isArray(item) || typeof item === "string") {
    const i = int(key);
    if (i < 0 || i >= item.length) throw new Error(`index out of range: ${i}`);
    return typeof item === "string" ? (Buffer.from(item, "utf8")[i] ?? 0) : item[i];
  }
  if (item instanceof Map) return item.has(key) ? item.get(key) : "";
  if (item === null || item === undefined) throw new Error("index of untyped nil");
  throw new Error(`can't index item of type ${goTypeName(item)}`);
}

function sliceOf(item: unknown, idx: readonly unknown[]): unknown {
  if (typeof item !== "string" && !Array.isArray(item)) throw new Error(`can't slice item of type ${goTypeName(item)}`);
  if (idx.length > 3 || (idx.length === 3 && typeof item === "string")) throw new Error("too many slice indexes");
  const chars: readonly unknown[] = typeof item === "string" ? [...item] : item;
  const [from = 0, to = chars.length] = idx.map(int);
  if (from < 0 || to < from || to > chars.length) throw new Error(`index out of range: ${to > chars.length ? to : from}`);
  const part = chars.slice(from, to);
  return typeof item === "string" ? part.join("") : part;
}

/** `strings.Title`: the first letter of each word upper-cased; words are separated by anything but letters, digits and `_`. */
export function titleCase(s: string): string {
  let prev = " ";
  let out = "";
  for (const c of s) {
    const separator = !/[\p{L}\p{N}_]/u.test(prev);
    out += separator ? c.toUpperCase() : c;
    prev = c;
  }
  return out;
}

/** JSON as the docker CLI's `json` function writes it (no HTML escaping, no trailing newline); maps become objects. */
export function toJson(v: unknown): string {
  // A value that knows its Go encoding (ps rows: Compose's escaping and key order) writes itself.
  const own = (v as { MarshalJSON?: unknown } | null | undefined)?.MarshalJSON;
  if (typeof own === "function") return String((own as () => unknown).call(v));
  const text = JSON.stringify(v, (_k, x: unknown) => (x instanceof Map ? Object.fromEntries(x) : x));
  return text ?? "null";
}

const f = (min: number, max: number | undefined, call: (args: readonly unknown[]) => unknown): TemplateFunction =>
  max === undefined ? { min, call } : { min, max, call };

/** Go's builtin template functions (`and` and `or` are evaluated lazily by the executor; these are their eager forms). */
export const BUILTIN_FUNCTIONS: ReadonlyMap<string, TemplateFunction> = new Map([
  ["and", f(1, undefined, (a) => a.find((x) => !isTrue(x)) ?? a[a.length - 1])],
  ["or", f(1, undefined, (a) => a.find((x) => isTrue(x)) ?? a[a.length - 1])],
  ["not", f(1, 1, (a) => !isTrue(a[0]))],
  ["eq", f(1, undefined, (a) => {
    if (a.length < 2) throw new Error("missing argument for comparison");
    return a.slice(1).some((b) => equal(a[0], b));
  })],
  ["ne", f(2, 2, (a) => !equal(a[0], a[1]))],
  ["lt", f(2, 2, (a) => less(a[0], a[1]))],
  ["le", f(2, 2, (a) => less(a[0], a[1]) || equal(a[0], a[1]))],
  ["gt", f(2, 2, (a) => !less(a[0], a[1]) && !equal(a[0], a[1]))],
  ["ge", f(2, 2, (a) => !less(a[0], a[1]))],
  ["len", f(1, 1, (a) => lengthOf(a[0]))],
  ["index", f(1, undefined, (a) => a.slice(1).reduce((item, key) => indexOne(item, key), a[0]))],
  ["slice", f(1, undefined, (a) => sliceOf(a[0], a.slice(1)))],
  ["print", f(0, undefined, (a) => sprint(a))],
  ["printf", f(1, undefined, (a) => sprintf(str(a[0]), a.slice(1)))],
  ["println", f(0, undefined, (a) => sprintln(a))],
]);

/** The docker CLI's template functions (its `templates` package): `json`, `join`, `split`, `lower`, `upper`, `title`, `truncate`, `pad`. */
export const DOCKER_FUNCTIONS: ReadonlyMap<string, TemplateFunction> = new Map([
  ["json", f(1, 1, (a) => toJson(a[0]))],
  ["join", f(2, 2, (a) => {
    if (!Array.isArray(a[0])) throw new ArgTypeError("[]string", a[0]);
    return a[0].map(formatValue).join(str(a[1]));
  })],
  ["split", f(2, 2, (a) => (str(a[1]) === "" ? [...str(a[0])] : str(a[0]).split(str(a[1]))))],
  ["lower", f(1, 1, (a) => str(a[0]).toLowerCase())],
  ["upper", f(1, 1, (a) => str(a[0]).toUpperCase())],
  ["title", f(1, 1, (a) => titleCase(str(a[0])))],
  ["truncate", f(2, 2, (a) => [...str(a[0])].slice(0, Math.max(0, int(a[1]))).join(""))],
  ["pad", f(3, 3, (a) => (str(a[0]) === "" ? "" : " ".repeat(Math.max(0, int(a[1]))) + str(a[0]) + " ".repeat(Math.max(0, int(a[2])))))],
]);

/** What the docker CLI's table header sees instead of the formatting functions: each returns its (string) first argument. */
export const HEADER_FUNCTIONS: ReadonlyMap<string, TemplateFunction> = new Map(
  ["json", "join", "split", "lower", "upper", "title", "truncate"].map((name) => {
    const spec = DOCKER_FUNCTIONS.get(name);
    return [name, f(spec?.min ?? 1, spec?.max, (a) => str(a[0]))];
  }),
);
