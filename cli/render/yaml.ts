import { isPrintable, scalarStyle } from "./yaml-style.js";

/**
 * A small YAML emitter for JSON-like values (what `config` prints), byte for byte like
 * gopkg.in/yaml.v3 with a two-space indent, as `docker compose config` uses it: block style,
 * `- ` items under their key, strings plain when yaml.v3 would print them plain, else single-quoted,
 * else double-quoted, multi-line strings as literal blocks. Keys keep the order they come in.
 * Invariant: parsing the output with a YAML 1.2 core-schema parser gives back the input.
 */
export function toYaml(value: unknown, order?: KeyOrdering): string {
  const out: string[] = [];
  const emit = new Emitter(out, order);
  if (isMap(value) && !isEmptyMap(value)) emit.map(value, 0, "");
  else if (Array.isArray(value) && value.length > 0) emit.list(value, 0, "");
  else return `${scalar(value, 0)}\n`;
  return out.join("\n") + "\n";
}

/**
 * Orders the keys of one mapping for `toYaml` (instead of keeping their order); `topLevel` is true
 * for the outermost mapping, `path` holds the keys leading to it (a sequence item adds `*`). May
 * sort `keys` in place.
 */
export type KeyOrdering = (keys: string[], topLevel: boolean, path: readonly string[]) => readonly string[];

type Map = Record<string, unknown>;

function isMap(v: unknown): v is Map {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function isEmptyMap(m: Map): boolean {
  for (const _ in m) return false;
  return true;
}

const PADS: string[] = [];

function padding(n: number): string {
  return (PADS[n] ??= " ".repeat(n));
}

// The emitter appends lines to one shared array. `lead` replaces the indentation of the first line
// written: under a sequence item it is the item's `- ` (so `- key: value` and `- - x` share a line).
class Emitter {
  // Keys repeat across services (`image`, `command`...): each is styled once per document.
  private readonly keyText = new Map<string, string>();
  private readonly path: string[] = [];

  constructor(
    private readonly out: string[],
    private readonly order: KeyOrdering | undefined,
  ) {}

  map(m: Map, indent: number, lead: string): void {
    const out = this.out;
    const pad = padding(indent);
    const keys = Object.keys(m);
    let first = true;
    for (const k of this.order ? this.order(keys, indent === 0 && lead === "", this.path) : keys) {
      const v = m[k];
      if (v === undefined) continue;
      let text = this.keyText.get(k);
      if (text === undefined) this.keyText.set(k, (text = stringScalar(k, indent, true)));
      const key = `${first ? lead || pad : pad}${text}:`;
      first = false;
      if (isMap(v) && !isEmptyMap(v)) {
        out.push(key);
        this.path.push(k);
        this.map(v, indent + 2, "");
        this.path.pop();
      } else if (Array.isArray(v) && v.length > 0) {
        out.push(key);
        this.path.push(k);
        this.list(v, indent + 2, "");
        this.path.pop();
      } else out.push(`${key} ${scalar(v, indent + 2)}`);
    }
    // A sequence item whose keys are all undefined still takes its line.
    if (first && lead) out.push(lead);
  }

  list(list: readonly unknown[], indent: number, lead: string): void {
    const pad = padding(indent);
    let first = true;
    this.path.push("*");
    for (const item of list) {
      const dash = `${first ? lead || pad : pad}- `;
      first = false;
      if (isMap(item) && !isEmptyMap(item)) this.map(item, indent + 2, dash);
      else if (Array.isArray(item) && item.length > 0) this.list(item, indent + 2, dash);
      else this.out.push(`${dash}${scalar(item, indent + 2)}`);
    }
    this.path.pop();
  }
}

function scalar(v: unknown, indent: number): string {
  if (v === null || v === undefined) return "null";
  if (Array.isArray(v)) return "[]";
  if (isMap(v)) return "{}";
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : v > 0 ? ".inf" : v < 0 ? "-.inf" : ".nan";
  if (typeof v === "boolean") return String(v);
  return stringScalar(String(v), indent, false);
}

/** A string in the style yaml.v3 picks; `indent` is where a literal block's lines go. */
function stringScalar(s: string, indent: number, key: boolean): string {
  switch (scalarStyle(s, key)) {
    case "plain":
      return s;
    case "single":
      return `'${s.replaceAll("'", "''")}'`;
    case "literal":
      return blockLiteral(s, indent);
    case "double":
      return doubleQuoted(s);
  }
}

function blockLiteral(s: string, indent: number): string {
  const trailing = /\n*$/.exec(s)?.[0].length ?? 0;
  const chomp = trailing === 0 ? "-" : trailing === 1 && s.length > 1 ? "" : "+";
  // A leading space or line break needs an explicit indentation indicator.
  const hint = /^[ \n\u0085\u2028\u2029]/.test(s) ? "2" : "";
  // The line break that ends the scalar comes from the line that follows it.
  const body = trailing === 0 ? s : s.slice(0, -1);
  const pad = " ".repeat(indent);
  return `|${hint}${chomp}\n${body.split("\n").map((l) => (l === "" ? "" : pad + l)).join("\n")}`;
}

const ESCAPES: Readonly<Record<number, string>> = {
  0x00: "\\0",
  0x07: "\\a",
  0x08: "\\b",
  0x09: "\\t",
  0x0a: "\\n",
  0x0b: "\\v",
  0x0c: "\\f",
  0x0d: "\\r",
  0x1b: "\\e",
  0x22: '\\"',
  0x5c: "\\\\",
  0x85: "\\N",
  0xa0: "\\_",
  0x2028: "\\L",
  0x2029: "\\P",
};

/** A double-quoted scalar with yaml.v3's escapes (printable non-ASCII characters stay as they are). */
function doubleQuoted(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (isPrintable(cp) && cp !== 0x22 && cp !== 0x5c && cp !== 0x0a && cp !== 0x2028 && cp !== 0x2029) {
      out += ch;
      continue;
    }
    const named = ESCAPES[cp];
    if (named !== undefined) out += named;
    else if (cp <= 0xff) out += `\\x${hex(cp, 2)}`;
    else if (cp <= 0xffff) out += `\\u${hex(cp, 4)}`;
    else out += `\\U${hex(cp, 8)}`;
  }
  return `${out}"`;
}

function hex(n: number, width: number): string {
  return n.toString(16).toUpperCase().padStart(width, "0");
}
