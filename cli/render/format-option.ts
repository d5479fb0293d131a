import { InvalidArgumentError, Option } from "commander";

/** The help of every listing verb's `--format`. */
export const FORMAT_HELP = 'format the output: table, json, or a Go template ("table {{.Name}}\\t{{.Status}}")';

/** How a verb's `--format` is declared. */
export interface FormatOptionSpec {
  /** The option's flags; `--format <FORMAT>` by default. */
  readonly flags?: string;
  /** The named formats besides templates; `table` and `json` by default. */
  readonly keywords?: readonly string[];
  readonly help?: string;
  /** `table` by default. */
  readonly defaultValue?: string;
  /** A template shown in the refusal of a bad value; `{{.Name}}` by default. */
  readonly example?: string;
}

/**
 * A free `--format` option: one of the named formats, `table TEMPLATE`, or a Go template. A value
 * that is none of them and holds no `{{` action (`--format yaml`) is refused by commander as bad
 * usage: a template without actions would print the same text for every row, never what was meant.
 * Templates themselves are parsed by the verb, before it contacts the engine.
 */
export function formatOption(spec: FormatOptionSpec = {}): Option {
  const keywords = spec.keywords ?? ["table", "json"];
  return new Option(spec.flags ?? "--format <FORMAT>", spec.help ?? FORMAT_HELP)
    .default(spec.defaultValue ?? "table")
    .argParser((value: string) => {
      if (keywords.includes(value) || /^table\s/.test(value) || value.includes("{{")) return value;
      throw new InvalidArgumentError(`Expected ${keywords.join(", ")} or a Go template such as "${spec.example ?? "{{.Name}}"}".`);
    });
}
