import { Command, Option } from "commander";
import { cliContext } from "../../context.js";
import { wholeNumber } from "../shared/flag-values.js";

/** Flags of `down`. */
export interface DownFlags {
  readonly volumes?: boolean;
  readonly rmi?: "local" | "all";
  readonly removeOrphans?: boolean;
  readonly timeout?: number;
}

/** The `down` verb: stop and remove containers and networks (the `tsc-down` shim reuses it). */
export function createDownCommand(name = "down"): Command {
  return new Command(name)
    .description("Stop and remove containers, networks")
    .argument("[services...]", "only these services' containers")
    .option("-v, --volumes", "remove named volumes declared in the project and anonymous volumes attached to containers")
    .addOption(new Option("--rmi <TYPE>", "remove images used by services: local (no custom tag) or all").choices(["local", "all"]))
    .option("--remove-orphans", "remove containers for services not defined in the compose file")
    .option("-t, --timeout <SECONDS>", "shutdown timeout in seconds", wholeNumber)
    .action(async (services: string[], flags: DownFlags, cmd: Command) => {
      const { runDown } = await import("./down-run.js");
      await runDown(cliContext(cmd), services, flags);
    });
}
