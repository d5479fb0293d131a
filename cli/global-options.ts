import { Option, type Command } from "commander";
import { collect } from "./commands/shared/flag-values.js";

/** Options every verb understands, as Docker Compose's global flags. */
export interface GlobalOptions {
  readonly file?: string[];
  readonly projectName?: string;
  readonly projectDirectory?: string;
  readonly envFile?: string[];
  readonly profile?: string[];
  readonly progress?: string;
  readonly ansi?: string;
  readonly dryRun?: boolean;
  readonly parallel?: number;
}


/** Adds Compose's global flags to `cmd` (the root program, or a `tsc-up`/`tsc-down` shim). */
export function addGlobalOptions(cmd: Command): Command {
  return cmd
    .option("-f, --file <FILE>", "compose configuration file (repeatable; - for stdin)", collect)
    .option("-p, --project-name <NAME>", "project name")
    .option("--project-directory <DIR>", "alternate working directory (default: the first file's directory)")
    .option("--env-file <FILE>", "alternate environment file (repeatable)", collect)
    .option("--profile <PROFILE>", "profile to enable (repeatable)", collect)
    .addOption(
      new Option("--progress <MODE>", "progress output").choices(["auto", "tty", "plain", "json", "quiet"]),
    )
    .addOption(new Option("--ansi <WHEN>", "control ANSI output").choices(["never", "always", "auto"]).default("auto"))
    .option("--dry-run", "show what would change without changing anything")
    .option("--parallel <N>", "maximum parallelism (-1 for unlimited)", (v) => Number.parseInt(v, 10));
}
