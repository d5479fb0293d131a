#!/usr/bin/env -S node --
import { packageVersion } from "../version.js";

// `--version` alone needs no command table: answer it before loading commander and the verbs.
// So does `--help` to a pipe or file, where commander prints at a fixed width: its text is pinned
// in root-help.ts (a terminal's width changes the wrapping, so there commander renders it).
const args = process.argv.slice(2);
const only = args.length === 1 ? args[0] : undefined;
if (only === "--version" || only === "-v") {
  process.stdout.write(`${packageVersion()}\n`);
} else if ((only === "--help" || only === "-h") && !process.stdout.isTTY) {
  const { ROOT_HELP } = await import("./root-help.js");
  process.stdout.write(ROOT_HELP);
} else {
  const { createProgram } = await import("../program.js");
  const { runCli } = await import("../run.js");
  await runCli(createProgram());
}
