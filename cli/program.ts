import { Command } from "commander";
import { createAttachCommand } from "./commands/attach.js";
import { createBuildCommand } from "./commands/build.js";
import { createCommitCommand } from "./commands/commit.js";
import { createConfigCommand } from "./commands/config.js";
import { createCreateCommand } from "./commands/create.js";
import { createDownCommand } from "./commands/down.js";
import { createCpCommand } from "./commands/cp.js";
import { createEventsCommand } from "./commands/events.js";
import { createExecCommand } from "./commands/exec.js";
import { createExportCommand } from "./commands/export.js";
import { createImagesCommand } from "./commands/images.js";
import { createKillCommand } from "./commands/kill.js";
import { createLogsCommand } from "./commands/logs.js";
import { createLsCommand } from "./commands/ls.js";
import { createPauseCommand } from "./commands/pause.js";
import { createPortCommand } from "./commands/port.js";
import { createPsCommand } from "./commands/ps.js";
import { createPullCommand } from "./commands/pull.js";
import { createPushCommand } from "./commands/push.js";
import { createRestartCommand } from "./commands/restart.js";
import { createRmCommand } from "./commands/rm.js";
import { createRunCommand } from "./commands/run.js";
import { createScaleCommand } from "./commands/scale.js";
import { createStackCommand } from "./commands/stack.js";
import { createStartCommand } from "./commands/start.js";
import { createStatsCommand } from "./commands/stats.js";
import { createStopCommand } from "./commands/stop.js";
import { createTopCommand } from "./commands/top.js";
import { createUnpauseCommand } from "./commands/unpause.js";
import { createUpCommand } from "./commands/up.js";
import { createVersionCommand } from "./commands/version.js";
import { createVolumesCommand } from "./commands/volumes.js";
import { createWaitCommand } from "./commands/wait.js";
import { createWatchCommand } from "./commands/watch.js";
import { acceptDryRunAfterVerb, addGlobalOptions } from "./global-options.js";
import { VERB_NAMES } from "./verb-names.js";
import { packageVersion } from "./version.js";

/** Verb factories in help order. Each takes the command name so shims can reuse it. */
const VERBS: ReadonlyArray<(name: string) => Command> = [
  createConfigCommand,
  createBuildCommand,
  createPullCommand,
  createPushCommand,
  createUpCommand,
  createDownCommand,
  createCreateCommand,
  createStartCommand,
  createStopCommand,
  createRestartCommand,
  createKillCommand,
  createRmCommand,
  createPauseCommand,
  createUnpauseCommand,
  createScaleCommand,
  createPsCommand,
  createLogsCommand,
  createPortCommand,
  createLsCommand,
  createTopCommand,
  createStatsCommand,
  createImagesCommand,
  createVolumesCommand,
  createEventsCommand,
  createExecCommand,
  createAttachCommand,
  createRunCommand,
  createCpCommand,
  createExportCommand,
  createCommitCommand,
  createWaitCommand,
  createWatchCommand,
  createStackCommand,
  createVersionCommand,
];

/**
 * Builds the root `tscompose` program. Given the arguments (without node and the script), a run
 * that names a known verb gets only that verb's command (building all of them costs a few ms at every
 * start); root help, `help VERB`, an unknown verb and no verb get the full table. Verb actions
 * import heavy modules lazily.
 */
export function createProgram(args?: readonly string[]): Command {
  const program = new Command("tscompose")
    .description("Define and run multi-container applications from Compose files, on the Docker Engine API")
    .version(packageVersion(), "-v, --version", "print the version")
    .showSuggestionAfterError(true)
    // Like Compose: global flags go before the verb, so `down -v` means --volumes, not --version.
    .enablePositionalOptions()
    .exitOverride();
  addGlobalOptions(program);
  const verb = args ? namedVerb(program, args) : undefined;
  VERBS.forEach((make, i) => {
    const name = VERB_NAMES[i] ?? "";
    if (verb === undefined || verb === name) program.addCommand(acceptDryRunAfterVerb(make(name)).exitOverride());
  });
  return program;
}

/**
 * The verb `args` run, when it is one of ours and only global options come before it (skipping
 * their values); undefined when the root's own help or version is asked for first.
 */
function namedVerb(program: Command, args: readonly string[]): string | undefined {
  const takesValue = new Set<string>();
  for (const o of program.options) {
    if (!o.required && !o.optional) continue;
    if (o.short) takesValue.add(o.short);
    if (o.long) takesValue.add(o.long);
  }
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    if (arg === "--") return undefined;
    if (!arg.startsWith("-") || arg === "-") return VERB_NAMES.includes(arg) ? arg : undefined;
    if (["-h", "--help", "-v", "--version"].includes(arg)) return undefined;
    if (takesValue.has(arg)) i++;
  }
  return undefined;
}

/**
 * Builds a shim program (`tsc-up`, `tsc-down`): the verb's own command with the global flags,
 * so `tsc-up -d` behaves exactly as `tscompose up -d`.
 */
export function createShim(name: string, make: (name: string) => Command): Command {
  // `--version` only: `-v` is a verb flag in the shims (`tsc-down -v` removes volumes).
  const cmd = make(name).version(packageVersion(), "--version", "print the version").exitOverride();
  addGlobalOptions(cmd);
  return cmd;
}
