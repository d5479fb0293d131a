import { Command } from "commander";
import { cliContext } from "../../context.js";

/** Flags of `events`. */
export interface EventsFlags {
  readonly json?: boolean;
  readonly since?: string;
  readonly until?: string;
}

/** The `events` verb: stream the project's container events. */
export function createEventsCommand(name = "events"): Command {
  return new Command(name)
    .description("Receive real time events from containers")
    .argument("[services...]", "only these services' containers")
    .option("--json", "output events as a stream of json objects")
    .option("--since <TIME>", "show all events created since timestamp")
    .option("--until <TIME>", "stream events until this timestamp")
    .action(async (services: string[], flags: EventsFlags, cmd: Command) => {
      const { runEvents } = await import("./events-run.js");
      await runEvents(cliContext(cmd), services, flags);
    });
}
