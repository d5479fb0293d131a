/**
 * The lexer of the Go `text/template` subset tscompose's `--format` understands: text between
 * actions, and inside `{{ … }}` the tokens of Go's template language. Comments are dropped here,
 * and the trim markers (`{{- ` and ` -}}`) are applied to the neighbouring text.
 */

/** The kinds of token the parser sees. */
export type TokenKind =
  | "text"
  | "left"
  | "right"
  | "space"
  | "ident"
  | "field"
  | "variable"
  | "dot"
  | "string"
  | "number"
  | "bool"
  | "nil"
  | "pipe"
  | "lparen"
  | "rparen"
  | "declare"
  | "assign"
  | "comma"
  | "keyword"
  | "eof";

/** One token: its kind, its value (a field or variable name, the decoded string, …), where it starts and ends in the source. */
export interface Token {
  readonly kind: TokenKind;
  readonly value: string;
  readonly pos: number;
  readonly end: number;
}

/** A lexing or parsing failure at an offset of the source. */
export class TemplateSyntaxError extends Error {
  constructor(
    message: string,
    readonly pos: number,
  ) {
    super(message);
    this.name = "TemplateSyntaxError";
  }
}

const KEYWORDS = new Set(["if", "else", "end", "range", "with", "break", "continue"]);
const isSpace = (c: string | undefined) => c === " " || c === "\t" || c === "\r" || c === "\n";
const isAlnum = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}_]/u.test(c);
const TERMINATORS = new Set([" ", "\t", "\r", "\n", ".", ",", "|", ":", ")", "(", "=", undefined]);

/** Options of `lexTemplate`. */
export interface LexOptions {
  /** In text outside actions, `\t` and `\n` typed as two characters stand for a tab and a newline (the docker CLI's rule). */
  readonly backslashEscapes?: boolean;
}

/** Decodes a Go interpreted string literal's body (between the quotes). */
export function unquoteGo(body: string, pos: number): string {
  const simple: Record<string, string> = { a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v", "\\": "\\", '"': '"', "'": "'" };
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3}|.)/gsu, (all, esc: string) => {
    const mapped = simple[esc];
    if (mapped !== undefined) return mapped;
    if (/^[0-7]{3}$/.test(esc)) return String.fromCharCode(parseInt(esc, 8));
    if (/^[xuU]/.test(esc) && esc.length > 1) return String.fromCodePoint(parseInt(esc.slice(1), 16));
    throw new TemplateSyntaxError(`invalid syntax: unknown escape sequence ${all}`, pos);
  });
}

class Lexer {
  readonly tokens: Token[] = [];
  private i = 0;
  private parens = 0;

  constructor(
    private readonly src: string,
    private readonly options: LexOptions,
  ) {}

  private emit(kind: TokenKind, value: string, pos: number, end = this.i): void {
    this.tokens.push({ kind, value, pos, end });
  }

  private fail(message: string, pos = this.i): never {
    throw new TemplateSyntaxError(message, pos);
  }

  run(): Token[] {
    let trimNext = false;
    while (this.i < this.src.length) {
      const open = this.src.indexOf("{{", this.i);
      const stop = open < 0 ? this.src.length : open;
      const trimLeft = open >= 0 && this.src[open + 2] === "-" && isSpace(this.src[open + 3]);
      let text = this.src.slice(this.i, stop);
      if (trimNext) text = text.replace(/^[ \t\r\n]+/, "");
      if (trimLeft) text = text.replace(/[ \t\r\n]+$/, "");
      if (this.options.backslashEscapes) text = text.replace(/\\t/g, "\t").replace(/\\n/g, "\n");
      if (text !== "") this.emit("text", text, this.i, stop);
      if (open < 0) break;
      this.i = open + (trimLeft ? 4 : 2);
      trimNext = this.action(open);
    }
    this.emit("eof", "", this.src.length);
    return this.tokens;
  }

  /** Lexes one action from just after `{{` (and its trim marker); returns whether it ended with ` -}}`. */
  private action(open: number): boolean {
    const comment = this.comment();
    if (comment !== undefined) return comment;
    this.emit("left", "{{", open);
    for (;;) {
      const c = this.src[this.i];
      if (c === undefined) this.fail("unclosed action", open);
      if (this.src.startsWith("}}", this.i)) return this.close(false);
      if (isSpace(c)) {
        const start = this.i;
        while (isSpace(this.src[this.i])) this.i++;
        if (this.src.startsWith("-}}", this.i)) {
          this.i++;
          return this.close(true);
        }
        this.emit("space", " ", start);
        continue;
      }
      this.token(c);
    }
  }

  private close(trim: boolean): boolean {
    if (this.parens > 0) this.fail("unclosed left paren");
    this.emit("right", "}}", this.i, this.i + 2);
    this.i += 2;
    return trim;
  }

  /** A `{{/* … *\/}}` comment, dropped; undefined when the action is not one. */
  private comment(): boolean | undefined {
    if (!this.src.startsWith("/*", this.i)) return undefined;
    const start = this.i;
    const end = this.src.indexOf("*/", this.i + 2);
    if (end < 0) this.fail("unclosed comment", start);
    this.i = end + 2;
    if (this.src.startsWith(" -}}", this.i)) {
      this.i += 4;
      return true;
    }
    if (this.src.startsWith("}}", this.i)) {
      this.i += 2;
      return false;
    }
    return this.fail("comment ends before closing delimiter", start);
  }

  private token(c: string): void {
    const start = this.i;
    const punct: Record<string, TokenKind> = { "|": "pipe", ",": "comma", "(": "lparen", ")": "rparen", "=": "assign" };
    if (this.src.startsWith(":=", start)) {
      this.i += 2;
      this.emit("declare", ":=", start);
    } else if (punct[c] !== undefined) {
      this.i++;
      if (c === "(") this.parens++;
      if (c === ")" && --this.parens < 0) this.fail("unexpected right paren", start);
      this.emit(punct[c], c, start);
    } else if (c === '"') this.quoted();
    else if (c === "`") this.raw();
    else if (c === "'") this.char();
    else if (c === "$" || c === ".") this.dotted(c);
    else if (/[0-9]/.test(c) || ((c === "-" || c === "+") && /[0-9.]/.test(this.src[start + 1] ?? ""))) this.number();
    else if (isAlnum(c)) this.word();
    else this.fail(`unexpected "${c}" in command`);
  }

  private quoted(): void {
    const start = this.i;
    let j = start + 1;
    while (this.src[j] !== '"') {
      if (this.src[j] === undefined || this.src[j] === "\n") this.fail("unterminated quoted string", start);
      j += this.src[j] === "\\" ? 2 : 1;
    }
    this.i = j + 1;
    this.emit("string", unquoteGo(this.src.slice(start + 1, j), start), start);
  }

  private raw(): void {
    const start = this.i;
    const end = this.src.indexOf("`", start + 1);
    if (end < 0) this.fail("unterminated raw quoted string", start);
    this.i = end + 1;
    this.emit("string", this.src.slice(start + 1, end), start);
  }

  private char(): void {
    const start = this.i;
    const m = /^'(\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3}|.)|[^\\'\n])'/su.exec(this.src.slice(start));
    if (!m?.[1]) this.fail("unterminated character constant", start);
    this.i += m[0].length;
    this.emit("number", String(unquoteGo(m[1], start).codePointAt(0)), start);
  }

  /** `$name`, `$`, `.Field` or a lone `.`. */
  private dotted(c: string): void {
    const start = this.i;
    if (c === "." && /[0-9]/.test(this.src[start + 1] ?? "")) return this.number();
    this.i++;
    while (isAlnum(this.src[this.i])) this.i++;
    const name = this.src.slice(start + 1, this.i);
    if (c === "$") this.emit("variable", `$${name}`, start);
    else if (name === "") this.emit("dot", ".", start);
    else this.emit("field", name, start);
    this.terminator();
  }

  private number(): void {
    const start = this.i;
    const m = /^[+-]?(0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:[0-9][0-9_]*)?\.?[0-9_]*(?:[eE][+-]?[0-9]+)?)/.exec(this.src.slice(start));
    const text = m?.[0] ?? "";
    this.i += text.length;
    const clean = text.replace(/_/g, "");
    const value = /^[+-]?0[0-7]+$/.test(clean) ? parseInt(clean, 8) : Number(clean.replace(/^([+-]?)0[oO]/, "$10o"));
    if (text === "" || Number.isNaN(value)) this.fail(`bad number syntax: "${text || this.src[start]}"`, start);
    this.emit("number", String(value), start);
    this.terminator();
  }

  private word(): void {
    const start = this.i;
    while (isAlnum(this.src[this.i])) this.i++;
    const word = this.src.slice(start, this.i);
    if (word === "true" || word === "false") this.emit("bool", word, start);
    else if (word === "nil") this.emit("nil", word, start);
    else if (KEYWORDS.has(word)) this.emit("keyword", word, start);
    else this.emit("ident", word, start);
    this.terminator();
  }

  private terminator(): void {
    const c = this.src[this.i];
    if (!TERMINATORS.has(c) && !this.src.startsWith("}}", this.i)) this.fail(`bad character ${JSON.stringify(c)}`);
  }
}

/** Splits a template into tokens, or throws a `TemplateSyntaxError` at the offending offset. */
export function lexTemplate(src: string, options: LexOptions = {}): Token[] {
  return new Lexer(src, options).run();
}
