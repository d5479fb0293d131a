#!/usr/bin/env -S node --
import { packageVersion } from "../version.js";

// `--version` alone needs no command table: answer it before loading commander and the verbs.
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === "--version" || args[0] === "-v")) {
  process.stdout.write(`${packageVersion()}\n`);
} else {
  const { createProgram } = await import("../program.js");
  const { runCli } = await import("../run.js");
  await runCli(createProgram());
}
