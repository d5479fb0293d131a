import { formatFixed, formatG } from "../../engine/format/go-format.js";

/**
 * Go's `fmt` as the template functions `print`, `printf` and `println` and the printing of an
 * action's value use it, for the values a template sees: strings, numbers (an integral number is
 * a Go `int`, any other a `float64`), booleans, `null` (Go's nil), `undefined` (a missing map
 * entry: `<no value>`), arrays (slices), `Map`s (maps) and plain objects (structs).
 */

/** The Go type name a value stands for, as `%!d(string=x)` and error messages show it. */
export function goTypeName(v: unknown): string {
  if (v === null || v === undefined) return "<nil>";
  if (typeof v === "string") return "string";
  if (typeof v === "number") return Number.isInteger(v) ? "int" : "float64";
  if (typeof v === "boolean") return "bool";
  if (Array.isArray(v)) return "[]interface {}";
  if (v instanceof Map) return "map[string]interface {}";
  return "struct";
}

/**
 * `%v` of a number: an integral one as a Go `int` (`1000000`), any other as a Go `float64`: the
 * shortest digits, in exponent form below 1e-4 and from 1e6 (`1.5e+06`).
 */
function goFloat(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "NaN" : x > 0 ? "+Inf" : "-Inf";
  if (Number.isInteger(x) && Math.abs(x) < 1e21) return String(x);
  const [mantissa = "0", exp = "0"] = x.toExponential().split("e");
  const e = Number(exp);
  if (e < -4 || e >= 6) return `${mantissa}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
  return String(x);
}

/** `fmt.Sprint("%v", v)` for one value. */
export function formatValue(v: unknown): string {
  if (v === undefined) return "<no value>";
  if (v === null) return "<nil>";
  if (typeof v === "string") return v;
  if (typeof v === "number") return goFloat(v);
  if (typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return `[${v.map(formatValue).join(" ")}]`;
  if (v instanceof Map) {
    const keys = [...v.keys()].map(String).sort();
    return `map[${keys.map((k) => `${k}:${formatValue(v.get(k))}`).join(" ")}]`;
  }
  if (typeof v === "object") return `{${Object.values(v).map(formatValue).join(" ")}}`;
  return String(v);
}

/** Go's `strconv.Quote`: double quotes, Go escapes for quotes, backslashes and control characters. */
export function goQuote(s: string): string {
  const named: Record<string, string> = { "\x07": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v", '"': '\\"', "\\": "\\\\" };
  let out = '"';
  for (const c of s) {
    const code = c.codePointAt(0) ?? 0;
    if (named[c] !== undefined) out += named[c];
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, "0")}`;
    else out += c;
  }
  return `${out}"`;
}

/** `fmt.Sprint`: operands side by side, a space between two that are both not strings. */
export function sprint(args: readonly unknown[]): string {
  let out = "";
  args.forEach((a, i) => {
    if (i > 0 && typeof a !== "string" && typeof args[i - 1] !== "string") out += " ";
    out += formatValue(a);
  });
  return out;
}

/** `fmt.Sprintln`: operands separated by spaces, then a newline. */
export function sprintln(args: readonly unknown[]): string {
  return `${args.map(formatValue).join(" ")}\n`;
}

interface Spec {
  readonly minus: boolean;
  readonly plus: boolean;
  readonly zero: boolean;
  readonly space: boolean;
  readonly width?: number;
  readonly prec?: number;
}

const runes = (s: string) => [...s].length;

function pad(s: string, spec: Spec, numeric: boolean): string {
  const fill = (spec.width ?? 0) - runes(s);
  if (fill <= 0) return s;
  if (spec.minus) return s + " ".repeat(fill);
  if (spec.zero && numeric) {
    const sign = /^[+\- ]/.test(s) ? s[0] : "";
    return sign + "0".repeat(fill) + s.slice(sign?.length ?? 0);
  }
  return " ".repeat(fill) + s;
}

const bad = (verb: string, v: unknown) => `%!${verb}(${v === null || v === undefined ? "<nil>" : `${goTypeName(v)}=${formatValue(v)}`})`;

function signed(s: string, negative: boolean, spec: Spec): string {
  if (negative) return `-${s}`;
  return spec.plus ? `+${s}` : spec.space ? ` ${s}` : s;
}

/** One verb applied to one value, before padding; undefined when the verb does not apply. */
function formatOne(verb: string, v: unknown, spec: Spec): string | undefined {
  switch (verb) {
    case "v":
      return formatValue(v);
    case "s":
      if (typeof v === "string") return spec.prec === undefined ? v : [...v].slice(0, spec.prec).join("");
      return Array.isArray(v) || v instanceof Map || (typeof v === "object" && v !== null) ? formatValue(v) : undefined;
    case "q":
      if (typeof v === "string") return goQuote(v);
      return typeof v === "number" && Number.isInteger(v) ? `'${String.fromCodePoint(v)}'` : undefined;
    case "d":
      return typeof v === "number" && Number.isInteger(v) ? signed(String(Math.abs(v)), v < 0, spec) : undefined;
    case "x":
    case "X": {
      let hex: string | undefined;
      if (typeof v === "number" && Number.isInteger(v)) hex = signed(Math.abs(v).toString(16), v < 0, spec);
      else if (typeof v === "string") hex = Buffer.from(v, "utf8").toString("hex");
      return verb === "X" ? hex?.toUpperCase() : hex;
    }
    case "f":
      return typeof v === "number" ? signed(formatFixed(Math.abs(v), spec.prec ?? 6), v < 0, spec) : undefined;
    case "g":
      return typeof v === "number" ? signed(spec.prec === undefined ? goFloat(Math.abs(v)) : formatG(Math.abs(v), spec.prec), v < 0, spec) : undefined;
    case "t":
      return typeof v === "boolean" ? String(v) : undefined;
    case "c":
      return typeof v === "number" && Number.isInteger(v) ? String.fromCodePoint(v) : undefined;
    default:
      return undefined;
  }
}

/**
 * `fmt.Sprintf` for the verbs `%v %s %d %q %x %X %f %g %t %c %%`, with the flags `-`, `+`, `0`
 * and space, a width and a precision (`%-10s`, `%5d`, `%.2f`). As in Go, a missing operand shows
 * as `%!d(MISSING)`, a mismatched one as `%!d(string=x)`, and extra ones are listed at the end.
 */
export function sprintf(format: string, args: readonly unknown[]): string {
  let next = 0;
  const out = format.replace(/%([-+0 #]*)(\d+)?(?:\.(\d*))?(.|$)/gsu, (_all, flags: string, width?: string, prec?: string, verb = "") => {
    if (verb === "%") return "%";
    if (verb === "") return "%!(NOVERB)";
    const spec: Spec = {
      minus: flags.includes("-"),
      plus: flags.includes("+"),
      zero: flags.includes("0") && !flags.includes("-"),
      space: flags.includes(" "),
      ...(width !== undefined ? { width: Number(width) } : {}),
      ...(prec !== undefined ? { prec: Number(prec || "0") } : {}),
    };
    if (next >= args.length) return `%!${verb}(MISSING)`;
    const v = args[next++];
    const text = formatOne(verb, v, spec);
    return text === undefined ? bad(verb, v) : pad(text, spec, /[dxXfg]/.test(verb));
  });
  if (next >= args.length) return out;
  return `${out}%!(EXTRA ${args
    .slice(next)
    .map((a) => `${goTypeName(a)}=${formatValue(a)}`)
    .join(", ")})`;
}
