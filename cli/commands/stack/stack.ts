import { Command, Option } from "commander";
import { cliContext } from "../../context.js";
import { collect, wholeNumber } from "../shared/flag-values.js";

/** Flags of `stack deploy`. */
export interface StackDeployFlags {
  /** `-c FILE`: the compose file(s), as the global `-f` (docker stack's spelling). */
  readonly composeFile?: string[];
  readonly wait?: boolean;
  readonly waitTimeout?: number;
  readonly prune?: boolean;
  readonly removeOrphans?: boolean;
  readonly quiet?: boolean;
}

/** Flags of `stack ps`, `stack services` and `stack ls`. */
export interface StackListFlags {
  readonly quiet?: boolean;
  readonly format?: string;
  readonly noTrunc?: boolean;
}

/** Flags of `stack logs`. */
export interface StackLogsFlags {
  readonly follow?: boolean;
  readonly tail?: string;
  readonly timestamps?: boolean;
  readonly logPrefix?: boolean;
}

/** Flags of `stack exec`. */
export interface StackExecFlags {
  readonly user?: string;
  readonly workdir?: string;
  readonly env?: string[];
  /** false with `-T/--no-TTY` (or `--no-tty`). */
  readonly TTY?: boolean;
  readonly tty?: boolean;
  readonly interactive?: boolean;
}

/** Flags of `stack run`. */
export interface StackRunFlags {
  readonly user?: string;
  readonly workdir?: string;
  readonly env?: string[];
  /** Accepted for `run`'s sake: the one-off is always removed. */
  readonly rm?: boolean;
  /** `-T`: accepted; the one-off never has a TTY. */
  readonly TTY?: boolean;
}

const STACK_ARG = "the stack's name (default: the project's name, as for every other verb)";

/** `stack deploy`: create or update the stack's services, networks, secrets and configs. */
function deployCommand(): Command {
  return new Command("deploy")
    .alias("up")
    .description("Deploy the compose file to the Swarm as a stack, or update it")
    .argument("[stack]", STACK_ARG)
    .option("-c, --compose-file <FILE>", "compose file (repeatable; same as the global -f)", collect)
    .option("--wait", "wait until every service's tasks run (healthy where they have a healthcheck)")
    .option("--wait-timeout <SECONDS>", "give up waiting after this many seconds (exit 1)", wholeNumber)
    .option("--prune", "remove the stack's services that the compose file no longer declares")
    .option("--remove-orphans", "same as --prune (Compose's spelling)")
    .option("-q, --quiet", "print no progress")
    .action(async (stack: string | undefined, flags: StackDeployFlags, cmd: Command) => {
      const { runStackDeploy } = await import("./stack-run.js");
      await runStackDeploy(cliContext(cmd), stack, flags);
    });
}

/** `stack ls`: the stacks on the Swarm. */
function lsCommand(): Command {
  return new Command("ls")
    .description("List the stacks on the Swarm (tscompose's and docker stack's alike)")
    .addOption(new Option("--format <FORMAT>", "table, json, or a Go template ('{{.Name}}', 'table {{.Name}}')").default("table"))
    .action(async (flags: StackListFlags, cmd: Command) => {
      const { runStackLs } = await import("./stack-run.js");
      await runStackLs(cliContext(cmd), flags);
    });
}

/** `stack ps`: the stack's tasks. */
function psCommand(): Command {
  return new Command("ps")
    .description("List the stack's tasks: where each runs, its state and its error")
    .argument("[stack]", STACK_ARG)
    .option("-q, --quiet", "only display task IDs")
    .option("--no-trunc", "do not truncate IDs and errors")
    .addOption(new Option("--format <FORMAT>", "table, json, or a Go template ('{{.Name}}', 'table {{.Name}}')").default("table"))
    .action(async (stack: string | undefined, flags: StackListFlags, cmd: Command) => {
      const { runStackPs } = await import("./stack-run.js");
      await runStackPs(cliContext(cmd), stack, flags);
    });
}

/** `stack services`: the stack's services with their replica counts. */
function servicesCommand(): Command {
  return new Command("services")
    .description("List the stack's services with their running and desired replicas")
    .argument("[stack]", STACK_ARG)
    .option("-q, --quiet", "only display service IDs")
    .addOption(new Option("--format <FORMAT>", "table, json, or a Go template ('{{.Name}}', 'table {{.Name}}')").default("table"))
    .action(async (stack: string | undefined, flags: StackListFlags, cmd: Command) => {
      const { runStackServices } = await import("./stack-run.js");
      await runStackServices(cliContext(cmd), stack, flags);
    });
}

/** `stack rm`: remove the stack's services, networks, secrets and configs (never volumes or external objects). */
function rmCommand(): Command {
  return new Command("rm")
    .alias("down")
    .description("Remove the stack: its services, networks, secrets and configs (volumes and external objects stay)")
    .argument("[stacks...]", STACK_ARG)
    .action(async (stacks: string[], _flags: unknown, cmd: Command) => {
      const { runStackRm } = await import("./stack-run.js");
      await runStackRm(cliContext(cmd), stacks);
    });
}

/** `stack logs`: the services' output, prefixed like `logs`. */
function logsCommand(): Command {
  return new Command("logs")
    .description("Show the output of the stack's services (every task, every node)")
    .argument("[services...]", "only these services")
    .option("-f, --follow", "follow log output")
    .option("-n, --tail <N>", "number of lines to show from the end of each service's logs (or all)", "all")
    .option("-t, --timestamps", "show timestamps")
    .option("--no-log-prefix", "do not print the service prefix")
    .action(async (services: string[], flags: StackLogsFlags, cmd: Command) => {
      const { runStackLogs } = await import("./stack-logs-run.js");
      await runStackLogs(cliContext(cmd), services, flags);
    });
}

/** `stack scale`: set services' replica counts. */
function scaleCommand(): Command {
  return new Command("scale")
    .description("Set the number of replicas of replicated services (SERVICE=N ...)")
    .argument("<scales...>", "SERVICE=REPLICAS")
    .option("--wait", "wait until the services converge")
    .option("--wait-timeout <SECONDS>", "give up waiting after this many seconds (exit 1)", wholeNumber)
    .action(async (scales: string[], flags: StackDeployFlags, cmd: Command) => {
      const { runStackScale } = await import("./stack-run.js");
      await runStackScale(cliContext(cmd), scales, flags);
    });
}

/** `stack exec`: a command in a running task of a service, on the node tscompose talks to. */
function execCommand(): Command {
  return new Command("exec")
    .description("Run a command in a running task of a service on this node")
    .argument("<service>", "the service")
    .argument("<command...>", "the command and its arguments")
    .option("-u, --user <USER>", "run as this user")
    .option("-w, --workdir <DIR>", "working directory inside the container")
    .option("-e, --env <KEY=VALUE>", "set an environment variable (repeatable)", collect)
    .option("-T, --no-TTY", "disable pseudo-TTY allocation (default: a TTY when stdin and stdout are terminals)")
    .addOption(new Option("-i, --interactive", "keep STDIN open").default(true).hideHelp())
    .addOption(new Option("-t, --tty", "accepted, as for exec").hideHelp())
    .addOption(new Option("--no-tty", "same as -T").hideHelp())
    .passThroughOptions()
    .action(async (service: string, command: string[], flags: StackExecFlags, cmd: Command) => {
      const { runStackExec } = await import("./stack-oneoff-run.js");
      await runStackExec(cliContext(cmd), service, command, flags.tty === false ? { ...flags, TTY: false } : flags);
    });
}

/** `stack run`: a one-off container of a service on this node, joined to the stack's networks. */
function runCommand(): Command {
  return new Command("run")
    .description("Run a one-off container of a service on this node, on the stack's networks (removed afterwards)")
    .argument("<service>", "the service")
    .argument("[command...]", "the command and its arguments (default: the service's)")
    .option("-u, --user <USER>", "run as this user")
    .option("-w, --workdir <DIR>", "working directory inside the container")
    .option("-e, --env <KEY=VALUE>", "set an environment variable (repeatable)", collect)
    .option("--rm", "remove the container afterwards (always done)")
    .option("-T, --no-TTY", "no pseudo-TTY (always the case)")
    .passThroughOptions()
    .action(async (service: string, command: string[], flags: StackRunFlags, cmd: Command) => {
      const { runStackRun } = await import("./stack-oneoff-run.js");
      await runStackRun(cliContext(cmd), service, command, flags);
    });
}

/**
 * The `stack` verb: the compose file on a Docker Swarm, beside `docker stack` (same subcommands,
 * same labels, so either tool sees and manages the other's stacks). The stack's name defaults to
 * the project's name, and the file goes through the same loading as `up` (`.env`, interpolation,
 * profiles, overrides).
 */
export function createStackCommand(name = "stack"): Command {
  const stack = new Command(name).description("Deploy and manage the project as a stack on a Docker Swarm").enablePositionalOptions();
  for (const sub of [deployCommand(), lsCommand(), psCommand(), servicesCommand(), rmCommand(), logsCommand(), scaleCommand(), execCommand(), runCommand()]) {
    stack.addCommand(sub.exitOverride());
  }
  return stack;
}
