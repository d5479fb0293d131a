import { parseEnvFlags } from "../../../engine/oneoff/run-options.js";
import type { CliContext } from "../../context.js";
import { connectEngine } from "../../engine-connect.js";
import type { ExecFlags } from "./exec.js";
import { openTerminalSession } from "./terminal-session.js";
import { resolveProjectName } from "../shared/project-target.js";

/**
 * Runs `exec` and sets the process exit code to the command's. A TTY is allocated when both stdin
 * and stdout are terminals (unless `-T`; see `chooseTty`), and it follows the local terminal's
 * size; stdin is forwarded (raw on a TTY) unless `-d`.
 */
export async function runExec(ctx: CliContext, service: string, command: string[], flags: ExecFlags): Promise<void> {
  const projectName = await resolveProjectName(ctx);
  const runtime = await connectEngine(ctx);
  const { execStreaming } = await import("../../../api/verbs/exec.js");
  const session = openTerminalSession(ctx, { interactive: flags.interactive && !flags.detach, refused: flags.TTY === false });
  try {
    process.exitCode = await execStreaming(runtime, projectName, service, command, {
      tty: session.tty,
      ...(session.terminal ? { terminal: session.terminal } : {}),
      env: parseEnvFlags(flags.env ?? [], (k) => ctx.env[k]),
      ...(flags.user ? { user: flags.user } : {}),
      ...(flags.workdir ? { workdir: flags.workdir } : {}),
      ...(flags.index !== undefined ? { index: flags.index } : {}),
      ...(flags.privileged ? { privileged: true } : {}),
      ...(flags.detach ? { detach: true } : {}),
      ...(session.stdin ? { stdin: session.stdin } : {}),
      streams: { stdout: ctx.stdout, stderr: ctx.stderr },
    });
  } finally {
    session.restore();
  }
}
