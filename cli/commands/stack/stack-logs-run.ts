import type { CliContext } from "../../context.js";
import { connectSwarmClient } from "../../engine-connect.js";
import { EXIT } from "../../exit.js";
import { useColor } from "../../render/colors.js";
import { createLogPrinter } from "../../render/logs.js";
import { ansiMode } from "../../session.js";
import { interruptOnSignal } from "../shared/interrupt.js";
import { stackNameOf } from "./stack-run.js";
import type { StackLogsFlags } from "./stack.js";

/**
 * Runs `stack logs [SERVICE…]`: every task's output of the stack's services (all, or those named),
 * printed like `logs` (colours, `--no-log-prefix`, `-t`, stderr lines to stderr) with
 * `docker service logs`'s task names, `<service>.<slot>@<node>`. With `-f` it follows until Ctrl-C.
 */
export async function runStackLogs(ctx: CliContext, services: readonly string[], flags: StackLogsFlags): Promise<void> {
  const stack = await stackNameOf(ctx, undefined);
  const client = await connectSwarmClient(ctx);
  const { openStackLogs } = await import("../../../engine/swarm/stack-logs.js");
  const tail = flags.tail === undefined || flags.tail === "all" ? undefined : Number.parseInt(flags.tail, 10);
  const interrupt = interruptOnSignal();
  try {
    const logs = await openStackLogs(client, stack, services, {
      follow: flags.follow === true,
      timestamps: flags.timestamps === true,
      signal: interrupt.signal,
      ...(tail !== undefined && !Number.isNaN(tail) ? { tail } : {}),
    });
    const printer = createLogPrinter(ctx.stdout, {
      color: useColor(ansiMode(ctx), ctx.stdout, ctx.env),
      prefix: flags.logPrefix !== false,
      timestamps: flags.timestamps === true,
      names: logs.taskNames,
      err: ctx.stderr,
    });
    try {
      await Promise.all(
        logs.streams.map(async (stream) => {
          for await (const l of stream) printer.line(`${l.task}@${l.node}`, l.service, l.stream, `${l.text}\n`, l.time ? new Date(l.time) : undefined);
        }),
      );
    } finally {
      printer.close();
    }
  } finally {
    interrupt.dispose();
  }
  if (interrupt.interrupted()) process.exitCode = EXIT.interrupted;
}
