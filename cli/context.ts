import type { Command } from "commander";
import { useCompatibilityNames } from "../spec/labels.js";
import { composeBool, parallelLimit } from "./compose-env.js";
import type { GlobalOptions } from "./global-options.js";

/**
 * Everything a verb needs from the process, read once here (only cli/ touches process globals).
 */
export interface CliContext {
  readonly global: GlobalOptions;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stdin: NodeJS.ReadableStream;
}

/**
 * Builds the context for a command's action from its merged global options, and sets what is
 * process-wide in Compose too: `--compatibility`/`COMPOSE_COMPATIBILITY` names. A
 * `COMPOSE_PARALLEL_LIMIT` that is not an integer stops every verb, as in Compose.
 */
export function cliContext(cmd: Command): CliContext {
  const flags = cmd.optsWithGlobals<GlobalOptions>();
  useCompatibilityNames(flags.compatibility === true || composeBool(process.env["COMPOSE_COMPATIBILITY"]));
  // COMPOSE_PARALLEL_LIMIT is --parallel's default; Compose checks it before any verb runs, `config` included.
  const parallel = flags.parallel ?? parallelLimit(process.env);
  return {
    global: parallel !== undefined ? { ...flags, parallel } : flags,
    env: process.env,
    cwd: process.cwd(),
    stdout: process.stdout,
    stderr: process.stderr,
    // Read when a verb needs it: Node builds process.stdin (a tty, pipe or file stream) lazily.
    get stdin() {
      return process.stdin;
    },
  };
}

/** Reads all of standard input as text (for `-f -`). */
export async function readStdin(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}
