import { Command } from "commander";
import { cliContext } from "../../context.js";

/** The `top` verb: the processes running in the project's containers. */
export function createTopCommand(name = "top"): Command {
  return new Command(name)
    .description("Display the running processes")
    .argument("[services...]", "only these services' containers")
    .action(async (services: string[], _flags: object, cmd: Command) => {
      const { runTop } = await import("./top-run.js");
      await runTop(cliContext(cmd), services);
    });
}
