import { lexTemplate, TemplateSyntaxError, type LexOptions, type Token, type TokenKind } from "./go-template-lex.js";

/** An operand of a command: a function name, a field chain, a variable, a literal or a parenthesized pipeline. */
export type Operand =
  | { readonly type: "ident"; readonly name: string; readonly pos: number; readonly text: string }
  | { readonly type: "field"; readonly fields: readonly string[]; readonly pos: number; readonly text: string }
  | { readonly type: "variable"; readonly name: string; readonly fields: readonly string[]; readonly pos: number; readonly text: string }
  | { readonly type: "chain"; readonly node: Operand; readonly fields: readonly string[]; readonly pos: number; readonly text: string }
  | { readonly type: "dot"; readonly pos: number; readonly text: string }
  | { readonly type: "pipe"; readonly pipe: Pipeline; readonly pos: number; readonly text: string }
  | { readonly type: "literal"; readonly value: string | number | boolean | null; readonly pos: number; readonly text: string };

/** One stage of a pipeline: its operands, the first being what is called or evaluated. */
export interface CommandNode {
  readonly args: readonly Operand[];
  readonly pos: number;
  readonly text: string;
}

/** `$x := cmd | cmd`: the variables it declares (or assigns, with `=`) and its commands. */
export interface Pipeline {
  readonly decl: readonly string[];
  readonly assign: boolean;
  readonly cmds: readonly CommandNode[];
  readonly pos: number;
}

type Control = "if" | "with" | "range";

/** `{{if}}`, `{{with}}` or `{{range}}`: its pipeline, its body and its else branch. */
export interface ControlNode {
  readonly type: Control;
  readonly pipe: Pipeline;
  readonly list: readonly TemplateNode[];
  readonly elseList?: readonly TemplateNode[];
}

/** A node of the template's tree. */
export type TemplateNode =
  | { readonly type: "text"; readonly text: string }
  | { readonly type: "action"; readonly pipe: Pipeline }
  | ControlNode
  | { readonly type: "break" | "continue"; readonly pos: number };

/** Parses tokens into a tree; function names and variables are checked here, as Go's parser does. */
class Parser {
  private i = 0;
  private vars: string[] = ["$"];
  private rangeDepth = 0;

  constructor(
    private readonly src: string,
    private readonly tokens: readonly Token[],
    private readonly hasFunction: (name: string) => boolean,
  ) {}

  private peek(): Token {
    return this.tokens[this.i] ?? { kind: "eof", value: "", pos: this.src.length, end: this.src.length };
  }

  private next(): Token {
    const t = this.peek();
    this.i++;
    return t;
  }

  private peekNonSpace(): Token {
    while (this.peek().kind === "space") this.i++;
    return this.peek();
  }

  private nextNonSpace(): Token {
    this.peekNonSpace();
    return this.next();
  }

  private fail(message: string, pos: number): never {
    throw new TemplateSyntaxError(message, pos);
  }

  private describe(t: Token): string {
    if (t.kind === "eof") return "EOF";
    if (t.kind === "right") return "}}";
    return this.src.slice(t.pos, t.end);
  }

  private expect(kind: TokenKind, context: string): Token {
    const t = this.nextNonSpace();
    if (t.kind !== kind) this.fail(`unexpected "${this.describe(t)}" in ${context}`, t.pos);
    return t;
  }

  /** The whole template. */
  parse(): TemplateNode[] {
    const { list, stop } = this.list();
    if (stop) this.fail(`unexpected {{${stop.value}}}`, stop.pos);
    return list;
  }

  /** Nodes up to `{{end}}`, `{{else}}` or the end; returns the keyword that stopped it (after its `{{`). */
  private list(): { list: TemplateNode[]; stop?: Token } {
    const list: TemplateNode[] = [];
    for (;;) {
      const t = this.next();
      if (t.kind === "eof") return { list };
      if (t.kind === "text") {
        list.push({ type: "text", text: t.value });
        continue;
      }
      const k = this.peekNonSpace();
      if (k.kind === "keyword" && (k.value === "end" || k.value === "else")) {
        this.next();
        return { list, stop: k };
      }
      list.push(this.action());
    }
  }

  /** Whatever follows a `{{`. */
  private action(): TemplateNode {
    const k = this.peekNonSpace();
    if (k.kind === "keyword") {
      this.next();
      if (k.value === "if" || k.value === "with" || k.value === "range") return this.control(k.value);
      if ((k.value === "break" || k.value === "continue") && this.rangeDepth > 0) {
        this.expect("right", k.value);
        return { type: k.value, pos: k.pos };
      }
      this.fail(`{{${k.value}}} outside {{range}}`, k.pos);
    }
    const pipe = this.pipeline("command", "right");
    return { type: "action", pipe };
  }

  /** `if`/`with`/`range` after its keyword, up to and including its `{{end}}`. */
  private control(type: Control): TemplateNode {
    const mark = this.vars.length;
    const pipe = this.pipeline(type, "right");
    if (type === "range") this.rangeDepth++;
    const body = this.list();
    if (type === "range") this.rangeDepth--;
    let elseList: TemplateNode[] | undefined;
    let stop = body.stop;
    let chained = false;
    if (stop?.value === "else") {
      const k = this.peekNonSpace();
      if (type !== "range" && k.kind === "keyword" && k.value === type) {
        // `{{else if …}}` is an `if` inside the else branch that shares the outer `{{end}}`.
        this.next();
        elseList = [this.control(type)];
        chained = true;
        stop = undefined;
      } else {
        this.expect("right", "else");
        const rest = this.list();
        elseList = rest.list;
        stop = rest.stop;
        if (stop?.value === "else") this.fail("expected end; found {{else}}", stop.pos);
      }
    }
    if (stop !== undefined) this.expect("right", "end");
    else if (!chained) this.fail("unexpected EOF", this.src.length);
    this.vars.length = mark;
    return elseList ? { type, pipe, list: body.list, elseList } : { type, pipe, list: body.list };
  }

  /** A pipeline up to `end` (`}}` or `)`), with its optional declaration. */
  private pipeline(context: string, end: "right" | "rparen"): Pipeline {
    const pos = this.peekNonSpace().pos;
    const { decl, assign } = this.declarations(context);
    const cmds: CommandNode[] = [];
    for (;;) {
      const t = this.peekNonSpace();
      if (t.kind === end) {
        this.next();
        break;
      }
      if (t.kind === "eof" || t.kind === "right" || t.kind === "rparen") this.fail(`unexpected "${this.describe(t)}" in ${context}`, t.pos);
      cmds.push(this.command());
    }
    if (cmds.length === 0) this.fail(`missing value for ${context}`, pos);
    cmds.forEach((c, n) => {
      const first = c.args[0];
      if (n > 0 && first && (first.type === "literal" || first.type === "dot")) this.fail(`non executable command in pipeline stage ${n + 1}`, first.pos);
    });
    this.vars.push(...decl);
    return { decl, assign, cmds, pos };
  }

  private declarations(context: string): { decl: string[]; assign: boolean } {
    const start = this.i;
    const v = this.peekNonSpace();
    if (v.kind !== "variable") return { decl: [], assign: false };
    this.next();
    const after = this.peekNonSpace();
    if (after.kind === "declare" || after.kind === "assign") {
      this.next();
      if (after.kind === "assign" && !this.vars.includes(v.value)) this.fail(`undefined variable "${v.value}"`, v.pos);
      return { decl: [v.value], assign: after.kind === "assign" };
    }
    if (after.kind === "comma" && context === "range") {
      this.next();
      const second = this.expect("variable", "range");
      const op = this.nextNonSpace();
      if (op.kind !== "declare" && op.kind !== "assign") this.fail(`unexpected "${this.describe(op)}" in range`, op.pos);
      return { decl: [v.value, second.value], assign: op.kind === "assign" };
    }
    if (after.kind === "comma") this.fail(`too many declarations in ${context}`, after.pos);
    this.i = start;
    return { decl: [], assign: false };
  }

  private command(): CommandNode {
    const args: Operand[] = [];
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (operand) args.push(operand);
      const t = this.next();
      if (t.kind === "space") continue;
      if (t.kind === "right" || t.kind === "rparen") this.i--;
      else if (t.kind !== "pipe") this.fail(`unexpected "${this.describe(t)}" in operand`, t.pos);
      break;
    }
    const first = args[0];
    const last = args[args.length - 1];
    if (!first || !last) return this.fail("missing value for command", this.peek().pos);
    return { args, pos: first.pos, text: this.src.slice(first.pos, last.pos + last.text.length) };
  }

  private operand(): Operand | undefined {
    const term = this.term();
    if (!term || this.peek().kind !== "field") return term;
    const fields: string[] = [];
    let end = term.pos + term.text.length;
    while (this.peek().kind === "field") {
      const f = this.next();
      fields.push(f.value);
      end = f.end;
    }
    const text = this.src.slice(term.pos, end);
    if (term.type === "field") return { ...term, fields: [...term.fields, ...fields], text };
    if (term.type === "variable") return { ...term, fields: [...term.fields, ...fields], text };
    if (term.type === "literal" || term.type === "dot") this.fail(`unexpected . after term "${term.text}"`, term.pos);
    return { type: "chain", node: term, fields, pos: term.pos, text };
  }

  private term(): Operand | undefined {
    const t = this.nextNonSpace();
    const text = this.src.slice(t.pos, t.end);
    switch (t.kind) {
      case "ident":
        if (!this.hasFunction(t.value)) this.fail(`function "${t.value}" not defined`, t.pos);
        return { type: "ident", name: t.value, pos: t.pos, text };
      case "dot":
        return { type: "dot", pos: t.pos, text };
      case "nil":
        return { type: "literal", value: null, pos: t.pos, text };
      case "bool":
        return { type: "literal", value: t.value === "true", pos: t.pos, text };
      case "number":
        return { type: "literal", value: Number(t.value), pos: t.pos, text };
      case "string":
        return { type: "literal", value: t.value, pos: t.pos, text };
      case "field":
        return { type: "field", fields: [t.value], pos: t.pos, text };
      case "variable":
        if (!this.vars.includes(t.value)) this.fail(`undefined variable "${t.value}"`, t.pos);
        return { type: "variable", name: t.value, fields: [], pos: t.pos, text };
      case "lparen": {
        const pipe = this.pipeline("parenthesized pipeline", "rparen");
        return { type: "pipe", pipe, pos: t.pos, text: this.src.slice(t.pos, this.tokens[this.i - 1]?.end ?? t.end) };
      }
      default:
        this.i--;
        return undefined;
    }
  }
}

/** Parses a template into its tree; throws a `TemplateSyntaxError` (with the offset) on bad syntax or an unknown function. */
export function parseTree(src: string, hasFunction: (name: string) => boolean, options: LexOptions = {}): TemplateNode[] {
  return new Parser(src, lexTemplate(src, options), hasFunction).parse();
}
