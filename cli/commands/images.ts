import { Command, Option } from "commander";
import { cliContext } from "../context.js";

/** Flags of `images`. */
export interface ImagesFlags {
  readonly format: "table" | "json";
  readonly quiet?: boolean;
}

/** The `images` verb: the images the project's containers run. */
export function createImagesCommand(name = "images"): Command {
  return new Command(name)
    .description("List images used by the created containers")
    .argument("[services...]", "only these services' containers")
    .addOption(new Option("--format <FORMAT>", "format the output").choices(["table", "json"]).default("table"))
    .option("-q, --quiet", "only display IDs")
    .action(async (services: string[], flags: ImagesFlags, cmd: Command) => {
      const { runImages } = await import("./images-run.js");
      await runImages(cliContext(cmd), services, flags);
    });
}
