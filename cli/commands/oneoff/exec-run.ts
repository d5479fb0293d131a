import { parseEnvFlags } from "../../../engine/oneoff/run-options.js";
import type { CliContext } from "../../context.js";
import { terminalSizeOf } from "./terminal-size.js";
import { chooseTty } from "./tty-choice.js";
import { connectEngine } from "../../engine-connect.js";
import type { ExecFlags } from "./exec.js";
import { resolveProjectName } from "../shared/project-target.js";

/** A terminal as node exposes it (raw mode for a TTY session). */
type MaybeTty = NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };

/**
 * Runs `exec` and sets the process exit code to the command's. A TTY is allocated when both stdin
 * and stdout are terminals (unless `-T`; see `chooseTty`), and it follows the local terminal's
 * size; stdin is forwarded (raw on a TTY) unless `-d`.
 */
export async function runExec(ctx: CliContext, service: string, command: string[], flags: ExecFlags): Promise<void> {
  const projectName = await resolveProjectName(ctx);
  const runtime = await connectEngine(ctx);
  const { execStreaming } = await import("../../../api/verbs/exec.js");
  const stdin = ctx.stdin as MaybeTty;
  const interactive = flags.interactive && !flags.detach;
  const { tty, forwardStdin } = chooseTty({ stdoutTty: ctx.stdout.isTTY === true, stdinTty: stdin.isTTY === true, interactive, refused: flags.TTY === false });
  const raw = tty && stdin.isTTY === true && typeof stdin.setRawMode === "function";
  const terminal = tty ? terminalSizeOf(ctx.stdout) : undefined;
  if (raw) stdin.setRawMode?.(true);
  try {
    process.exitCode = await execStreaming(runtime, projectName, service, command, {
      tty,
      ...(terminal ? { terminal } : {}),
      env: parseEnvFlags(flags.env ?? [], (k) => ctx.env[k]),
      ...(flags.user ? { user: flags.user } : {}),
      ...(flags.workdir ? { workdir: flags.workdir } : {}),
      ...(flags.index !== undefined ? { index: flags.index } : {}),
      ...(flags.privileged ? { privileged: true } : {}),
      ...(flags.detach ? { detach: true } : {}),
      ...(forwardStdin ? { stdin: stdin as AsyncIterable<Uint8Array> } : {}),
      streams: { stdout: ctx.stdout, stderr: ctx.stderr },
    });
  } finally {
    if (raw) stdin.setRawMode?.(false);
  }
}

