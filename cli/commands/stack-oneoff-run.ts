import { parseEnvFlags } from "../../engine/oneoff/run-options.js";
import type { CliContext } from "../context.js";
import { connectEngine, connectSwarmClient } from "../engine-connect.js";
import { stackNameOf } from "./stack-run.js";
import type { StackExecFlags } from "./stack.js";

/**
 * Runs `stack exec SERVICE CMD…` in a running task of the service on this node, its output passed
 * through; the process exits with the command's code.
 */
export async function runStackExec(ctx: CliContext, service: string, command: readonly string[], flags: StackExecFlags): Promise<void> {
  const stack = await stackNameOf(ctx, undefined);
  const client = await connectSwarmClient(ctx);
  const { localTaskContainer } = await import("../../engine/swarm/task-container.js");
  const container = await localTaskContainer(client, stack, service);
  const runtime = await connectEngine(ctx);
  const env = parseEnvFlags(flags.env ?? [], (k) => ctx.env[k]);
  const result = await runtime.exec(container, {
    cmd: command,
    tty: false,
    ...(flags.user ? { user: flags.user } : {}),
    ...(flags.workdir ? { workingDir: flags.workdir } : {}),
    ...(Object.keys(env).length > 0 ? { env } : {}),
    streams: { stdout: ctx.stdout, stderr: ctx.stderr },
  });
  process.exitCode = result.exitCode;
}
