/**
 * A small YAML emitter for JSON-like values (what `config` prints). Block style, two-space
 * indents, `- ` items under their key like docker compose config, strings quoted only when a
 * plain scalar would read back as something else. Invariant: parsing the output with a YAML 1.2
 * core-schema parser gives back the input.
 */
export function toYaml(value: unknown): string {
  if (isMap(value) && Object.keys(value).length > 0) return mapLines(value, 0).join("\n") + "\n";
  if (Array.isArray(value) && value.length > 0) return listLines(value, 0).join("\n") + "\n";
  return `${scalar(value, 0)}\n`;
}

type Map = Record<string, unknown>;

function isMap(v: unknown): v is Map {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function isEmptyCollection(v: unknown): boolean {
  return (Array.isArray(v) && v.length === 0) || (isMap(v) && Object.keys(v).length === 0);
}

function mapLines(m: Map, indent: number): string[] {
  const pad = " ".repeat(indent);
  const out: string[] = [];
  for (const [k, v] of Object.entries(m)) {
    if (v === undefined) continue;
    const key = `${pad}${quoteIfNeeded(k)}:`;
    if (isMap(v) && !isEmptyCollection(v)) out.push(key, ...mapLines(v, indent + 2));
    else if (Array.isArray(v) && v.length > 0) out.push(key, ...listLines(v, indent + 2));
    else out.push(`${key} ${scalar(v, indent + 2)}`);
  }
  return out;
}

function listLines(list: readonly unknown[], indent: number): string[] {
  const pad = " ".repeat(indent);
  const out: string[] = [];
  for (const item of list) {
    if (isMap(item) && !isEmptyCollection(item)) {
      const [first, ...rest] = mapLines(item, indent + 2);
      out.push(`${pad}- ${(first ?? "").slice(indent + 2)}`, ...rest);
    } else if (Array.isArray(item) && item.length > 0) {
      const [first, ...rest] = listLines(item, indent + 2);
      out.push(`${pad}- ${(first ?? "").slice(indent + 2)}`, ...rest);
    } else out.push(`${pad}- ${scalar(item, indent + 2)}`);
  }
  return out;
}

function scalar(v: unknown, indent: number): string {
  if (v === null || v === undefined) return "null";
  if (Array.isArray(v)) return "[]";
  if (isMap(v)) return "{}";
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : v > 0 ? ".inf" : v < 0 ? "-.inf" : ".nan";
  if (typeof v === "boolean") return String(v);
  const s = String(v);
  if (s.includes("\n") && !/[\r\t]|[^\S\n]\n|^\s/.test(s)) return blockLiteral(s, indent);
  return quoteIfNeeded(s);
}

function blockLiteral(s: string, indent: number): string {
  const trailing = /\n*$/.exec(s)?.[0].length ?? 0;
  const chomp = trailing === 0 ? "-" : trailing === 1 ? "" : "+";
  // The line break that ends the scalar comes from the line that follows it.
  const body = trailing === 0 ? s : s.slice(0, -1);
  const pad = " ".repeat(indent);
  return `|${chomp}\n${body.split("\n").map((l) => (l === "" ? "" : pad + l)).join("\n")}`;
}

const SPECIAL_WORDS = /^(?:~|null|true|false|yes|no|on|off|y|n|\.nan|[-+]?\.inf)$/i;
const NUMBER_LIKE = /^[-+]?(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?$|^0x[\da-f_]+$|^0o[0-7_]+$|^0b[01_]+$|^[-+]?\d+(?::\d+)+$/i;

/** Returns `s` as a plain scalar when that reads back as the same string, else double-quoted. */
function quoteIfNeeded(s: string): string {
  const plain =
    s !== "" &&
    !SPECIAL_WORDS.test(s) &&
    !NUMBER_LIKE.test(s) &&
    !/^[\s?:,[\]{}#&*!|>'"%@`]|^-(?:\s|$)|^---/.test(s) &&
    !/\s$/.test(s) &&
    !/: |:$| #/.test(s) &&
    !hasControlCharacter(s) &&
    !/^\d{4}-\d\d?-\d\d?/.test(s);
  return plain ? s : JSON.stringify(s);
}

function hasControlCharacter(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}
