import { Command, Option } from "commander";
import { cliContext } from "../context.js";
import { packageVersion } from "../version.js";

/** Flags of `version`. */
export interface VersionFlags {
  readonly format: "pretty" | "json";
  readonly short?: boolean;
}

/**
 * What `version` prints, as Docker Compose's: `--short` the bare number (`0.1.0`), `--format json`
 * `{"version":"0.1.0"}`, else `tscompose version 0.1.0`. Always one line ending in `\n`.
 */
export function versionOutput(version: string, flags: VersionFlags): string {
  if (flags.short) return `${version}\n`;
  if (flags.format === "json") return `${JSON.stringify({ version })}\n`;
  return `tscompose version ${version}\n`;
}

/**
 * The `version` verb: tscompose's version, from its package.json. Reads no project file and
 * never contacts the engine.
 */
export function createVersionCommand(name = "version"): Command {
  return new Command(name)
    .description("Show the tscompose version information")
    .addOption(new Option("-f, --format <FORMAT>", "format the output").choices(["pretty", "json"]).default("pretty"))
    .option("--short", "show only the version number")
    .action((flags: VersionFlags, cmd: Command) => {
      cliContext(cmd).stdout.write(versionOutput(packageVersion(), flags));
    });
}
