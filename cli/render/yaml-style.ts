/** How a string scalar is written. */
export type ScalarStyle = "plain" | "single" | "double" | "literal";

/**
 * The style gopkg.in/yaml.v3 gives a string (`encoder.stringv` then the emitter's
 * `select_scalar_style`): double quotes when the plain form would read back as another type (YAML
 * 1.1 booleans such as `yes`, numbers, base-60 floats like `1:30`, timestamps, null), a literal
 * block for multi-line values, else plain when the text allows it, else single quotes, else double
 * quotes. `key` is for mapping keys, which are never blocks.
 */
export function scalarStyle(s: string, key: boolean): ScalarStyle {
  // Most values are identifiers, names and paths: plain, unless they spell null, a bool or a YAML 1.1 bool.
  if (SIMPLE.test(s) && !NON_STRINGS.has(s) && !OLD_BOOLS.has(s)) return "plain";
  const a = analyze(s);
  if (s.includes("\n")) return !key && a.blockAllowed ? "literal" : "double";
  if (!readsAsString(s) || isBase60Float(s) || OLD_BOOLS.has(s)) return "double";
  if (a.plainAllowed) return "plain";
  return a.singleAllowed ? "single" : "double";
}

/** Starts with a letter, `_` or `/`, and has no indicator, space or quote anywhere. */
const SIMPLE = /^[A-Za-z_/][A-Za-z0-9_./-]*$/;

const OLD_BOOLS = new Set(["y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "n", "N", "no", "No", "NO", "off", "Off", "OFF"]);

/** yaml.v3's `isBase60Float`: YAML 1.1 sexagesimal numbers (`1:30`, `-12:30:00.5`). */
function isBase60Float(s: string): boolean {
  return /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/.test(s);
}

const NON_STRINGS = new Set(
  ["", "~", "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE"]
    .concat([".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF"]),
);
const YAML_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

/** Whether yaml.v3's `resolve` reads the plain scalar `s` as a string (not null, bool, number, timestamp). */
function readsAsString(s: string): boolean {
  if (NON_STRINGS.has(s)) return false;
  const first = s[0] ?? "";
  if (first === ".") return !/^\.[0-9]+(?:[eE][-+]?[0-9]+)?$/.test(s);
  if (!/[-+0-9]/.test(first)) return true;
  if (isTimestamp(s)) return false;
  const plain = s.replaceAll("_", "");
  return !isGoInteger(plain) && !YAML_FLOAT.test(plain);
}

/** Go's `strconv.ParseInt(s, 0, 64)` or `ParseUint(s, 0, 64)` succeeds. */
function isGoInteger(s: string): boolean {
  const m = /^([-+]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (!m) return false;
  const digits = m[2] ?? "0";
  const magnitude = /^0[0-7]/.test(digits) ? BigInt(`0o${digits.slice(1)}`) : BigInt(digits.toLowerCase());
  const value = m[1] === "-" ? -magnitude : magnitude;
  return value >= INT64_MIN && value <= (m[1] === "" ? UINT64_MAX : 2n ** 63n - 1n);
}

/** yaml.v3's timestamp formats: `2006-1-2`, `2006-1-2T15:4:5.999999999Z07:00` (or `t`), `2006-1-2 15:4:5.999999999`. */
function isTimestamp(s: string): boolean {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:([Tt ])(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d+)?(Z|[+-]\d{2}:\d{2})?)?$/.exec(s);
  if (!m) return false;
  const [, y, mo, d, sep, h, mi, sec, zone] = m;
  const month = Number(mo);
  const day = Number(d);
  const daysIn = new Date(Date.UTC(Number(y), month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysIn) return false;
  if (sep === undefined) return true;
  if ((sep === " ") === (zone !== undefined)) return false;
  return Number(h) < 24 && Number(mi) < 60 && Number(sec) < 60;
}

interface Analysis {
  readonly plainAllowed: boolean;
  readonly singleAllowed: boolean;
  readonly blockAllowed: boolean;
}

const BREAKS = new Set([0x0a, 0x0d, 0x85, 0x2028, 0x2029]);

/** yaml.v3's `yaml_emitter_analyze_scalar`, for block context. */
function analyze(s: string): Analysis {
  if (s === "") return { plainAllowed: true, singleAllowed: true, blockAllowed: false };
  // Code point by code point, without building arrays (this runs for most printed values).
  let indicators = s.startsWith("---") || s.startsWith("...");
  let special = false;
  let tabs = false;
  let spaceBreak = false;
  let breakSpace = false;
  let previousSpace = false;
  let previousBreak = false;
  let precededByWhitespace = true;
  let lineBreaks = false;
  const first = s.codePointAt(0) ?? 0;
  let last = first;
  for (let i = 0; i < s.length; ) {
    const c = s.codePointAt(i) ?? 0;
    const width = c > 0xffff ? 2 : 1;
    const next = i + width < s.length ? s.codePointAt(i + width) : undefined;
    const followedByWhitespace = next === undefined || next === 0x20 || next === 0x09;
    if (i === 0) {
      if (FIRST_INDICATORS.has(c)) indicators = true;
      else if ((c === 0x3f || c === 0x3a || c === 0x2d) && followedByWhitespace) indicators = true;
    } else if ((c === 0x3a && followedByWhitespace) || (c === 0x23 && precededByWhitespace)) indicators = true;
    if (c === 0x09) tabs = true;
    else if (!isPrintable(c)) special = true;
    const isBreak = BREAKS.has(c);
    if (c === 0x20) {
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak) {
      lineBreaks = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = previousBreak = false;
    }
    precededByWhitespace = c === 0x20 || c === 0x09 || isBreak || c === 0;
    last = c;
    i += width;
  }
  const edgeSpace = first === 0x20 || last === 0x20 || BREAKS.has(first) || BREAKS.has(last);
  const noQuotesOrPlain = breakSpace || spaceBreak || tabs || special;
  return {
    plainAllowed: !edgeSpace && !noQuotesOrPlain && !lineBreaks && !indicators,
    singleAllowed: !noQuotesOrPlain,
    blockAllowed: last !== 0x20 && !spaceBreak && !special,
  };
}

/** Characters that make a plain scalar impossible when they come first: `#,[]{}&*!|>'"%@` and backquote. */
const FIRST_INDICATORS = new Set([..."#,[]{}&*!|>'\"%@`"].map((ch) => ch.codePointAt(0) ?? 0));

/** yaml.v3's `is_printable` (line feed, printable ASCII, and the BMP outside C1 controls, surrogates, BOM). */
export function isPrintable(cp: number): boolean {
  return (
    cp === 0x0a ||
    (cp >= 0x20 && cp <= 0x7e) ||
    (cp >= 0xa0 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff)
  );
}
