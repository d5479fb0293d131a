import { Command } from "commander";
import { createConfigCommand } from "./commands/config.js";
import { createDownCommand } from "./commands/down.js";
import { createUpCommand } from "./commands/up.js";
import { addGlobalOptions } from "./global-options.js";
import { packageVersion } from "./version.js";

/** Verb factories in help order. Each takes the command name so shims can reuse it. */
const VERBS: ReadonlyArray<(name: string) => Command> = [createConfigCommand, createUpCommand, createDownCommand];
const VERB_NAMES = ["config", "up", "down"];

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
