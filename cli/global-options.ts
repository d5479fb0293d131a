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
  /** `--compatibility`: docker-compose v1's `_` names (`<project>_<service>_<n>`); also `COMPOSE_COMPATIBILITY`. */
  readonly compatibility?: boolean;
  /** `--all-resources`: networks, volumes, secrets and configs no service uses are kept (created by `up`, removed by `down`). */
  readonly allResources?: boolean;
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
    .option("--parallel <N>", "maximum parallelism (-1 for unlimited)", (v) => Number.parseInt(v, 10))
    .option("--all-resources", "include all resources, even those not used by services")
    .option("--compatibility", "docker-compose v1 names: <project>_<service>_<n> (env: COMPOSE_COMPATIBILITY)");
}

/**
 * Lets `--dry-run` also come after the verb (`up --dry-run`), as Compose's persistent flag does,
 * on `cmd` and its subcommands (`stack deploy --dry-run`). The other global flags stay before the
 * verb, as in Compose.
 */
export function acceptDryRunAfterVerb(cmd: Command): Command {
  if (!cmd.options.some((o) => o.long === "--dry-run")) cmd.option("--dry-run", "show what would change without changing anything");
  for (const sub of cmd.commands) acceptDryRunAfterVerb(sub);
  return cmd;
}
