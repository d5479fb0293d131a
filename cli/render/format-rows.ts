import { ProjectError } from "../../spec/errors.js";
import { goString } from "../../spec/compose-go/go-json.js";
import { parseTemplate, TemplateError, type GoTemplate } from "./go-template.js";
import { HEADER_FUNCTIONS } from "./go-template-funcs.js";
import { alignTabs } from "./tab-writer.js";

/** What a verb's rows look like to a template: their field names, and the column titles of its table. */
export interface RowSchema {
  /** The verb, which names the template in messages (`template: ps:1:3: …`). */
  readonly verb: string;
  /** The rows' Go type name in messages (`can't evaluate field Nam in type container`). */
  readonly typeName: string;
  /** Every field of a row, in the order of its JSON form. */
  readonly fields: readonly string[];
  /** Column titles Docker gives fields (`RunningFor` → `CREATED`); others are derived from the name. */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * The title of a field `headers` does not name, when it is not to be derived from the name:
   * Compose's `ps` header map lacks several of its fields, and a `table` template prints Go's
   * `<no value>` for them.
   */
  readonly untitled?: string;
}

/** A `--format` Go template, parsed and checked against the verb's fields. */
export interface RowTemplate {
  readonly kind: "template";
  readonly template: GoTemplate;
  /** `table TEMPLATE`: a header row, and the cells aligned. */
  readonly table: boolean;
  readonly schema: RowSchema;
}

/** A listing verb's `--format`: its default table, its JSON, or a template. */
export type RowFormat = "table" | "json" | RowTemplate;

/** A column title from a field name: `LocalVolumes` → `LOCAL VOLUMES`. */
export function headerFromName(field: string): string {
  return field
    .replace(/([\p{Ll}\p{N}])(\p{Lu})/gu, "$1 $2")
    .replace(/(\p{Lu}+)(\p{Lu}\p{Ll})/gu, "$1 $2")
    .toUpperCase();
}

/** The title of a field's column: Docker's where it has one, else derived from the name. */
export function fieldHeader(field: string, schema: RowSchema): string {
  return schema.headers?.[field] ?? schema.untitled ?? headerFromName(field);
}

function usageError(message: string, schema: RowSchema): ProjectError {
  return new ProjectError("E_USAGE", message, { hint: `A ${schema.verb} template can use the fields ${schema.fields.map((f) => `.${f}`).join(", ")}.` });
}

/**
 * Parses a `--format` value: `table` and `json` as they are; `table TEMPLATE` and `TEMPLATE` as Go
 * templates (the docker CLI's rules: the text after `table` and spaces around the template are
 * dropped, `\t` and `\n` typed in the text are a tab and a newline). A syntax error, an unknown
 * function or a field the rows do not have (read from the row itself: `.Nam`, `$.Nam`) is bad
 * usage, reported before anything contacts the engine.
 */
export function parseRowFormat(value: string, schema: RowSchema): RowFormat {
  if (value === "table" || value === "json") return value;
  const table = /^table\s/.test(value);
  const text = (table ? value.slice("table".length) : value).replace(/^ +| +$/g, "");
  let template: GoTemplate;
  try {
    template = parseTemplate(text, { name: schema.verb, typeName: schema.typeName, backslashEscapes: true });
  } catch (error) {
    throw error instanceof TemplateError ? usageError(error.message, schema) : error;
  }
  const unknown = template.rootFields().find((f) => !schema.fields.includes(f.name));
  if (unknown) {
    throw usageError(`template: ${schema.verb}:${unknown.line}:${unknown.column}: can't evaluate field ${unknown.name} in type ${schema.typeName}`, schema);
  }
  return { kind: "template", template, table, schema };
}

function execute(format: RowTemplate, row: unknown): string {
  try {
    return format.template.execute(row);
  } catch (error) {
    throw error instanceof TemplateError ? usageError(error.message, format.schema) : error;
  }
}

/**
 * The rows through a template, each followed by a newline. A `table` template is preceded by its
 * header, the template executed over the fields' titles (the formatting functions pass titles
 * through; an error there ends the header, as in the docker CLI, even when there is no row), and
 * the whole is aligned like the docker CLI's tabwriter (minimum width 10, padding 3).
 */
export function renderTemplateRows(format: RowTemplate, rows: readonly unknown[]): string {
  const body = rows.map((r) => `${execute(format, r)}\n`).join("");
  if (!format.table) return body;
  const titles = Object.fromEntries(format.schema.fields.map((f) => [f, fieldHeader(f, format.schema)]));
  const header = format.template.execute(titles, { funcs: HEADER_FUNCTIONS, partial: true });
  return alignTabs(`${header}\n${body}`);
}

/** How a verb draws its own two formats. */
export interface RowRenderers {
  readonly table: () => string;
  readonly json: () => string;
}

/** Output for a `--format`: the verb's table or JSON, or each row (its JSON object) through the template. */
export function formatRows(format: RowFormat, rows: readonly unknown[], draw: RowRenderers): string {
  if (format === "table") return draw.table();
  if (format === "json") return draw.json();
  return renderTemplateRows(format, rows);
}

/**
 * `json.Marshal` of a row as Go writes it: compact, keys in the object's own order (build rows with
 * their keys in the order Go would write them), strings HTML-safe escaped (`<`, `>`, `&` as
 * `\u003c`, `\u003e`, `\u0026`); `undefined` members are left out, as `omitempty` would.
 */
export function goMarshal(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") return goString(value);
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "null";
  if (typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return `[${value.map(goMarshal).join(",")}]`;
  const members = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return `{${members.map(([k, v]) => `${goString(k)}:${goMarshal(v)}`).join(",")}}`;
}
