import type { Diagnostics } from "../errors.js";
import { interpolateString, reportInterpolationIssue, type Lookup } from "../read/interpolate.js";
import type { SourceLocation } from "../location.js";

const KEY_CHAR = /[\p{L}\p{N}_.\-[\]]/u;
const EXPORT = /export[ \t]+/y;
/** Blanks that do not end a line (compose-go's isSpace). */
const INLINE_SPACE = /[ \t\r\f\v\u0085\u00a0]*/y;
const DOUBLE_QUOTE_ESCAPE = /\\(?:0([0-7]{3})|([abfnrtv"\\$]))/g;
const ESCAPES: Record<string, string> = {
  a: "\x07",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
  '"': '"',
  "\\": "\\",
  // Kept escaped for the expansion step, which turns `$$` into a literal `$`.
  $: "$$",
};

/**
 * Parses a `.env` / `env_file` text with Compose's rules (compose-go `dotenv`), in file order:
 * `KEY=VALUE` or `KEY: VALUE`, an optional `export ` prefix, blank lines and `#` comments;
 * unquoted values end at ` #` and are trimmed; single-quoted values are literal; double-quoted
 * values take `\n \t \\ \" \$ \0ooo …` escapes; quoted values may span lines; unquoted and
 * double-quoted values are interpolated, seeing earlier keys of this file first, then `lookup`.
 * A bare `KEY` takes its value from `lookup` or is skipped. Bad lines are reported to `diag` with
 * file:line:column and skipped, so every problem of the file is reported at once.
 * Invariant: the map's order is the order in which keys first appear.
 */
export function parseDotEnv(text: string, file: string, lookup: Lookup, diag: Diagnostics): Map<string, string> {
  return new DotEnvParser(stripBom(text), file, lookup, diag).parse();
}

/**
 * Parses an `env_file` with `format: raw` (the `docker run --env-file` rules): `KEY=VALUE` lines
 * taken verbatim (no quotes, no escapes, no expansion, trailing blanks kept), `#` comment lines and
 * blank lines skipped; a bare `KEY` takes its value from `lookup` when given, or is skipped.
 */
export function parseRawEnv(text: string, file: string, diag: Diagnostics, lookup?: Lookup): Map<string, string> {
  const out = new Map<string, string>();
  const lines = stripBom(text).split("\n");
  lines.forEach((raw, index) => {
    const line = raw.replace(/\r$/, "");
    const start = line.length - line.trimStart().length;
    const body = line.slice(start);
    if (body === "" || body.startsWith("#")) return;
    const eq = body.indexOf("=");
    const key = eq < 0 ? body : body.slice(0, eq);
    const location = { file, line: index + 1, column: start + 1 };
    if (key === "" || /\s/.test(key)) {
      diag.error("E_ENV_FILE_KEY", key === "" ? "the line has no variable name" : `the variable name "${key}" contains blanks`, {
        location,
        hint: "Write one KEY=VALUE per line, with no blanks in KEY.",
      });
      return;
    }
    if (eq >= 0) out.set(key, body.slice(eq + 1));
    else {
      const value = lookup?.(key);
      if (value !== undefined) out.set(key, value);
    }
  });
  return out;
}

function stripBom(text: string): string {
  return text.startsWith("\uFEFF") ? text.slice(1) : text;
}

class DotEnvParser {
  private pos = 0;
  private readonly out = new Map<string, string>();
  private readonly lineStarts: number[] = [0];

  constructor(
    private readonly text: string,
    private readonly file: string,
    private readonly lookup: Lookup,
    private readonly diag: Diagnostics,
  ) {
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) this.lineStarts.push(i + 1);
  }

  parse(): Map<string, string> {
    for (this.skipBlankAndComments(); this.pos < this.text.length; this.skipBlankAndComments()) this.statement();
    return this.out;
  }

  private skipBlankAndComments(): void {
    const { text } = this;
    while (this.pos < text.length) {
      const c = text[this.pos]!;
      if (/\s/.test(c)) this.pos++;
      else if (c === "#") this.pos = this.lineEnd(this.pos);
      else return;
    }
  }

  private statement(): void {
    const { text } = this;
    EXPORT.lastIndex = this.pos;
    if (EXPORT.test(text)) this.pos = EXPORT.lastIndex;
    const keyStart = this.pos;
    let end = keyStart;
    while (end < text.length && text[end] !== "=" && text[end] !== ":" && text[end] !== "\n") end++;
    const key = text.slice(keyStart, end).replace(/[ \t\r\f\v]+$/, "");
    if (!this.checkKey(key, keyStart)) {
      this.pos = this.lineEnd(keyStart);
      return;
    }
    if (end >= text.length || text[end] === "\n") {
      // A bare KEY inherits its value from the environment, or is left out.
      const inherited = this.lookup(key);
      if (inherited !== undefined) this.out.set(key, inherited);
      this.pos = end;
      return;
    }
    INLINE_SPACE.lastIndex = end + 1;
    INLINE_SPACE.test(text);
    this.pos = INLINE_SPACE.lastIndex;
    const value = this.value(key);
    if (value !== undefined) this.out.set(key, value);
  }

  private checkKey(key: string, at: number): boolean {
    if (key === "") {
      this.error("E_DOTENV_KEY", "the line has no variable name", at, "Write KEY=VALUE, one variable per line.");
      return false;
    }
    for (let i = 0; i < key.length; i++) {
      const c = key[i]!;
      if (KEY_CHAR.test(c)) continue;
      const message = /\s/.test(c)
        ? `the variable name ${JSON.stringify(key)} contains a blank`
        : `unexpected character ${JSON.stringify(c)} in variable name ${JSON.stringify(key)}`;
      this.error("E_DOTENV_KEY", message, at + i, "Variable names may use letters, digits and _ . - [ ]; write KEY=VALUE.");
      return false;
    }
    return true;
  }

  private value(key: string): string | undefined {
    const quote = this.text[this.pos];
    if (quote === '"' || quote === "'") return this.quoted(key, quote);
    const start = this.pos;
    const end = this.lineEnd(start);
    let raw = this.text.slice(start, end);
    const comment = raw.indexOf(" #");
    if (comment >= 0) raw = raw.slice(0, comment);
    this.pos = end;
    return this.expand(raw.trimEnd(), start);
  }

  private quoted(key: string, quote: '"' | "'"): string | undefined {
    const { text } = this;
    const open = this.pos;
    for (let i = open + 1; i < text.length; i++) {
      const c = text[i];
      // Inside double quotes a backslash escapes the next character; in single quotes
      // compose-go still refuses to end the value at a \' (the backslash is kept).
      if (c === "\\" && quote === '"') {
        i++;
        continue;
      }
      if (c !== quote || (quote === "'" && text[i - 1] === "\\")) continue;
      this.pos = i + 1;
      const inner = text.slice(open + 1, i);
      return quote === "'" ? inner : this.expand(unescapeDoubleQuoted(inner), open + 1);
    }
    this.error("E_DOTENV_QUOTE", `the quoted value of "${key}" is never closed`, open, `Close it with a matching ${quote}, or escape a ${quote} inside it with a backslash.`);
    this.pos = this.lineEnd(open);
    return undefined;
  }

  private expand(raw: string, offset: number): string {
    const location = this.at(offset);
    const lookup: Lookup = (name) => (this.out.has(name) ? this.out.get(name) : this.lookup(name));
    return interpolateString(raw, lookup, (issue) =>
      reportInterpolationIssue(this.diag, issue, { location, context: "dotenv" }),
    );
  }

  private error(code: string, message: string, offset: number, hint: string): void {
    this.diag.error(code, message, { location: this.at(offset), hint });
  }

  private lineEnd(from: number): number {
    const nl = this.text.indexOf("\n", from);
    return nl < 0 ? this.text.length : nl;
  }

  private at(offset: number): SourceLocation {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { file: this.file, line: lo + 1, column: offset - this.lineStarts[lo]! + 1 };
  }
}

function unescapeDoubleQuoted(inner: string): string {
  return inner.replace(DOUBLE_QUOTE_ESCAPE, (match, octal: string | undefined, char: string | undefined) => {
    if (octal !== undefined) return String.fromCharCode(parseInt(octal, 8));
    return (char !== undefined ? ESCAPES[char] : undefined) ?? match;
  });
}
