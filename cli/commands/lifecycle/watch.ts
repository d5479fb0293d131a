import { Command } from "commander";
import { cliContext } from "../../context.js";
import { booleanValue, wholeNumber } from "../shared/flag-values.js";

/** Flags of `watch`, as commander parses them. */
export interface WatchFlags {
  /** false under `--no-up`. */
  readonly up: boolean;
  /** undefined or true: remove the image a rebuild replaced when nothing names it any more (Compose's default). */
  readonly prune?: boolean;
  readonly quiet?: boolean;
  /** Trailing debounce in milliseconds. */
  readonly debounce: number;
  readonly detach?: boolean;
  readonly stop?: boolean;
}

/** Default trailing debounce of `watch` and `up --watch` (Compose waits 500 ms). */
export const DEFAULT_DEBOUNCE_MS = 50;

/** The `watch` verb: bring the project up, then sync, rebuild or restart services on file changes. */
export function createWatchCommand(name = "watch"): Command {
  return new Command(name)
    .description("Watch build context for service and rebuild/refresh containers when files are updated")
    .argument("[services...]", "services to watch (default: every service with develop.watch)")
    .option("--no-up", "do not build & start services before watching")
    .option("--prune [BOOL]", "prune the image a rebuild leaves dangling (default true; --prune=false keeps it)", booleanValue)
    .option("--quiet", "hide build output")
    .option("--debounce <MS>", "wait this long after the last change before acting", wholeNumber, DEFAULT_DEBOUNCE_MS)
    .option("-d, --detach", "run the watcher in the background (its output goes to a log file)")
    .option("--stop", "stop the project's background watcher")
    .action(async (services: string[], flags: WatchFlags, cmd: Command) => {
      const { runWatch } = await import("./watch-run.js");
      await runWatch(cliContext(cmd), services, flags);
    });
}
