import { Command, InvalidArgumentError } from "commander";
import { cliContext } from "../../context.js";
import { wholeNumber } from "../shared/flag-values.js";

/** Flags of `logs`. */
export interface LogsFlags {
  readonly follow?: boolean;
  /** undefined for `all`. */
  readonly tail?: number;
  readonly since?: string;
  readonly until?: string;
  readonly timestamps?: boolean;
  readonly logPrefix: boolean;
  readonly color: boolean;
  readonly index?: number;
}

const tailValue = (value: string): number | undefined => {
  if (value === "all" || value === "-1") return undefined;
  try {
    return wholeNumber(value);
  } catch {
    throw new InvalidArgumentError(`"${value}" is not a number of lines or "all".`);
  }
};

/** The `logs` verb: view output from the project's containers. */
export function createLogsCommand(name = "logs"): Command {
  return new Command(name)
    .description("View output from containers")
    .argument("[services...]", "only these services' containers")
    .option("-f, --follow", "follow log output")
    .option("-n, --tail <LINES>", 'number of lines to show from the end of the logs for each container, or "all"', tailValue)
    .option("--since <TIME>", "show logs since timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m for 42 minutes)")
    .option("--until <TIME>", "show logs before a timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m for 42 minutes)")
    .option("-t, --timestamps", "show timestamps")
    .option("--no-log-prefix", "don't print prefix in logs")
    .option("--no-color", "produce monochrome output")
    .option("--index <N>", "index of the container if the service has multiple replicas", wholeNumber)
    .action(async (services: string[], flags: LogsFlags, cmd: Command) => {
      const { runLogs } = await import("./logs-run.js");
      await runLogs(cliContext(cmd), services, flags);
    });
}
