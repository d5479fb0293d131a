import { Command, Option } from "commander";
import { cliContext } from "../../context.js";
import { collect } from "../shared/flag-values.js";

/** Flags of `run`, as commander parses them. */
export interface RunFlags {
  readonly detach?: boolean;
  readonly rm?: boolean;
  readonly env?: string[];
  readonly label?: string[];
  readonly name?: string;
  readonly user?: string;
  readonly workdir?: string;
  readonly entrypoint?: string;
  readonly deps: boolean;
  readonly volume?: string[];
  readonly publish?: string[];
  readonly servicePorts?: boolean;
  readonly useAliases?: boolean;
  readonly pull?: "always" | "missing" | "never" | "policy";
  readonly removeOrphans?: boolean;
  readonly quietPull?: boolean;
  readonly quietBuild?: boolean;
  /** `-q`: no progress output (the one-off's own output still shows). */
  readonly quiet?: boolean;
  /** `-t/--tty` given: a TTY even when stdout is not a terminal (Compose's explicit `--tty`). */
  readonly tty?: boolean;
  /** false with `-T/--no-TTY`. */
  readonly TTY: boolean;
  readonly interactive: boolean;
  readonly capAdd?: string[];
  readonly capDrop?: string[];
  readonly envFromFile?: string[];
  readonly build?: boolean;
}

/** The `run` verb: run a one-off command in a new container of a service. */
export function createRunCommand(name = "run"): Command {
  return new Command(name)
    .description("Run a one-off command on a service")
    .argument("<service>", "the service")
    .argument("[command...]", "the command and its arguments (default: the service's)")
    .option("-d, --detach", "run the container in the background and print its ID")
    .option("--rm", "automatically remove the container when it exits")
    .option("-e, --env <KEY=VAL>", "set environment variables (a bare KEY takes the shell's value)", collect)
    .option("--env-from-file <FILE>", "set environment variables from a file (.env syntax)", collect)
    .option("--cap-add <CAP>", "add a Linux capability", collect)
    .option("--cap-drop <CAP>", "drop a Linux capability", collect)
    .option("--build", "build the image before starting the container")
    .option("-l, --label <KEY=VAL>", "add or override a label", collect)
    .option("--name <NAME>", "assign a name to the container")
    .option("-u, --user <USER>", "run as this user (name or uid)")
    .option("-w, --workdir <DIR>", "working directory inside the container")
    .option("--entrypoint <CMD>", "override the image's entrypoint")
    .option("--no-deps", "don't start linked services")
    .option("-v, --volume <VOLUME>", "bind mount a volume", collect)
    .option("-p, --publish <PORT>", "publish a container's port(s) to the host", collect)
    .option("-P, --service-ports", "run with the service's ports enabled and mapped to the host")
    .option("--use-aliases", "use the service's network aliases in the network(s) the container joins")
    .addOption(new Option("--pull <POLICY>", "pull image before running").choices(["always", "missing", "never", "policy"]).default("policy"))
    .option("--remove-orphans", "remove containers for services not defined in the compose file")
    .option("--quiet-pull", "pull without printing progress information")
    .option("--quiet-build", "suppress the build output")
    .option("-q, --quiet", "don't print progress (networks, volumes, dependencies); the command's output still shows")
    .option("-T, --no-TTY", "disable pseudo-TTY allocation (default: a TTY when stdout is a terminal)")
    .addOption(new Option("-t, --tty", "allocate a pseudo-TTY even when stdout is not a terminal").hideHelp())
    .addOption(new Option("-i, --interactive", "keep STDIN open even if not attached").default(true).hideHelp())
    .passThroughOptions()
    .action(async (service: string, command: string[], flags: RunFlags, cmd: Command) => {
      const { runRun } = await import("./run-run.js");
      await runRun(cliContext(cmd), service, command, flags);
    });
}
