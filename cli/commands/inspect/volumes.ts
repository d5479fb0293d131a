import { Command } from "commander";
import { cliContext } from "../../context.js";
import { formatOption } from "../../render/format-option.js";

/** Flags of `volumes`. */
export interface VolumesFlags {
  /** `table`, `json`, `table TEMPLATE` or a Go template. */
  readonly format: string;
  readonly quiet?: boolean;
}

/** The `volumes` verb: the project's volumes on the engine. */
export function createVolumesCommand(name = "volumes"): Command {
  return new Command(name)
    .description("List volumes")
    .argument("[services...]", "only the volumes these services' containers mount")
    .addOption(formatOption())
    .option("-q, --quiet", "only display volume names")
    .action(async (services: string[], flags: VolumesFlags, cmd: Command) => {
      const { runVolumes } = await import("./volumes-run.js");
      await runVolumes(cliContext(cmd), services, flags);
    });
}
