import { Command } from "commander";
import { cliContext } from "../../context.js";

/** Flags of `wait`. */
export interface WaitFlags {
  readonly downProject?: boolean;
}

/** The `wait` verb: block until the services' containers stop. */
export function createWaitCommand(name = "wait"): Command {
  return new Command(name)
    .description("Block until containers of all (or specified) services stop")
    .argument("<services...>", "the services to wait for")
    .option("--down-project", "drops project when the first container stops")
    .action(async (services: string[], flags: WaitFlags, cmd: Command) => {
      const { runWait } = await import("./wait-run.js");
      await runWait(cliContext(cmd), services, flags);
    });
}
