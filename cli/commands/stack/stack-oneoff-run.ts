import { parseEnvFlags } from "../../../engine/oneoff/run-options.js";
import type { CliContext } from "../../context.js";
import { connectEngine, connectSwarmClient } from "../../engine-connect.js";
import { openSession } from "../../session.js";
import { openTerminalSession } from "../oneoff/terminal-session.js";
import { stackNameOf } from "./stack-run.js";
import type { StackExecFlags, StackRunFlags } from "./stack.js";

/**
 * Runs `stack exec SERVICE CMD…` in a running task of the service on this node, its output passed
 * through; the process exits with the command's code. TTY and stdin as for `exec`: a TTY when
 * stdin and stdout are terminals (unless `-T`), stdin forwarded (unless `-i=false`).
 */
export async function runStackExec(ctx: CliContext, service: string, command: readonly string[], flags: StackExecFlags): Promise<void> {
  const stack = await stackNameOf(ctx, undefined);
  const client = await connectSwarmClient(ctx);
  const { localTaskContainer } = await import("../../../engine/swarm/task-container.js");
  const container = await localTaskContainer(client, stack, service);
  const runtime = await connectEngine(ctx);
  const env = parseEnvFlags(flags.env ?? [], (k) => ctx.env[k]);
  const session = openTerminalSession(ctx, { interactive: flags.interactive !== false, refused: flags.TTY === false });
  try {
    const result = await runtime.exec(container, {
      cmd: command,
      tty: session.tty,
      ...(session.terminal ? { terminal: session.terminal } : {}),
      ...(session.stdin ? { stdin: session.stdin } : {}),
      ...(flags.user ? { user: flags.user } : {}),
      ...(flags.workdir ? { workingDir: flags.workdir } : {}),
      ...(Object.keys(env).length > 0 ? { env } : {}),
      streams: { stdout: ctx.stdout, stderr: ctx.stderr },
    });
    process.exitCode = result.exitCode;
  } finally {
    session.restore();
  }
}

/**
 * Runs `stack run SERVICE [CMD…]`: a one-off container of the service, made from its spec as the
 * Swarm has it, on this node and on the stack's overlay networks (without the service's aliases);
 * its output is passed through and the process exits with its code. The container is removed
 * afterwards, also after Ctrl-C (the first stops it, a second kills it).
 */
export async function runStackRun(ctx: CliContext, service: string, command: readonly string[], flags: StackRunFlags): Promise<void> {
  const stack = await stackNameOf(ctx, undefined);
  const env = parseEnvFlags(flags.env ?? [], (k) => ctx.env[k]);
  const client = await connectSwarmClient(ctx);
  const { runStackOneOff } = await import("../../../engine/swarm/oneoff.js");
  const session = await openSession(ctx);
  try {
    const options = {
      ...(command.length > 0 ? { command } : {}),
      ...(Object.keys(env).length > 0 ? { env } : {}),
      ...(flags.user ? { user: flags.user } : {}),
      ...(flags.workdir ? { workdir: flags.workdir } : {}),
    };
    process.exitCode = await runStackOneOff({ client, runtime: session.runtime, sink: session.sink, signal: session.interrupts.graceful }, { stack, service, options }, {
      streams: { stdout: ctx.stdout, stderr: ctx.stderr },
      forced: session.interrupts.forced,
      beforeStart: () => session.finishProgress(),
    });
  } finally {
    await session.close();
  }
}
