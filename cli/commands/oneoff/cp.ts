import { Command, Option } from "commander";
import { cliContext } from "../../context.js";
import { wholeNumber } from "../shared/flag-values.js";

/** Flags of `cp`. */
export interface CpFlags {
  readonly index?: number;
  readonly archive?: boolean;
  readonly followLink?: boolean;
  /** Compose's deprecated `--all`: copying to a service already reaches every container. */
  readonly all?: boolean;
}

/** The `cp` verb: copy files between a service container and the local file system. */
export function createCpCommand(name = "cp"): Command {
  return new Command(name)
    .description("Copy files/folders between a service container and the local filesystem")
    .usage("[options] SERVICE:SRC_PATH DEST_PATH|-\n       tscompose cp [options] SRC_PATH|- SERVICE:DEST_PATH")
    .argument("<source>", "SERVICE:SRC_PATH or a local path (- reads a tar archive from stdin)")
    .argument("<destination>", "a local path (- writes a tar archive to stdout) or SERVICE:DEST_PATH")
    .option("--index <N>", "index of the container if the service has multiple replicas (default: copying to a service, every container)", wholeNumber)
    .addOption(new Option("--all", "deprecated: copying to a service already copies into every container").hideHelp())
    .option("-a, --archive", "archive mode (copy all uid/gid information)")
    .option("-L, --follow-link", "always follow symbol link in SRC_PATH")
    .action(async (source: string, destination: string, flags: CpFlags, cmd: Command) => {
      const { runCp } = await import("./cp-run.js");
      await runCp(cliContext(cmd), source, destination, flags);
    });
}
