/** The package's executables; each maps to the program it runs. */
export type BinName = "tscompose" | "tsc-up" | "tsc-down";

/**
 * Runs one of the executables with `argv` (process.argv): the bundle's single entry point, so the
 * three bins share one bundle. (`--version` and piped `--help` are answered by the bins before
 * they load it: see launch.ts.)
 */
export async function runBin(bin: BinName, argv: readonly string[] = process.argv): Promise<void> {
  const [{ createProgram, createShim }, { runCli }] = await Promise.all([import("../program.js"), import("../run.js")]);
  if (bin === "tscompose") return runCli(createProgram(argv.slice(2)), argv);
  const { createUpCommand } = await import("../commands/lifecycle/up.js");
  const { createDownCommand } = await import("../commands/lifecycle/down.js");
  await runCli(createShim(bin, bin === "tsc-up" ? createUpCommand : createDownCommand), argv);
}
