import { Command } from "commander";
import { createAttachCommand } from "./commands/oneoff/attach.js";
import { createBuildCommand } from "./commands/images/build.js";
import { createCommitCommand } from "./commands/images/commit.js";
import { createConfigCommand } from "./commands/inspect/config.js";
import { createCreateCommand } from "./commands/lifecycle/create.js";
import { createDownCommand } from "./commands/lifecycle/down.js";
import { createCpCommand } from "./commands/oneoff/cp.js";
import { createEventsCommand } from "./commands/inspect/events.js";
import { createExecCommand } from "./commands/oneoff/exec.js";
import { createExportCommand } from "./commands/images/export.js";
import { createImagesCommand } from "./commands/inspect/images.js";
import { createKillCommand } from "./commands/lifecycle/kill.js";
import { createLogsCommand } from "./commands/inspect/logs.js";
import { createLsCommand } from "./commands/inspect/ls.js";
import { createPauseCommand } from "./commands/lifecycle/pause.js";
import { createPortCommand } from "./commands/inspect/port.js";
import { createPsCommand } from "./commands/inspect/ps.js";
import { createPullCommand } from "./commands/images/pull.js";
import { createPushCommand } from "./commands/images/push.js";
import { createRestartCommand } from "./commands/lifecycle/restart.js";
import { createRmCommand } from "./commands/lifecycle/rm.js";
import { createRunCommand } from "./commands/oneoff/run.js";
import { createScaleCommand } from "./commands/lifecycle/scale.js";
import { createStackCommand } from "./commands/stack/stack.js";
import { createStartCommand } from "./commands/lifecycle/start.js";
import { createStatsCommand } from "./commands/inspect/stats.js";
import { createStopCommand } from "./commands/lifecycle/stop.js";
import { createTopCommand } from "./commands/inspect/top.js";
import { createUnpauseCommand } from "./commands/lifecycle/unpause.js";
import { createUpCommand } from "./commands/lifecycle/up.js";
import { createVersionCommand } from "./commands/inspect/version.js";
import { createVolumesCommand } from "./commands/inspect/volumes.js";
import { createWaitCommand } from "./commands/lifecycle/wait.js";
import { createWatchCommand } from "./commands/lifecycle/watch.js";
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
