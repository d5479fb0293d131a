import type { Diagnostics } from "../errors.js";
import type { SourceLocation, TreePath } from "../location.js";
import { mapStrings } from "./map-strings.js";
import type { ComposeFile } from "./parse.js";

/** Resolves a variable name to its value; undefined means the variable is not set. */
export type Lookup = (name: string) => string | undefined;

/** Something interpolation noticed while expanding one value. */
export type InterpolationIssue =
  /** `$NAME` or `${NAME}` with NAME unset; it expanded to "". `braced` tells the two forms apart. */
  | { readonly kind: "unset"; readonly name: string; readonly braced: boolean }
  /** `${NAME:?message}` / `${NAME?message}` with NAME missing; `message` is already expanded. */
  | { readonly kind: "required"; readonly name: string; readonly message: string }
  /**
   * The value is not a valid template; `fragment` is the offending `${...}`, or with `unterminated`
   * the `${` that is never closed and everything after it.
   */
  | { readonly kind: "invalid"; readonly template: string; readonly fragment: string; readonly unterminated?: boolean };

/**
 * One piece of a parsed template: literal text (`$$` already turned into `$`), a plain reference
 * (`$NAME`, `${NAME}`), or a reference with an operator, `${NAME:-arg}` and the like, whose operand
 * is parsed in `arg` and kept as written in `source`.
 */
export type TemplateNode =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "var"; readonly name: string; readonly braced: boolean }
  | {
      readonly kind: "op";
      readonly name: string;
      readonly colon: boolean;
      readonly op: "-" | "+" | "?";
      readonly arg: TemplateNode[];
      readonly source: string;
    };

type Node = TemplateNode;

class InvalidTemplate extends Error {
  constructor(
    readonly fragment: string,
    readonly unterminated = false,
  ) {
    super(fragment);
  }
}

const NAME = /[_a-zA-Z][_a-zA-Z0-9]*/y;
const LEADING_NAME = /^[_a-zA-Z][_a-zA-Z0-9]*/;
const OPERATOR = /^(:?)([-+?])/;

/**
 * Expands `$NAME`, `${NAME}`, `${NAME:-default}`, `${NAME-default}`, `${NAME:?err}`, `${NAME?err}`,
 * `${NAME:+alt}`, `${NAME+alt}` (nesting allowed in the default/alternative/message) and `$$` (a
 * literal `$`) the way Compose does. A `$` not followed by a name, `{` or `$` stays literal.
 * Problems go to `onIssue`: an unset variable expands to ""; a required variable that is missing
 * expands to ""; an invalid template (`${}`, `${FOO BAR}`, an unclosed `${`) returns `value` unchanged.
 * Defaults and alternatives are only expanded when they are used (like a shell; compose-go expands
 * them eagerly, which can warn about variables that do not matter).
 */
export function interpolateString(value: string, lookup: Lookup, onIssue: (issue: InterpolationIssue) => void): string {
  if (!value.includes("$")) return value;
  let nodes: Node[];
  try {
    nodes = parseTemplate(value);
  } catch (err) {
    if (!(err instanceof InvalidTemplate)) throw err;
    onIssue({ kind: "invalid", template: value, fragment: err.fragment, ...(err.unterminated ? { unterminated: true } : {}) });
    return value;
  }
  return evaluate(nodes, lookup, onIssue);
}

/**
 * Parses a template with the syntax `interpolateString` expands, without expanding anything;
 * undefined when the template is invalid (`${}`, `${FOO BAR}`, an unclosed `${`).
 */
export function parseTemplateNodes(value: string): readonly TemplateNode[] | undefined {
  try {
    return parseTemplate(value);
  } catch (err) {
    if (err instanceof InvalidTemplate) return undefined;
    throw err;
  }
}

function parseTemplate(text: string): Node[] {
  const nodes: Node[] = [];
  let literal = "";
  const flush = (): void => {
    if (literal !== "") nodes.push({ kind: "text", text: literal });
    literal = "";
  };
  let i = 0;
  while (i < text.length) {
    const dollar = text.indexOf("$", i);
    if (dollar < 0) {
      literal += text.slice(i);
      break;
    }
    literal += text.slice(i, dollar);
    const next = text[dollar + 1];
    if (next === "$") {
      literal += "$";
      i = dollar + 2;
    } else if (next === "{") {
      const close = closingBrace(text, dollar + 1);
      if (close < 0) throw new InvalidTemplate(text.slice(dollar), true);
      const braced = parseBraced(text.slice(dollar + 2, close));
      if (braced.kind === "text") literal += braced.text;
      else {
        flush();
        nodes.push(braced);
      }
      i = close + 1;
    } else {
      NAME.lastIndex = dollar + 1;
      const m = NAME.exec(text);
      if (m) {
        flush();
        nodes.push({ kind: "var", name: m[0], braced: false });
        i = NAME.lastIndex;
      } else {
        literal += "$";
        i = dollar + 1;
      }
    }
  }
  flush();
  return nodes;
}

/** Index of the `}` that closes the `{` at `open`, counting nested braces; -1 when unclosed. */
function closingBrace(text: string, open: number): number {
  let depth = 0;
  for (let j = open; j < text.length; j++) {
    const c = text[j];
    if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return j;
  }
  return -1;
}

function parseBraced(content: string): Node {
  const fragment = "${" + content + "}";
  const m = LEADING_NAME.exec(content);
  if (!m) throw new InvalidTemplate(fragment);
  const name = m[0];
  const rest = content.slice(name.length);
  if (rest === "") return { kind: "var", name, braced: true };
  // compose-go's "named mapping" syntax (`${secret[key]}`) is kept verbatim when no mapping is configured.
  if (rest.startsWith("[") && rest.includes("]")) return { kind: "text", text: fragment };
  const op = OPERATOR.exec(rest);
  if (!op) throw new InvalidTemplate(fragment);
  const source = rest.slice(op[0].length);
  return { kind: "op", name, colon: op[1] === ":", op: op[2] as "-" | "+" | "?", arg: parseTemplate(source), source };
}

function evaluate(nodes: readonly Node[], lookup: Lookup, onIssue: (issue: InterpolationIssue) => void): string {
  let out = "";
  for (const n of nodes) {
    if (n.kind === "text") out += n.text;
    else if (n.kind === "var") {
      const v = lookup(n.name);
      if (v === undefined) onIssue({ kind: "unset", name: n.name, braced: n.braced });
      out += v ?? "";
    } else out += evaluateOp(n, lookup, onIssue);
  }
  return out;
}

function evaluateOp(n: Extract<Node, { kind: "op" }>, lookup: Lookup, onIssue: (issue: InterpolationIssue) => void): string {
  const value = lookup(n.name);
  // With a colon the variable must be set AND non-empty to count; without, set is enough.
  const present = value !== undefined && (!n.colon || value !== "") ? value : undefined;
  switch (n.op) {
    case "-":
      return present ?? evaluate(n.arg, lookup, onIssue);
    case "+":
      return present !== undefined ? evaluate(n.arg, lookup, onIssue) : (value ?? "");
    case "?":
      if (present !== undefined) return present;
      onIssue({ kind: "required", name: n.name, message: evaluate(n.arg, lookup, onIssue) });
      return "";
  }
}

/** Where an interpolated value was written, for the diagnostics about it. */
export interface IssueSite {
  readonly location?: SourceLocation;
  readonly path?: TreePath;
  /** "dotenv" adjusts hints to .env syntax (single quotes, `\$`). */
  readonly context?: "compose" | "dotenv";
}

/**
 * Turns one interpolation issue into Compose's diagnostics: `W_UNSET_VARIABLE` (once per variable,
 * Compose's wording), `E_REQUIRED_VARIABLE`, `E_INTERPOLATION_FORMAT`.
 */
export function reportInterpolationIssue(diag: Diagnostics, issue: InterpolationIssue, site: IssueSite): void {
  const where = {
    ...(site.location ? { location: site.location } : {}),
    ...(site.path ? { path: site.path } : {}),
  };
  const dotenv = site.context === "dotenv";
  switch (issue.kind) {
    case "unset":
      diag.warnOnce(
        `W_UNSET_VARIABLE:${issue.name}`,
        "W_UNSET_VARIABLE",
        `The "${issue.name}" variable is not set. Defaulting to a blank string.`,
        where,
      );
      return;
    case "required":
      diag.error(
        "E_REQUIRED_VARIABLE",
        `required variable "${issue.name}" is missing a value` + (issue.message === "" ? "" : `: ${issue.message}`),
        { ...where, hint: `Set ${issue.name} in the shell environment or in the .env file.` },
      );
      return;
    case "invalid": {
      if (issue.unterminated) {
        const keep = dotenv ? "put the value in single quotes to keep the $ literal" : "write $$ for a literal $";
        diag.error("E_INTERPOLATION_UNTERMINATED", `unterminated "\${" in "${issue.template}"`, {
          ...where,
          hint: `Close it with "}", e.g. ${closedExample(issue.fragment)}, or ${keep}.`,
        });
        return;
      }
      const at = issue.fragment === issue.template ? "" : ` at "${issue.fragment}"`;
      diag.error("E_INTERPOLATION_FORMAT", `invalid interpolation format in "${issue.template}"${at}`, {
        ...where,
        hint: dotenv
          ? 'Write $$ (or \\$ inside double quotes) for a literal $, or put the value in single quotes.'
          : "Write $$ for a literal $; a variable reference looks like ${NAME}, ${NAME:-default} or ${NAME:?error}.",
      });
      return;
    }
  }
}

/**
 * How an unclosed `${...` most likely reads when closed: the whole of it when it is a name with an
 * operator (`${A:-x/${B}` → `${A:-x/${B}}`), else just its leading name (`${TAG and more` → `${TAG}`).
 */
function closedExample(fragment: string): string {
  const inner = fragment.slice(2);
  const name = LEADING_NAME.exec(inner)?.[0];
  if (!name) return "${NAME}";
  return OPERATOR.test(inner.slice(name.length)) ? `${fragment}}` : `\${${name}}`;
}

/** A `$` that is not the start of a variable reference nor part of `$$`. */
const LITERAL_DOLLAR = /(?<!\$)\$(?![${_a-zA-Z])/;

/**
 * Interpolates every string VALUE of a compose file (mapping keys are never touched; numbers,
 * booleans and nulls stay as they are). Returns a new ComposeFile with the same `path`, `sources`
 * and `tags`. Diagnostics carry the location of the value and its path.
 */
export function interpolateFile(file: ComposeFile, lookup: Lookup, diag: Diagnostics): ComposeFile {
  const data = mapStrings(file.data, (value, pathOf) => {
    if (!value.includes("$")) return value;
    // Located only when there is something to report: most values interpolate cleanly.
    let located: IssueSite | undefined;
    const site = (): IssueSite => {
      if (located) return located;
      const path = pathOf();
      const location = file.sources.locate(path);
      return (located = location ? { location, path } : { path });
    };
    let bareUnset: string | undefined;
    const result = interpolateString(value, lookup, (issue) => {
      if (issue.kind === "unset" && !issue.braced) bareUnset ??= issue.name;
      reportInterpolationIssue(diag, issue, site());
    });
    // Password hashes ($2y$10$...) are the classic victim: say why part of the value vanished.
    if (bareUnset !== undefined && LITERAL_DOLLAR.test(value)) {
      diag.warn(
        "W_DOLLAR_IN_VALUE",
        `this value contains literal "$" signs and "$${bareUnset}" in it was read as a variable; write "$$" for each literal "$"`,
        site(),
      );
    }
    return result;
  });
  return { path: file.path, data, sources: file.sources, tags: file.tags };
}
