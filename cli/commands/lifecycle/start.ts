import { Command } from "commander";
import { cliContext } from "../../context.js";
import { wholeNumber } from "../shared/flag-values.js";

/** Flags of `start`. */
export interface StartFlags {
  readonly wait?: boolean;
  readonly waitTimeout?: number;
}

/** The `start` verb: start the existing containers of services, dependencies first. */
export function createStartCommand(name = "start"): Command {
  return new Command(name)
    .description("Start services")
    .argument("[services...]", "services to start (with their dependencies)")
    .option("--wait", "wait for services to be running|healthy")
    .option("--wait-timeout <SECONDS>", "maximum duration to wait for the project to be running|healthy", wholeNumber)
    .action(async (services: string[], flags: StartFlags, cmd: Command) => {
      const { runStart } = await import("./start-run.js");
      await runStart(cliContext(cmd), services, flags);
    });
}
