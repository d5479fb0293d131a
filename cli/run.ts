import type { Command } from "commander";
import { reportError } from "./exit.js";

/**
 * Parses argv with `program`, runs the chosen action, then exits with the mapped code once
 * standard output has been flushed (a large `config` to a pipe must not be cut short).
 * The only place that calls process.exit.
 */
export async function runCli(program: Command, argv: readonly string[] = process.argv): Promise<void> {
  let code = 0;
  try {
    await program.parseAsync([...argv]);
    code = typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (err) {
    code = reportError(err, process.stderr, process.cwd());
  }
  process.stdout.write("", () => process.exit(code));
}
