import { Command } from "commander";
import { cliContext } from "../../context.js";
import { wholeNumber } from "../shared/flag-values.js";

/** Flags of `stop`. */
export interface StopFlags {
  readonly timeout?: number;
}

/** The `stop` verb: stop services' containers without removing them, dependants first. */
export function createStopCommand(name = "stop"): Command {
  return new Command(name)
    .description("Stop services")
    .argument("[services...]", "services to stop (default: all)")
    .option("-t, --timeout <SECONDS>", "shutdown timeout in seconds", wholeNumber)
    .action(async (services: string[], flags: StopFlags, cmd: Command) => {
      const { runStop } = await import("./stop-run.js");
      await runStop(cliContext(cmd), services, flags);
    });
}
