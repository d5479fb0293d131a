import { Command, Option } from "commander";
import { cliContext } from "../../context.js";
import { collect, wholeNumber } from "../shared/flag-values.js";

/** Flags of `exec`, as commander parses them. */
export interface ExecFlags {
  readonly detach?: boolean;
  readonly env?: string[];
  readonly user?: string;
  readonly workdir?: string;
  readonly index?: number;
  readonly privileged?: boolean;
  /** false with `-T/--no-TTY` (or Compose 2's spelling, `--no-tty`). */
  readonly TTY: boolean;
  /** true with `-t` (no effect), false with `--no-tty`. */
  readonly tty?: boolean;
  readonly interactive: boolean;
}

/** The `exec` verb: run a command in a running service container. */
export function createExecCommand(name = "exec"): Command {
  return new Command(name)
    .description("Execute a command in a running container")
    .argument("<service>", "the service")
    .argument("<command...>", "the command and its arguments")
    .option("-d, --detach", "detached mode: run the command in the background")
    .option("-e, --env <KEY=VAL>", "set environment variables (a bare KEY takes the shell's value)", collect)
    .option("-u, --user <USER>", "run the command as this user")
    .option("-w, --workdir <DIR>", "path to the working directory for this command")
    .option("--index <N>", "index of the container if the service has multiple replicas", wholeNumber)
    .option("--privileged", "give extended privileges to the process")
    .option("-T, --no-TTY", "disable pseudo-TTY allocation (default: a TTY when stdout is a terminal)")
    .addOption(new Option("-i, --interactive", "keep STDIN open even if not attached").default(true).hideHelp())
    // Accepted so that `docker exec -it` habits work; as in Compose it changes nothing: a TTY is
    // allocated when stdout is a terminal, unless -T.
    .addOption(new Option("-t, --tty", "allocate a pseudo-TTY (the default when stdout is a terminal)").hideHelp())
    // Compose 2 spells -T `--no-tty` for exec (and `--no-TTY` for run); both are accepted.
    .addOption(new Option("--no-tty", "same as -T").hideHelp())
    // Everything after the command's first word belongs to the command (`exec web ls -l`).
    .passThroughOptions()
    .action(async (service: string, command: string[], flags: ExecFlags, cmd: Command) => {
      const { runExec } = await import("./exec-run.js");
      await runExec(cliContext(cmd), service, command, flags.tty === false ? { ...flags, TTY: false } : flags);
    });
}
