import { ProjectError } from "../errors.js";

/** The words of a command string, and what was left off at an unquoted shell operator. */
export interface ShellSplit {
  readonly words: readonly string[];
  /** The text from the first unquoted `;`, `&`, `|`, `<` or `>` on, which is not part of the command. */
  readonly dropped?: string;
}

const OPERATORS = new Set([";", "&", "|", "<", ">"]);
const HINT = 'Close every quote, or write the command as a list, e.g. ["sh", "-c", "echo hello"].';

interface State {
  buf: string;
  /** Whether `buf` holds a word (possibly an empty quoted one). */
  got: boolean;
  escaped: boolean;
  single: boolean;
  double: boolean;
  backtick: boolean;
  dollar: boolean;
}

/**
 * Splits a `command:`/`entrypoint:` string into words the way Compose does (mattn/go-shellwords,
 * without variable or command expansion): whitespace separates words; single quotes are literal;
 * double quotes group; a backslash escapes the next character (`\n` and `\t` become newline and tab);
 * `` `…` `` and `$(…)` are kept as text. Like Compose, parsing stops at the first unquoted shell
 * operator, and a redirection's file-descriptor digits (`2>`) are dropped with it.
 * Throws a ProjectError (`E_COMMAND`) for an unclosed quote or a stray parenthesis.
 */
export function splitShellWords(line: string): ShellSplit {
  const fail = (why: string): never => {
    throw new ProjectError("E_COMMAND", `cannot split the command "${line}" into words: ${why}`, { hint: HINT });
  };
  const words: string[] = [];
  const s: State = { buf: "", got: false, escaped: false, single: false, double: false, backtick: false, dollar: false };
  const chars = Array.from(line);
  let offset = 0;
  for (const r of chars) {
    if (!s.escaped && !inQuote(s) && OPERATORS.has(r)) {
      const fd = r === ">" && /^\d+$/.test(s.buf);
      if (s.got && !fd) words.push(s.buf);
      const start = fd ? offset - s.buf.length : offset;
      return { words, dropped: line.slice(start) };
    }
    step(s, r, words, fail);
    offset += r.length;
  }
  if (s.got) words.push(s.buf);
  if (s.escaped) fail("it ends with a backslash");
  if (inQuote(s)) fail("a quote or `$(` is not closed");
  return { words };
}

function inQuote(s: State): boolean {
  return s.single || s.double || s.backtick || s.dollar;
}

function step(s: State, r: string, words: string[], fail: (why: string) => never): void {
  if (s.escaped) {
    s.escaped = false;
    s.got = true;
    if (s.backtick || s.dollar) s.buf += `\\${r}`;
    else s.buf += r === "t" ? "\t" : r === "n" ? "\n" : r;
    return;
  }
  if (r === "\\") {
    if (s.single) s.buf += r;
    else s.escaped = true;
    return;
  }
  if (r === " " || r === "\t" || r === "\r" || r === "\n") {
    if (inQuote(s)) s.buf += r;
    else if (s.got) {
      words.push(s.buf);
      s.buf = "";
      s.got = false;
    }
    return;
  }
  if (quoteChar(s, r, fail)) return;
  s.got = true;
  s.buf += r;
}

/** Handles quote and parenthesis characters; true when `r` was consumed. */
function quoteChar(s: State, r: string, fail: (why: string) => never): boolean {
  const open = s.single || s.double || s.backtick;
  if (r === "'" && !s.double && !s.dollar && !s.backtick) {
    if (s.single) s.got = true;
    s.single = !s.single;
    return true;
  }
  if (r === '"' && !s.single && !s.dollar && !s.backtick) {
    if (s.double) s.got = true;
    s.double = !s.double;
    return true;
  }
  if (r === "`" && !s.single && !s.double && !s.dollar) s.backtick = !s.backtick;
  if (r === "(" && !open) {
    if (s.dollar || !s.buf.endsWith("$") || s.buf.endsWith("\\$")) fail('a "(" is not part of "$("');
    s.dollar = true;
    s.buf += r;
    return true;
  }
  if (r === ")" && !open) {
    if (!s.dollar) fail('a ")" has no matching "$("');
    s.dollar = false;
    s.got = true;
    s.buf += r;
    return true;
  }
  return false;
}
