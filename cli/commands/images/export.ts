import { Command } from "commander";
import { cliContext } from "../../context.js";
import { wholeNumber } from "../shared/flag-values.js";

/** Flags of `export`. */
export interface ExportFlags {
  readonly output?: string;
  readonly index?: number;
}

/** The `export` verb: a service container's filesystem as a tar archive, to a file or stdout. */
export function createExportCommand(name = "export"): Command {
  return new Command(name)
    .description("Export a service container's filesystem as a tar archive")
    .argument("<service>", "the service")
    .option("-o, --output <FILE>", "write to a file, instead of STDOUT (replaced only once the archive is complete)")
    .option("--index <N>", "index of the container if the service has multiple replicas", wholeNumber)
    .action(async (service: string, flags: ExportFlags, cmd: Command) => {
      const { runExport } = await import("./export-run.js");
      await runExport(cliContext(cmd), service, flags);
    });
}
