import { Command } from "commander";
import { cliContext } from "../../context.js";

/** Flags of `kill`. */
export interface KillFlags {
  readonly signal: string;
  readonly removeOrphans?: boolean;
}

/** The `kill` verb: send a signal (default SIGKILL) to services' running containers. */
export function createKillCommand(name = "kill"): Command {
  return new Command(name)
    .description("Force stop service containers")
    .argument("[services...]", "services to kill (default: all)")
    .option("-s, --signal <SIGNAL>", "SIGNAL to send to the container", "SIGKILL")
    .option("--remove-orphans", "also kill containers of services not defined in the compose file")
    .action(async (services: string[], flags: KillFlags, cmd: Command) => {
      const { runKill } = await import("./kill-run.js");
      await runKill(cliContext(cmd), services, flags);
    });
}
