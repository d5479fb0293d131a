import { CommanderError } from "commander";
import { ComposeError } from "../spec/errors.js";

/** Exit codes: 1 failure, 2 bad project file or usage, 130 interrupted. */
export const EXIT = { ok: 0, failure: 1, badInput: 2, interrupted: 130 } as const;

/**
 * The one place where errors become output and exit codes. Known errors print one line
 * (plus their hint); unknown ones print their stack and ask to be reported.
 */
export function reportError(err: unknown, stderr: NodeJS.WritableStream, cwd?: string): number {
  if (err instanceof CommanderError) {
    // commander already printed its message.
    return err.exitCode === 0 ? EXIT.ok : EXIT.badInput;
  }
  if (err instanceof ComposeError) {
    for (const problem of err.problems) {
      stderr.write(`error: ${problem.describe(cwd)}\n`);
      if (problem.hint) stderr.write(`  hint: ${problem.hint}\n`);
    }
    if (err.kind === "bad-input") return EXIT.badInput;
    if (err.kind === "interrupted") return EXIT.interrupted;
    return EXIT.failure;
  }
  const stack = err instanceof Error ? (err.stack ?? err.message) : String(err);
  stderr.write(`error: an unexpected error occurred\n${stack}\n`);
  stderr.write("This is a bug in tscompose; please report it with the output above.\n");
  return EXIT.failure;
}
