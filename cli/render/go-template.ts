import { Executor, TemplateExecError } from "./go-template-exec.js";
import { BUILTIN_FUNCTIONS, DOCKER_FUNCTIONS, type TemplateFunction } from "./go-template-funcs.js";
import { TemplateSyntaxError } from "./go-template-lex.js";
import { parseTree, type Operand, type Pipeline, type TemplateNode } from "./go-template-parse.js";

export type { TemplateFunction } from "./go-template-funcs.js";

/**
 * A Go `text/template` interpreter for the subset `--format` templates use: text and actions with
 * trim markers and comments; `.`, field chains, `$` and variables; pipelines; literals; `if`,
 * `range` and `with` with their `else` branches; Go's builtin functions and the docker CLI's
 * (`json`, `join`, `split`, `lower`, `upper`, `title`, `truncate`, `pad`). Pure: no I/O.
 *
 * Values: strings, numbers, booleans, `null` (nil), arrays (slices), `Map`s (maps: a missing key
 * is `<no value>`) and plain objects (structs: a missing field is an error).
 */

/** A parse or execution error, with Go's message: `template: ps:1:8: function "foo" not defined`. */
export class TemplateError extends Error {
  constructor(
    message: string,
    /** 1-based line and column of the offending node in the template. */
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
    this.name = "TemplateError";
  }
}

/** How a template is parsed. */
export interface TemplateOptions {
  /** The template's name in messages (the verb, `ps`). */
  readonly name: string;
  /** The root value's type name in messages (`can't evaluate field Nam in type container`); `interface {}` by default. */
  readonly typeName?: string;
  /** Functions besides Go's builtins and the docker CLI's. */
  readonly funcs?: ReadonlyMap<string, TemplateFunction>;
  /** Text outside actions: `\t` and `\n` typed as two characters are a tab and a newline (the docker CLI's rule). */
  readonly backslashEscapes?: boolean;
}

/** How one execution runs. */
export interface ExecuteOptions {
  /** Functions that replace the template's own for this run (the table header's). */
  readonly funcs?: ReadonlyMap<string, TemplateFunction>;
  /** On an error, return what was written before it instead of throwing (as the docker CLI draws headers). */
  readonly partial?: boolean;
}

/** A field the template reads from the root value: `.Name` where `.` is the root, or `$.Name`. */
export interface RootField {
  readonly name: string;
  readonly line: number;
  readonly column: number;
}

/** A parsed template. */
export interface GoTemplate {
  readonly name: string;
  /** Runs the template over `data`; throws a `TemplateError` when execution fails. */
  execute(data: unknown, options?: ExecuteOptions): string;
  /** The fields read from the root value, in the order written (for checking names before any data exists). */
  rootFields(): RootField[];
}

/** Line and column (1-based) of an offset. */
function position(src: string, pos: number): { line: number; column: number } {
  const before = src.slice(0, pos);
  const line = before.split("\n").length;
  return { line, column: pos - (before.lastIndexOf("\n") + 1) + 1 };
}

function collectPipe(pipe: Pipeline, rootDot: boolean, out: { name: string; pos: number }[]): void {
  const operand = (o: Operand): void => {
    if (o.type === "field" && rootDot) out.push({ name: o.fields[0] ?? "", pos: o.pos });
    else if (o.type === "variable" && o.name === "$" && o.fields[0] !== undefined) out.push({ name: o.fields[0], pos: o.pos });
    else if (o.type === "chain") operand(o.node);
    else if (o.type === "pipe") collectPipe(o.pipe, rootDot, out);
  };
  for (const cmd of pipe.cmds) cmd.args.forEach(operand);
}

function collectNodes(nodes: readonly TemplateNode[], rootDot: boolean, out: { name: string; pos: number }[]): void {
  for (const node of nodes) {
    if (node.type === "action") collectPipe(node.pipe, rootDot, out);
    else if (node.type === "if" || node.type === "with" || node.type === "range") {
      collectPipe(node.pipe, rootDot, out);
      // Inside `with` and `range`, `.` is the new value; their else branches keep the outer one.
      collectNodes(node.list, rootDot && node.type === "if", out);
      if (node.elseList) collectNodes(node.elseList, rootDot, out);
    }
  }
}

/** Parses a template; throws a `TemplateError` on bad syntax, an unknown function or an undefined variable. */
export function parseTemplate(src: string, options: TemplateOptions): GoTemplate {
  const funcs = new Map([...BUILTIN_FUNCTIONS, ...DOCKER_FUNCTIONS, ...(options.funcs ?? [])]);
  const { name } = options;
  let tree: TemplateNode[];
  try {
    tree = parseTree(src, (f) => funcs.has(f), options.backslashEscapes ? { backslashEscapes: true } : {});
  } catch (error) {
    if (!(error instanceof TemplateSyntaxError)) throw error;
    const { line, column } = position(src, error.pos);
    throw new TemplateError(`template: ${name}:${line}:${column}: ${error.message}`, line, column);
  }
  return {
    name,
    execute(data, run = {}) {
      const exec = new Executor(data, { funcs: new Map([...funcs, ...(run.funcs ?? [])]), typeName: options.typeName ?? "interface {}" });
      try {
        exec.walk(tree, data);
      } catch (error) {
        if (run.partial) return exec.out.join("");
        if (!(error instanceof TemplateExecError)) throw error;
        const { line, column } = position(src, error.pos);
        const at = error.context.length > 20 ? `${error.context.slice(0, 20)}...` : error.context;
        throw new TemplateError(`template: ${name}:${line}:${column}: executing "${name}" at <${at}>: ${error.message}`, line, column);
      }
      return exec.out.join("");
    },
    rootFields() {
      const found: { name: string; pos: number }[] = [];
      collectNodes(tree, true, found);
      return found.map((f) => ({ name: f.name, ...position(src, f.pos) }));
    },
  };
}
