import { Command } from "commander";
import { cliContext } from "../../context.js";

/** The `pause` verb: freeze the running containers of services. */
export function createPauseCommand(name = "pause"): Command {
  return new Command(name)
    .description("Pause services")
    .argument("[services...]", "services to pause (default: all)")
    .action(async (services: string[], _flags: object, cmd: Command) => {
      const { runPause } = await import("./pause-run.js");
      await runPause(cliContext(cmd), services);
    });
}
