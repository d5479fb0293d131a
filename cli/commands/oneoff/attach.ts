import { Command } from "commander";
import { cliContext } from "../../context.js";
import { booleanValue, wholeNumber } from "../shared/flag-values.js";

/** Flags of `attach`, as commander parses them. */
export interface AttachFlags {
  readonly index?: number;
  /** false with `--no-stdin`. */
  readonly stdin: boolean;
  /** `--sig-proxy[=BOOL]`, default true. */
  readonly sigProxy: boolean;
  readonly detachKeys?: string;
}

/** The `attach` verb: connect the terminal to a running container of a service. */
export function createAttachCommand(name = "attach"): Command {
  return new Command(name)
    .description("Attach local standard input, output, and error streams to a service's running container")
    .argument("<service>", "the service")
    .option("--index <N>", "index of the container if the service has multiple replicas", wholeNumber)
    .option("--no-stdin", "do not attach STDIN")
    .option("--sig-proxy [BOOL]", "proxy all received signals to the process (default: true)", booleanValue, true)
    .option("--detach-keys <KEYS>", "override the key sequence for detaching from a container (default: ctrl-p,ctrl-q)")
    .action(async (service: string, flags: AttachFlags, cmd: Command) => {
      const { runAttach } = await import("./attach-run.js");
      await runAttach(cliContext(cmd), service, flags);
    });
}
