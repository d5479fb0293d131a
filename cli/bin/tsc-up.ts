#!/usr/bin/env -S node --
import { createUpCommand } from "../commands/up.js";
import { createShim } from "../program.js";
import { runCli } from "../run.js";

await runCli(createShim("tsc-up", createUpCommand));
