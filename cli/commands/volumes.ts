import { Command, Option } from "commander";
import { cliContext } from "../context.js";

/** Flags of `volumes`. */
export interface VolumesFlags {
  readonly format: "table" | "json";
  readonly quiet?: boolean;
}

/** The `volumes` verb: the project's volumes on the engine. */
export function createVolumesCommand(name = "volumes"): Command {
  return new Command(name)
    .description("List volumes")
    .argument("[services...]", "only the volumes these services' containers mount")
    .addOption(new Option("--format <FORMAT>", "format the output").choices(["table", "json"]).default("table"))
    .option("-q, --quiet", "only display volume names")
    .action(async (services: string[], flags: VolumesFlags, cmd: Command) => {
      const { runVolumes } = await import("./volumes-run.js");
      await runVolumes(cliContext(cmd), services, flags);
    });
}
