import { Command } from "commander";
import { createBuildCommand } from "./commands/build.js";
import { createConfigCommand } from "./commands/config.js";
import { createCreateCommand } from "./commands/create.js";
import { createDownCommand } from "./commands/down.js";
import { createCpCommand } from "./commands/cp.js";
import { createEventsCommand } from "./commands/events.js";
import { createExecCommand } from "./commands/exec.js";
import { createImagesCommand } from "./commands/images.js";
import { createKillCommand } from "./commands/kill.js";
import { createLogsCommand } from "./commands/logs.js";
import { createLsCommand } from "./commands/ls.js";
import { createPauseCommand } from "./commands/pause.js";
import { createPortCommand } from "./commands/port.js";
import { createPsCommand } from "./commands/ps.js";
import { createRestartCommand } from "./commands/restart.js";
import { createRmCommand } from "./commands/rm.js";
import { createRunCommand } from "./commands/run.js";
import { createStartCommand } from "./commands/start.js";
import { createStopCommand } from "./commands/stop.js";
import { createTopCommand } from "./commands/top.js";
import { createUnpauseCommand } from "./commands/unpause.js";
import { createUpCommand } from "./commands/up.js";
import { createWaitCommand } from "./commands/wait.js";
import { createWatchCommand } from "./commands/watch.js";
import { addGlobalOptions } from "./global-options.js";
import { packageVersion } from "./version.js";

/** Verb factories in help order. Each takes the command name so shims can reuse it. */
const VERBS: ReadonlyArray<(name: string) => Command> = [
  createConfigCommand,
  createBuildCommand,
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
  createPsCommand,
  createLogsCommand,
  createPortCommand,
  createLsCommand,
  createTopCommand,
  createImagesCommand,
  createEventsCommand,
  createExecCommand,
  createRunCommand,
  createCpCommand,
  createWaitCommand,
  createWatchCommand,
];
const VERB_NAMES = ["config", "build", "up", "down", "create", "start", "stop", "restart", "kill", "rm", "pause", "unpause", "ps", "logs", "port", "ls", "top", "images", "events", "exec", "run", "cp", "wait", "watch"];

/** Builds the root `tscompose` program with every verb. Verb actions import heavy modules lazily. */
export function createProgram(): Command {
  const program = new Command("tscompose")
    .description("Define and run multi-container applications from Compose files, on the Docker Engine API")
    .version(packageVersion(), "-v, --version", "print the version")
    .showSuggestionAfterError(true)
    // Like Compose: global flags go before the verb, so `down -v` means --volumes, not --version.
    .enablePositionalOptions()
    .exitOverride();
  addGlobalOptions(program);
  VERBS.forEach((make, i) => program.addCommand(make(VERB_NAMES[i] ?? "").exitOverride()));
  return program;
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
