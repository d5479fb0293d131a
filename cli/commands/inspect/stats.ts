import { Command } from "commander";
import { cliContext } from "../../context.js";
import { formatOption } from "../../render/format-option.js";

/** Flags of `stats`, as commander parses them. */
export interface StatsFlags {
  readonly all?: boolean;
  /** `table`, `json`, `table TEMPLATE` or a Go template. */
  readonly format: string;
  /** false with `--no-stream`. */
  readonly stream: boolean;
  /** false with `--no-trunc`. */
  readonly trunc: boolean;
}

/** The `stats` verb: a live table of the project's containers' resource usage. */
export function createStatsCommand(name = "stats"): Command {
  return new Command(name)
    .description("Display a live stream of container(s) resource usage statistics")
    .argument("[services...]", "only these services' containers")
    .option("-a, --all", "show all containers (default shows just running)")
    .addOption(formatOption())
    .option("--no-stream", "disable streaming stats and only pull the first result")
    .option("--no-trunc", "do not truncate output")
    .action(async (services: string[], flags: StatsFlags, cmd: Command) => {
      const { runStats } = await import("./stats-run.js");
      await runStats(cliContext(cmd), services, flags);
    });
}
