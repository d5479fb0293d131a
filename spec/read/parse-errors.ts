import type { Document, Node as YamlNode, Pair, YAMLError } from "yaml";
import type * as YamlModule from "yaml";
import type { Diagnostics } from "../errors.js";
import type { SourceLocation, TreePath } from "../location.js";

/** What the thorough parser needs to turn the yaml library's errors into ours. */
export interface YamlErrorContext {
  readonly lib: typeof YamlModule;
  readonly doc: Document;
  readonly text: string;
  readonly at: (offset: number) => SourceLocation;
}

const YAML_HINTS: Record<string, string> = {
  TAB_AS_INDENT: "Indent with spaces; YAML does not allow tabs for indentation.",
  DUPLICATE_KEY: "Remove one of the two entries or merge them into one.",
  BAD_INDENT: "Check the indentation of this line against its siblings.",
  MISSING_CHAR: "A quote or bracket is not closed.",
  BLOCK_AS_IMPLICIT_KEY: "Check the indentation: a nested block cannot be a key.",
  MULTILINE_IMPLICIT_KEY: "A key must fit on one line; quote it or check for a missing colon.",
  UNEXPECTED_TOKEN: "Check the syntax on this line (a missing colon, quote or dash).",
};

const OPENER: Record<string, string> = { "]": "[", "}": "{" };

/** A flow collection (`[…]` / `{…}`) as the yaml library recorded it. */
interface FlowNode {
  readonly start: number;
  readonly end: number;
  readonly close: string;
}

/**
 * Reports the yaml library's errors to `diag` in our words: file:line:column, a message that names
 * the problem (a duplicate key with its path and first line, a stray or unclosed bracket at the
 * bracket) and a hint. One tab-indentation error stands for all: a tab-indented file would
 * otherwise give one identical error per line.
 */
export function reportYamlErrors(errors: readonly YAMLError[], ctx: YamlErrorContext, diag: Diagnostics): void {
  const flows = flowNodes(ctx);
  const usedFlows = new Set<FlowNode>();
  let tabReported = false;
  for (const err of errors) {
    if (err.code === "TAB_AS_INDENT") {
      if (tabReported) continue;
      tabReported = true;
    }
    const offset = err.pos[0];
    if (err.code === "DUPLICATE_KEY" && duplicateKey(offset, ctx, diag)) continue;
    if (err.code === "UNEXPECTED_TOKEN" && strayBracket(offset, ctx, diag)) continue;
    if (unclosedBracket(err, flows, usedFlows, ctx, diag)) continue;
    const hint = YAML_HINTS[err.code];
    diag.error(`E_YAML_${err.code}`, `invalid YAML: ${firstLine(err.message)}`, {
      location: ctx.at(offset),
      ...(hint ? { hint } : {}),
    });
  }
}

/** `]` or `}` with nothing open: name the character, not the yaml library's token. */
function strayBracket(offset: number, ctx: YamlErrorContext, diag: Diagnostics): boolean {
  const ch = ctx.text[offset];
  const open = ch === undefined ? undefined : OPENER[ch];
  if (!open || !ch) return false;
  diag.error("E_YAML_STRAY_BRACKET", `invalid YAML: unexpected "${ch}"`, {
    location: ctx.at(offset),
    hint: `Remove the stray "${ch}", or add the "${open}" it should close.`,
  });
  return true;
}

/**
 * The yaml library reports an unclosed `[` / `{` where the next block line starts; the problem is
 * the bracket, so point at the flow collection that ends there without its closing bracket.
 */
function unclosedBracket(
  err: YAMLError,
  flows: readonly FlowNode[],
  used: Set<FlowNode>,
  ctx: YamlErrorContext,
  diag: Diagnostics,
): boolean {
  const m = /end with an? ([\]}])/.exec(err.message);
  const close = m?.[1];
  if (!close) return false;
  const flow = flows.find((f) => !used.has(f) && f.close === close && f.end === err.pos[0]);
  if (!flow) return false;
  used.add(flow);
  const open = OPENER[close] ?? "";
  diag.error("E_YAML_UNCLOSED_BRACKET", `invalid YAML: the "${open}" opened here is never closed`, {
    location: ctx.at(flow.start),
    hint: `Add the missing "${close}" at the end of the ${close === "]" ? "list" : "mapping"}.`,
  });
  return true;
}

/** Flow collections whose text does not end with their closing bracket, outermost first. */
function flowNodes(ctx: YamlErrorContext): FlowNode[] {
  const out: FlowNode[] = [];
  ctx.lib.visit(ctx.doc, {
    Collection(_key, node) {
      const range = node.range;
      if (!node.flow || !range) return;
      const close = ctx.lib.isSeq(node) ? "]" : "}";
      if (ctx.text.slice(range[0], range[1]).trimEnd().endsWith(close)) return;
      out.push({ start: range[0], end: range[1], close });
    },
  });
  return out.sort((a, b) => a.start - b.start);
}

/** Names a duplicate key by its path and the line of its first definition. */
function duplicateKey(offset: number, ctx: YamlErrorContext, diag: Diagnostics): boolean {
  const found = findKey(ctx, ctx.doc.contents, [], offset, 0);
  if (!found) return false;
  const first = ctx.at(found.firstOffset);
  diag.error("E_YAML_DUPLICATE_KEY", `duplicate key ${JSON.stringify(found.name)} (first defined at line ${first.line})`, {
    location: ctx.at(offset),
    path: [...found.path, found.name],
    hint: YAML_HINTS["DUPLICATE_KEY"],
  });
  return true;
}

interface FoundKey {
  readonly path: TreePath;
  readonly name: string;
  readonly firstOffset: number;
}

/** Finds the mapping key that starts at `offset`, with its path and the first key of the same name. */
function findKey(ctx: YamlErrorContext, node: unknown, path: TreePath, offset: number, depth: number): FoundKey | undefined {
  const { lib } = ctx;
  if (depth > 64) return undefined;
  if (lib.isSeq(node)) {
    for (const [i, item] of node.items.entries()) {
      const found = findKey(ctx, item, [...path, i], offset, depth + 1);
      if (found) return found;
    }
  } else if (lib.isMap(node)) {
    const pairs = node.items as Pair<unknown, unknown>[];
    for (const pair of pairs) {
      const name = keyName(ctx, pair.key);
      const start = (pair.key as YamlNode | null)?.range?.[0];
      if (name !== undefined && start === offset) {
        const first = pairs.find((p) => keyName(ctx, p.key) === name);
        const firstOffset = (first?.key as YamlNode | null)?.range?.[0] ?? offset;
        return { path, name, firstOffset };
      }
      const found = findKey(ctx, pair.value, [...path, name ?? ""], offset, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

function keyName(ctx: YamlErrorContext, key: unknown): string | undefined {
  if (!ctx.lib.isScalar(key)) return undefined;
  return key.value === null || key.value === undefined ? "" : String(key.value as string | number | boolean);
}

function firstLine(s: string): string {
  const line = s.split("\n")[0] ?? s;
  return line.replace(/ at line \d+, column \d+:?$/, "");
}
