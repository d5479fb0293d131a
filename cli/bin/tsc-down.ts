#!/usr/bin/env -S node --
import { createDownCommand } from "../commands/down.js";
import { createShim } from "../program.js";
import { runCli } from "../run.js";

await runCli(createShim("tsc-down", createDownCommand));
