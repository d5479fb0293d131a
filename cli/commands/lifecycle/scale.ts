import { Command } from "commander";
import { cliContext } from "../../context.js";

/** Flags of `scale`, as commander parses them. */
export interface ScaleFlags {
  /** false for `--no-deps`. */
  readonly deps: boolean;
}

/** The `scale` verb: set how many containers services run, and converge them. */
export function createScaleCommand(name = "scale"): Command {
  return new Command(name)
    .description("Scale services")
    .argument("<SERVICE=REPLICAS...>", "services and their number of containers")
    .option("--no-deps", "don't start linked services")
    .action(async (specs: string[], flags: ScaleFlags, cmd: Command) => {
      const { runScale } = await import("./scale-run.js");
      await runScale(cliContext(cmd), specs, flags);
    });
}
