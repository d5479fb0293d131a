import { parseTemplateNodes, type TemplateNode } from "../read/interpolate.js";
import type { Plain, PlainMap } from "../read/parse.js";

/**
 * One variable a model interpolates, in Compose's shape (the objects of `docker compose config
 * --variables --format json`).
 */
export interface ModelVariable {
  readonly Name: string;
  /** The default of a `${NAME:-default}` / `${NAME-default}` reference, as written; "" when none. */
  readonly DefaultValue: string;
  /** The alternative of a `${NAME:+alt}` / `${NAME+alt}` reference, as written; "" when none. */
  readonly PresenceValue: string;
  /** True when a `${NAME:?message}` / `${NAME?message}` reference makes interpolation fail while NAME is unset. */
  readonly Required: boolean;
}

type Entry = { -readonly [K in keyof ModelVariable]: ModelVariable[K] };

/**
 * Every variable the string values of `model` reference (mapping keys are never interpolated, so
 * never looked at), once each, sorted by name in byte order. References are found in every form
 * interpolation expands: `$NAME`, `${NAME}`, `${NAME:-d}`, `${NAME-d}`, `${NAME:+a}`, `${NAME+a}`,
 * `${NAME:?m}`, `${NAME?m}`, and inside operands (`${A:-${B}}` lists A and B); `$$` is a literal
 * dollar. As compose-go's `ExtractVariables`, a plain `${NAME}` is not required: unset, it only
 * warns and expands to "".
 *
 * A variable referenced several times merges its references in document order (the order of the
 * merged model: files in order, keys as written): it is required when any reference is, and keeps
 * the first non-empty default and the first non-empty alternative, so a plain `${NAME}` never hides
 * the default another reference gives. An invalid template (`${}`, an unclosed `${`) adds nothing:
 * interpolating it reports the error.
 */
export function extractVariables(model: PlainMap): ModelVariable[] {
  const found = new Map<string, Entry>();
  const add = (name: string, attrs: Partial<Entry>): void => {
    const seen = found.get(name);
    if (!seen) {
      found.set(name, { Name: name, DefaultValue: "", PresenceValue: "", Required: false, ...attrs });
      return;
    }
    seen.Required ||= attrs.Required ?? false;
    if (seen.DefaultValue === "") seen.DefaultValue = attrs.DefaultValue ?? "";
    if (seen.PresenceValue === "") seen.PresenceValue = attrs.PresenceValue ?? "";
  };
  walk(model, (value) => {
    const nodes = value.includes("$") ? parseTemplateNodes(value) : undefined;
    if (nodes) references(nodes, add);
  });
  return [...found.values()].sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0));
}

/** Calls `visit` on every string value of a plain tree, depth first, in key and list order. */
function walk(node: Plain, visit: (value: string) => void): void {
  if (typeof node === "string") visit(node);
  else if (Array.isArray(node)) for (const item of node) walk(item, visit);
  else if (node !== null && typeof node === "object") for (const key of Object.keys(node)) walk(node[key] as Plain, visit);
}

/** Reports each reference of a parsed template, an operator's own variable before those in its operand. */
function references(nodes: readonly TemplateNode[], add: (name: string, attrs: Partial<Entry>) => void): void {
  for (const n of nodes) {
    if (n.kind === "var") add(n.name, {});
    else if (n.kind === "op") {
      if (n.op === "-") add(n.name, { DefaultValue: n.source });
      else if (n.op === "+") add(n.name, { PresenceValue: n.source });
      else add(n.name, { Required: true });
      references(n.arg, add);
    }
  }
}
