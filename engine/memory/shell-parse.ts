/**
 * A parser for the small subset of POSIX sh the memory runtime understands: simple commands with
 * quotes and `$VAR` expansion, redirections, pipes, `;` `&` `&&` `||`, `while`/`until` and `if`.
 * Enough for the scripts compose files and tests run in busybox containers; anything else is a
 * syntax error the fake reports like a shell would.
 */

/** A piece of a word; single-quoted pieces are not expanded. */
export interface WordPart {
  readonly text: string;
  readonly quote: "none" | "single" | "double";
}

/** A word before expansion. */
export type Word = readonly WordPart[];

/** A redirection of a simple command. */
export interface Redirect {
  readonly op: ">" | ">>" | "<" | "2>" | "2>>" | "2>&1" | ">&2";
  readonly target?: Word;
}

/** One syntax node. */
export type ShellNode =
  | { readonly kind: "simple"; readonly words: readonly Word[]; readonly redirects: readonly Redirect[] }
  | { readonly kind: "pipeline"; readonly stages: readonly ShellNode[] }
  | { readonly kind: "loop"; readonly until: boolean; readonly cond: Script; readonly body: Script }
  | { readonly kind: "if"; readonly cond: Script; readonly then: Script; readonly otherwise?: Script };

/** A list of nodes joined by `;`/`&`/newline (`seq`), `&&` or `||`. */
export type Script = readonly { readonly op: "seq" | "and" | "or"; readonly node: ShellNode }[];

/** A shell syntax error. */
export class ShellSyntaxError extends Error {}

type Token = { type: "word"; word: WordPart[] } | { type: "op"; op: string };

const OPS = ["&&", "||", ">>", ">&2", ">&1", ";", "&", "|", ">", "<", "\n", "(", ")"];

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let word: WordPart[] | undefined;
  let i = 0;
  const push = (text: string, quote: WordPart["quote"]) => {
    word ??= [];
    const last = word[word.length - 1];
    if (last && last.quote === quote) word[word.length - 1] = { text: last.text + text, quote };
    else word.push({ text, quote });
  };
  const endWord = () => {
    if (word) tokens.push({ type: "word", word });
    word = undefined;
  };
  while (i < src.length) {
    const ch = src[i] as string;
    if (ch === "'") {
      const end = src.indexOf("'", i + 1);
      if (end < 0) throw new ShellSyntaxError("unterminated quoted string");
      push(src.slice(i + 1, end), "single");
      i = end + 1;
    } else if (ch === '"') {
      let j = i + 1;
      let text = "";
      while (j < src.length && src[j] !== '"') {
        if (src[j] === "\\" && j + 1 < src.length && '"\\$`'.includes(src[j + 1] as string)) j++;
        text += src[j];
        j++;
      }
      if (j >= src.length) throw new ShellSyntaxError("unterminated quoted string");
      push(text, "double");
      i = j + 1;
    } else if (ch === "\\" && i + 1 < src.length) {
      if (src[i + 1] !== "\n") push(src[i + 1] as string, "single");
      i += 2;
    } else if (ch === "#" && !word) {
      while (i < src.length && src[i] !== "\n") i++;
    } else if (ch === " " || ch === "\t") {
      endWord();
      i++;
    } else {
      const only = word?.length === 1 && word[0]?.quote === "none" ? word[0].text : undefined;
      if ((only === "1" || only === "2") && ch === ">") {
        // `2>&1`, `2>file`, `1>&2`: a lone digit right before `>` names the file descriptor.
        const rest = [">&1", ">&2", ">>", ">"].find((o) => src.startsWith(o, i)) as string;
        word = undefined;
        tokens.push({ type: "op", op: only === "2" ? (rest === ">&1" ? "2>&1" : rest === ">&2" ? ">&2" : `2${rest}`) : rest === ">&1" ? ">&1" : rest });
        i += rest.length;
      } else {
        const op = OPS.find((o) => src.startsWith(o, i));
        if (op) {
          endWord();
          tokens.push({ type: "op", op });
          i += op.length;
        } else {
          push(ch, "none");
          i++;
        }
      }
    }
  }
  endWord();
  return tokens;
}

const REDIRECTS = new Set([">", ">>", "<", "2>", "2>>", "2>&1", ">&2", ">&1"]);

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  private peekWord(): string | undefined {
    const t = this.tokens[this.i];
    return t?.type === "word" && t.word.length === 1 && t.word[0]?.quote === "none" ? t.word[0].text : undefined;
  }

  private skipSeparators(): void {
    while (this.tokens[this.i]?.type === "op" && [";", "\n", "&"].includes((this.tokens[this.i] as { op: string }).op)) this.i++;
  }

  private expectWord(keyword: string): void {
    this.skipSeparators();
    if (this.peekWord() !== keyword) throw new ShellSyntaxError(`syntax error: expected "${keyword}"`);
    this.i++;
  }

  list(stops: readonly string[]): Script {
    const items: { op: "seq" | "and" | "or"; node: ShellNode }[] = [];
    let op: "seq" | "and" | "or" = "seq";
    for (;;) {
      if (op === "seq") this.skipSeparators();
      const t = this.tokens[this.i];
      if (!t || (t.type === "op" && t.op === ")")) break;
      const kw = this.peekWord();
      if (kw !== undefined && stops.includes(kw)) break;
      items.push({ op, node: this.pipeline() });
      const next = this.tokens[this.i];
      if (next?.type === "op" && (next.op === "&&" || next.op === "||")) {
        op = next.op === "&&" ? "and" : "or";
        this.i++;
      } else {
        op = "seq";
      }
    }
    return items;
  }

  private pipeline(): ShellNode {
    const stages = [this.command()];
    while (this.tokens[this.i]?.type === "op" && (this.tokens[this.i] as { op: string }).op === "|") {
      this.i++;
      stages.push(this.command());
    }
    return stages.length === 1 ? (stages[0] as ShellNode) : { kind: "pipeline", stages };
  }

  private command(): ShellNode {
    const kw = this.peekWord();
    if (kw === "while" || kw === "until") {
      this.i++;
      const cond = this.list(["do"]);
      this.expectWord("do");
      const body = this.list(["done"]);
      this.expectWord("done");
      return { kind: "loop", until: kw === "until", cond, body };
    }
    if (kw === "if") {
      this.i++;
      const cond = this.list(["then"]);
      this.expectWord("then");
      const then = this.list(["else", "fi"]);
      let otherwise: Script | undefined;
      if (this.peekWord() === "else") {
        this.i++;
        otherwise = this.list(["fi"]);
      }
      this.expectWord("fi");
      return otherwise ? { kind: "if", cond, then, otherwise } : { kind: "if", cond, then };
    }
    const words: Word[] = [];
    const redirects: Redirect[] = [];
    for (let t = this.tokens[this.i]; t; t = this.tokens[this.i]) {
      if (t.type === "word") {
        words.push(t.word);
        this.i++;
      } else if (REDIRECTS.has(t.op)) {
        this.i++;
        if (t.op === ">&1") continue;
        if (t.op === "2>&1" || t.op === ">&2") {
          redirects.push({ op: t.op });
          continue;
        }
        const target = this.tokens[this.i];
        if (target?.type !== "word") throw new ShellSyntaxError(`syntax error: missing target after ${t.op}`);
        this.i++;
        redirects.push({ op: t.op as Redirect["op"], target: target.word });
      } else break;
    }
    if (words.length === 0 && redirects.length === 0) {
      const t = this.tokens[this.i];
      throw new ShellSyntaxError(`syntax error: unexpected "${t?.type === "op" ? t.op.replace("\n", "newline") : "end of file"}"`);
    }
    return { kind: "simple", words, redirects };
  }

  done(): boolean {
    return this.i >= this.tokens.length;
  }
}

/** Parses a script; throws ShellSyntaxError for what the subset does not cover. */
export function parseShell(src: string): Script {
  const parser = new Parser(tokenize(src));
  const script = parser.list([]);
  if (!parser.done()) throw new ShellSyntaxError("syntax error: unexpected token");
  return script;
}
