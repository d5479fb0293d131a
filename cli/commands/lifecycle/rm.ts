import { Command } from "commander";
import { cliContext } from "../../context.js";

/** Flags of `rm`. */
export interface RmFlags {
  readonly force?: boolean;
  readonly stop?: boolean;
  readonly volumes?: boolean;
}

/** The `rm` verb: remove services' stopped containers. */
export function createRmCommand(name = "rm"): Command {
  return new Command(name)
    .description("Removes stopped service containers")
    .argument("[services...]", "services whose containers to remove (default: all)")
    .option("-f, --force", "don't ask to confirm removal")
    .option("-s, --stop", "stop the containers, if required, before removing")
    .option("-v, --volumes", "remove any anonymous volumes attached to containers")
    .action(async (services: string[], flags: RmFlags, cmd: Command) => {
      const { runRm } = await import("./rm-run.js");
      await runRm(cliContext(cmd), services, flags);
    });
}
