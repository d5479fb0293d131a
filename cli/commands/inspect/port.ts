import { Command, InvalidArgumentError, Option } from "commander";
import { cliContext } from "../../context.js";
import { wholeNumber } from "../shared/flag-values.js";

/** Flags of `port`. */
export interface PortFlags {
  readonly protocol?: "tcp" | "udp" | "sctp";
  readonly index?: number;
}

/** A container port number, 1–65535. */
export function portNumber(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 65535) throw new InvalidArgumentError(`"${value}" is not a port number (1-65535).`);
  return n;
}

/** The `port` verb: print the public address of a service's port. */
export function createPortCommand(name = "port"): Command {
  return new Command(name)
    .description("List port mappings or print the public port for a specific mapping for the service")
    .argument("<service>", "the service")
    .argument("[private_port]", "the container port (default: list every published port)", portNumber)
    .addOption(new Option("--protocol <PROTOCOL>", "tcp or udp (default tcp)").choices(["tcp", "udp", "sctp"]))
    .option("--index <N>", "index of the container if the service has multiple replicas", wholeNumber)
    .action(async (service: string, privatePort: number | undefined, flags: PortFlags, cmd: Command) => {
      const { runPort } = await import("./port-run.js");
      await runPort(cliContext(cmd), service, privatePort, flags);
    });
}
