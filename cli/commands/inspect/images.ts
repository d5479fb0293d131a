import { Command } from "commander";
import { cliContext } from "../../context.js";
import { formatOption } from "../../render/format-option.js";

/** Flags of `images`. */
export interface ImagesFlags {
  /** `table`, `json`, `table TEMPLATE` or a Go template. */
  readonly format: string;
  readonly quiet?: boolean;
}

/** The `images` verb: the images the project's containers run. */
export function createImagesCommand(name = "images"): Command {
  return new Command(name)
    .description("List images used by the created containers")
    .argument("[services...]", "only these services' containers")
    .addOption(formatOption())
    .option("-q, --quiet", "only display IDs")
    .action(async (services: string[], flags: ImagesFlags, cmd: Command) => {
      const { runImages } = await import("./images-run.js");
      await runImages(cliContext(cmd), services, flags);
    });
}
