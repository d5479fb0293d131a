import { Command } from "commander";
import { cliContext } from "../../context.js";
import { wholeNumber } from "../shared/flag-values.js";

/** Flags of `restart`. */
export interface RestartFlags {
  readonly timeout?: number;
  readonly deps: boolean;
}

/** The `restart` verb: restart services' containers, and those depending on them with `restart: true`. */
export function createRestartCommand(name = "restart"): Command {
  return new Command(name)
    .description("Restart service containers")
    .argument("[services...]", "services to restart (default: all)")
    .option("-t, --timeout <SECONDS>", "shutdown timeout in seconds", wholeNumber)
    .option("--no-deps", "don't restart dependent services")
    .action(async (services: string[], flags: RestartFlags, cmd: Command) => {
      const { runRestart } = await import("./restart-run.js");
      await runRestart(cliContext(cmd), services, flags);
    });
}
