import { fstatSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { assertService, runOneOff, type RunOptions } from "../../../api/verbs/run.js";
import { parseEnvFlags, parseLabelFlags } from "../../../engine/oneoff/run-options.js";
import { parseDotEnv } from "../../../spec/discover/dotenv.js";
import { Diagnostics, ProjectError } from "../../../spec/errors.js";
import { loadProject } from "../../../spec/load.js";
import { splitShellWords } from "../../../spec/normalize/normalize-shell.js";
import { parsePortSpec } from "../../../spec/normalize/ports.js";
import { parseVolumeSpec } from "../../../spec/normalize/volumes.js";
import type { CliContext } from "../../context.js";
import { loadOptions } from "../../load-options.js";
import { terminalSizeOf } from "./terminal-size.js";
import { openSession, printWarnings } from "../../session.js";
import { chooseTty, type TtyChoice } from "./tty-choice.js";
import { quieter } from "../shared/quiet-output.js";
import type { RunFlags } from "./run.js";
import { engineWarnings } from "../../engine-connect.js";

/** A terminal as node exposes it (raw mode for a TTY session). */
type MaybeTty = NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };

/** `--env-from-file` files (relative to the working directory, .env syntax) merged in order. */
function envFromFiles(ctx: CliContext, files: readonly string[]): Record<string, string> {
  const diag = new Diagnostics();
  const out: Record<string, string> = {};
  for (const file of files) {
    const full = path.resolve(ctx.cwd, file);
    let text: string;
    try {
      text = readFileSync(full, "utf8");
    } catch (error) {
      const why = (error as NodeJS.ErrnoException).code === "ENOENT" ? "does not exist" : `cannot be read (${(error as Error).message})`;
      throw new ProjectError("E_ENV_FILE_MISSING", `--env-from-file ${file}: ${full} ${why}`, { hint: "Name an existing file of KEY=VALUE lines." });
    }
    for (const [k, v] of parseDotEnv(text, full, (k) => ctx.env[k], diag)) out[k] = v;
  }
  diag.throwIfAny();
  return out;
}

/**
 * The one-off's TTY and stdin (see `chooseTty`): `-t` forces a TTY, `-T` refuses one, and both
 * together are bad usage, as in Compose; `-d` has neither a TTY by default nor stdin.
 */
function runTty(ctx: CliContext, flags: RunFlags): TtyChoice {
  if (flags.tty === true && flags.TTY === false) throw new ProjectError("E_USAGE", "--tty and --no-TTY can't be used together");
  const interactive = flags.interactive && !flags.detach;
  const stdinTty = (ctx.stdin as MaybeTty).isTTY === true;
  return chooseTty({ stdoutTty: ctx.stdout.isTTY === true && !flags.detach, stdinTty, interactive, forced: flags.tty === true, refused: flags.TTY === false });
}

/** Turns `run`'s flags into the API's run options; bad values exit 2 before anything happens. */
export function runOptions(ctx: CliContext, command: readonly string[], flags: RunFlags): RunOptions {
  // `-v ./x:/x` is relative to where the command runs, as Compose.
  const base = { projectDir: ctx.cwd, homeDir: ctx.env["HOME"] ?? os.homedir() };
  const { tty, forwardStdin } = runTty(ctx, flags);
  return {
    ...(command.length > 0 ? { command } : {}),
    ...(flags.entrypoint !== undefined ? { entrypoint: [...splitShellWords(flags.entrypoint).words] } : {}),
    // `-e` wins over `--env-from-file`, as in Compose.
    env: { ...envFromFiles(ctx, flags.envFromFile ?? []), ...parseEnvFlags(flags.env ?? [], (k) => ctx.env[k]) },
    labels: parseLabelFlags(flags.label ?? []),
    volumes: (flags.volume ?? []).map((v) => parseVolumeSpec(v, base)),
    publish: (flags.publish ?? []).flatMap((p) => parsePortSpec(p)),
    ...(flags.servicePorts ? { servicePorts: true } : {}),
    ...(flags.user ? { user: flags.user } : {}),
    ...(flags.workdir ? { workdir: flags.workdir } : {}),
    ...(flags.name ? { name: flags.name } : {}),
    tty,
    interactive: forwardStdin,
    ...(flags.deps === false ? { noDeps: true } : {}),
    ...(flags.useAliases ? { useAliases: true } : {}),
    ...(flags.rm ? { rm: true } : {}),
    ...(flags.pull ? { pull: flags.pull } : {}),
    ...(flags.removeOrphans ? { removeOrphans: true } : {}),
    ...(flags.build !== undefined ? { build: flags.build } : {}),
    ...(flags.capAdd ? { capAdd: flags.capAdd } : {}),
    ...(flags.capDrop ? { capDrop: flags.capDrop } : {}),
  };
}

/**
 * Runs `run`: dependencies up (conditions honoured), the one-off created and started, its output
 * passed through until it exits; the process exits with its code. `-d` prints the container ID
 * instead. `--rm` removes it afterwards, also after Ctrl-C.
 */
export async function runRun(ctx: CliContext, service: string, command: string[], flags: RunFlags): Promise<void> {
  const loaded = loadProject(await loadOptions(ctx, { services: [service] }));
  printWarnings(ctx, [...loaded.warnings, ...engineWarnings(ctx, loaded)]);
  assertService(loaded, service);
  const options = runOptions(ctx, command, flags);
  const session = await openSession(flags.quiet ? { ...ctx, global: { ...ctx.global, progress: "quiet" } } : ctx);
  // stdin goes to the one-off as with `exec` (raw when both ends are terminals), unless `-d`/`-i=false`.
  const stdin = ctx.stdin as MaybeTty;
  // `runOptions` already left stdin out under `-d`, `-i=false`, or a forced TTY on a non-terminal.
  const forward = options.interactive === true;
  if (flags.tty === true && !forward && flags.interactive && !flags.detach && stdinHoldsData()) {
    ctx.stderr.write("warning: stdin is not a terminal, so it is not forwarded to the one-off's TTY (-t); use -T to pipe input\n");
  }
  const raw = forward && options.tty === true && stdin.isTTY === true && typeof stdin.setRawMode === "function";
  const terminal = options.tty === true ? terminalSizeOf(ctx.stdout) : undefined;
  try {
    const outcome = await runOneOff(quieter(session, { build: flags.quietBuild, pull: flags.quietPull }), loaded, service, options, {
      streams: { stdout: ctx.stdout, stderr: ctx.stderr },
      ...(forward ? { stdin: stdin as AsyncIterable<Uint8Array> } : {}),
      forced: session.interrupts.forced,
      ...(terminal ? { terminal } : {}),
      beforeStart: async () => {
        await session.finishProgress();
        if (raw) stdin.setRawMode?.(true);
      },
      ...(flags.detach ? { detach: true } : {}),
    });
    if (flags.detach) ctx.stdout.write(`${outcome.id}\n`);
    else process.exitCode = outcome.exitCode ?? 0;
  } finally {
    if (raw) stdin.setRawMode?.(false);
    await session.close();
  }
}

/** Whether stdin is a pipe or a file (data someone meant to send), not a terminal or /dev/null. */
function stdinHoldsData(): boolean {
  try {
    const st = fstatSync(0);
    return st.isFIFO() || st.isFile() || st.isSocket();
  } catch {
    return false;
  }
}
