import { Command } from "commander";
import { cliContext } from "../../context.js";
import { formatOption } from "../../render/format-option.js";
import { formatRows, parseRowFormat, type RowSchema } from "../../render/format-rows.js";
import { packageVersion } from "../../version.js";

/** Flags of `version`. */
export interface VersionFlags {
  /** `pretty`, `json`, or a Go template over `{ Version }`. */
  readonly format: string;
  readonly short?: boolean;
}

/**
 * What a `version --format` template sees: `{{.Version}}`, as `docker version` templates are
 * written (the JSON form's key is Compose's lower-case `version`; a Go template sees exported
 * fields, so capitalized).
 */
export const VERSION_ROWS: RowSchema = { verb: "version", typeName: "version", fields: ["Version"], headers: { Version: "VERSION" } };

/**
 * What `version` prints, as Docker Compose's: `--short` the bare number (`0.1.0`), `--format json`
 * `{"version":"0.1.0"}`, a Go template over `{ Version }` (`{{.Version}}`), else
 * `tscompose version 0.1.0`. Always ends in `\n`.
 */
export function versionOutput(version: string, flags: VersionFlags): string {
  if (flags.short) return `${version}\n`;
  const pretty = () => `tscompose version ${version}\n`;
  if (flags.format === "pretty") return pretty();
  if (flags.format === "json") return `${JSON.stringify({ version })}\n`;
  return formatRows(parseRowFormat(flags.format, VERSION_ROWS), [{ Version: version }], { table: pretty, json: pretty });
}

/**
 * The `version` verb: tscompose's version, from its package.json. Reads no project file and
 * never contacts the engine.
 */
export function createVersionCommand(name = "version"): Command {
  return new Command(name)
    .description("Show the tscompose version information")
    .addOption(
      formatOption({ flags: "-f, --format <FORMAT>", keywords: ["pretty", "json"], defaultValue: "pretty", example: "{{.Version}}", help: 'format the output: pretty, json, or a Go template ("{{.Version}}")' }),
    )
    .option("--short", "show only the version number")
    .action((flags: VersionFlags, cmd: Command) => {
      cliContext(cmd).stdout.write(versionOutput(packageVersion(), flags));
    });
}
