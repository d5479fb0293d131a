import { Command } from "commander";
import { cliContext } from "../../context.js";
import { formatOption } from "../../render/format-option.js";
import { collect } from "../shared/flag-values.js";

/** Flags of `ls`. */
export interface LsFlags {
  readonly all?: boolean;
  readonly quiet?: boolean;
  /** `table`, `json`, `table TEMPLATE` or a Go template. */
  readonly format: string;
  readonly filter?: string[];
}

/** The `ls` verb: list Compose projects on the engine, found by label. */
export function createLsCommand(name = "ls"): Command {
  return new Command(name)
    .description("List running compose projects")
    .option("-a, --all", "show all stopped Compose projects")
    .option("-q, --quiet", "only display project names")
    .addOption(formatOption())
    .option("--filter <KEY=VALUE>", "filter output based on conditions provided (name=REGEX); repeatable", collect)
    .action(async (flags: LsFlags, cmd: Command) => {
      const { runLs } = await import("./ls-run.js");
      await runLs(cliContext(cmd), flags);
    });
}
