import { Command, Option } from "commander";
import { cliContext } from "../context.js";
import { collect } from "./flag-values.js";

/** Flags of `ls`. */
export interface LsFlags {
  readonly all?: boolean;
  readonly quiet?: boolean;
  readonly format: "table" | "json";
  readonly filter?: string[];
}

/** The `ls` verb: list Compose projects on the engine, found by label. */
export function createLsCommand(name = "ls"): Command {
  return new Command(name)
    .description("List running compose projects")
    .option("-a, --all", "show all stopped Compose projects")
    .option("-q, --quiet", "only display project names")
    .addOption(new Option("--format <FORMAT>", "format the output").choices(["table", "json"]).default("table"))
    .option("--filter <KEY=VALUE>", "filter output based on conditions provided (name=REGEX); repeatable", collect)
    .action(async (flags: LsFlags, cmd: Command) => {
      const { runLs } = await import("./ls-run.js");
      await runLs(cliContext(cmd), flags);
    });
}
