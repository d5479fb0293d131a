import { Command } from "commander";
import { cliContext } from "../../context.js";

/** The `unpause` verb: thaw the paused containers of services. */
export function createUnpauseCommand(name = "unpause"): Command {
  return new Command(name)
    .description("Unpause services")
    .argument("[services...]", "services to unpause (default: all)")
    .action(async (services: string[], _flags: object, cmd: Command) => {
      const { runUnpause } = await import("./unpause-run.js");
      await runUnpause(cliContext(cmd), services);
    });
}
