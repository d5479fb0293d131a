import { formatValue, goTypeName } from "./go-fmt.js";
import { ArgTypeError, isTrue, type TemplateFunction } from "./go-template-funcs.js";
import type { CommandNode, ControlNode, Operand, Pipeline, TemplateNode } from "./go-template-parse.js";

/** A failure while executing, at a node of the template (its offset and source text). */
export class TemplateExecError extends Error {
  constructor(
    message: string,
    readonly pos: number,
    readonly context: string,
  ) {
    super(message);
    this.name = "TemplateExecError";
  }
}

/** What the executor needs besides the tree and the data. */
export interface ExecOptions {
  readonly funcs: ReadonlyMap<string, TemplateFunction>;
  /** The Go type name of the root value in messages (`can't evaluate field X in type container`). */
  readonly typeName: string;
}

/** No value was passed down the pipeline (Go's `missingVal`), as opposed to `undefined` (`<no value>`). */
const MISSING = Symbol("missing");
type Final = unknown;

/** `{{break}}` and `{{continue}}` unwind to their `range`. */
class LoopSignal {
  constructor(readonly kind: "break" | "continue") {}
}

interface Variable {
  readonly name: string;
  value: unknown;
}

/** Runs a parsed template over a value, appending to `out`. */
export class Executor {
  readonly out: string[] = [];
  private readonly vars: Variable[];

  constructor(
    private readonly root: unknown,
    private readonly options: ExecOptions,
  ) {
    this.vars = [{ name: "$", value: root }];
  }

  private fail(message: string, node: { pos: number; text: string }): never {
    throw new TemplateExecError(message, node.pos, node.text);
  }

  /** Executes nodes with `dot` as `.`. */
  walk(nodes: readonly TemplateNode[], dot: unknown): void {
    for (const node of nodes) {
      switch (node.type) {
        case "text":
          this.out.push(node.text);
          break;
        case "action": {
          const value = this.pipeline(node.pipe, dot);
          if (node.pipe.decl.length === 0) this.out.push(formatValue(value));
          break;
        }
        case "if":
        case "with": {
          const mark = this.vars.length;
          const value = this.pipeline(node.pipe, dot);
          if (isTrue(value)) this.walk(node.list, node.type === "with" ? value : dot);
          else if (node.elseList) this.walk(node.elseList, dot);
          this.vars.length = mark;
          break;
        }
        case "range":
          this.range(node, dot);
          break;
        default:
          throw new LoopSignal(node.type);
      }
    }
  }

  private range(node: ControlNode, dot: unknown): void {
    const mark = this.vars.length;
    const { decl, assign } = node.pipe;
    const value = this.commands(node.pipe, dot);
    const items = this.iterate(value, decl.length, node.pipe.cmds[0]);
    if (items.length === 0 && node.elseList) this.walk(node.elseList, dot);
    for (const [key, elem] of items) {
      this.vars.length = mark;
      const bind = (name: string, v: unknown) => (assign ? this.setVar(name, v) : this.vars.push({ name, value: v }));
      if (decl[0] !== undefined) bind(decl[0], decl.length === 1 ? elem : key);
      if (decl[1] !== undefined) bind(decl[1], elem);
      try {
        this.walk(node.list, elem);
      } catch (signal) {
        if (!(signal instanceof LoopSignal)) throw signal;
        if (signal.kind === "break") break;
      }
    }
    this.vars.length = mark;
  }

  /** Key and element pairs of what `range` walks: a slice, a map (sorted by key), an int (0…n-1) or nil (nothing). */
  private iterate(value: unknown, vars: number, at: CommandNode | undefined): [unknown, unknown][] {
    const node = at ?? { pos: 0, text: "" };
    if (Array.isArray(value)) return value.map((v, i) => [i, v]);
    if (value instanceof Map) return [...value.keys()].sort().map((k) => [k, value.get(k)]);
    if (value === null || value === undefined) return [];
    if (typeof value === "number" && Number.isInteger(value)) {
      if (vars > 1) this.fail(`can't use ${value} to iterate over more than one variable`, node);
      return Array.from({ length: Math.max(0, value) }, (_v, i) => [i, i]);
    }
    return this.fail(`range can't iterate over ${formatValue(value)}`, node);
  }

  private setVar(name: string, value: unknown): void {
    const v = [...this.vars].reverse().find((x) => x.name === name);
    if (v) v.value = value;
  }

  private variable(name: string, node: Operand): unknown {
    const v = [...this.vars].reverse().find((x) => x.name === name);
    if (!v) this.fail(`undefined variable: ${name}`, node);
    return v.value;
  }

  /** Evaluates a pipeline's commands, then binds its declared variables. */
  private pipeline(pipe: Pipeline, dot: unknown): unknown {
    const value = this.commands(pipe, dot);
    for (const name of pipe.decl) {
      if (pipe.assign) this.setVar(name, value);
      else this.vars.push({ name, value });
    }
    return value;
  }

  private commands(pipe: Pipeline, dot: unknown): unknown {
    let value: Final = MISSING;
    for (const cmd of pipe.cmds) value = this.command(cmd, dot, value);
    return value;
  }

  private command(cmd: CommandNode, dot: unknown, final: Final): unknown {
    const first = cmd.args[0];
    if (!first) return this.fail("empty command", cmd);
    const args = cmd.args.slice(1);
    switch (first.type) {
      case "ident":
        return this.call(first.name, cmd, args, dot, final);
      case "field":
        return this.fields(dot, first.fields, first, args, final);
      case "variable":
        if (first.fields.length > 0) return this.fields(this.variable(first.name, first), first.fields, first, args, final);
        break;
      case "chain":
        return this.fields(this.arg(first.node, dot), first.fields, first, args, final);
      case "literal":
        if (first.value === null) this.fail("nil is not a command", first);
        break;
      default:
        break;
    }
    if (args.length > 0 || final !== MISSING) this.fail(`can't give argument to non-function ${first.text}`, first);
    return this.arg(first, dot);
  }

  /** An operand's value as an argument. */
  private arg(o: Operand, dot: unknown): unknown {
    switch (o.type) {
      case "dot":
        return dot;
      case "literal":
        return o.value;
      case "field":
        return this.fields(dot, o.fields, o, [], MISSING);
      case "variable":
        return this.fields(this.variable(o.name, o), o.fields, o, [], MISSING);
      case "chain":
        return this.fields(this.arg(o.node, dot), o.fields, o, [], MISSING);
      case "pipe":
        return this.pipeline(o.pipe, dot);
      case "ident":
        return this.call(o.name, { args: [o], pos: o.pos, text: o.text }, [], dot, MISSING);
    }
  }

  /** Walks `.A.B…` from `receiver`; data has no methods, so arguments to the last field are an error. */
  private fields(receiver: unknown, names: readonly string[], node: Operand, args: readonly Operand[], final: Final): unknown {
    let value = receiver;
    for (const name of names) value = this.field(value, name, node);
    if (names.length > 0 && (args.length > 0 || final !== MISSING)) this.fail(`${names[names.length - 1]} has arguments but cannot be invoked as function`, node);
    return value;
  }

  private field(receiver: unknown, name: string, node: Operand): unknown {
    if (receiver instanceof Map) return receiver.get(name);
    if (receiver === undefined) this.fail(`nil data; no entry for key "${name}"`, node);
    if (receiver === null) this.fail(`nil pointer evaluating interface {}.${name}`, node);
    if (typeof receiver === "object" && !Array.isArray(receiver) && Object.hasOwn(receiver, name)) return (receiver as Record<string, unknown>)[name];
    const type = receiver === this.root ? this.options.typeName : goTypeName(receiver);
    return this.fail(`can't evaluate field ${name} in type ${type}`, node);
  }

  private call(name: string, cmd: CommandNode, operands: readonly Operand[], dot: unknown, final: Final): unknown {
    const fn = this.options.funcs.get(name);
    if (!fn) return this.fail(`"${name}" is not a defined function`, cmd);
    const count = operands.length + (final === MISSING ? 0 : 1);
    if (count < fn.min || (fn.max !== undefined && count > fn.max)) {
      const want = fn.max === fn.min ? `${fn.min}` : `at least ${fn.min}`;
      this.fail(`wrong number of args for ${name}: want ${want} got ${count}`, cmd);
    }
    const values = () => [...operands.map((o) => (): unknown => this.arg(o, dot)), ...(final === MISSING ? [] : [() => final])];
    try {
      if (name === "and" || name === "or") return this.shortCircuit(name === "and", values());
      return fn.call(values().map((v) => v()));
    } catch (error) {
      if (error instanceof TemplateExecError || error instanceof LoopSignal) throw error;
      const message = error instanceof Error ? error.message : String(error);
      return this.fail(error instanceof ArgTypeError ? message : `error calling ${name}: ${message}`, cmd);
    }
  }

  /** `and`/`or` stop at the first argument that decides, as Go's do since 1.18. */
  private shortCircuit(and: boolean, args: readonly (() => unknown)[]): unknown {
    let value: unknown;
    for (const arg of args) {
      value = arg();
      if (isTrue(value) !== and) return value;
    }
    return value;
  }
}
