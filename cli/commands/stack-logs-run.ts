import { RuntimeError } from "../../engine/runtime/runtime-errors.js";
import type { CliContext } from "../context.js";
import { connectSwarmClient } from "../engine-connect.js";
import { EXIT } from "../exit.js";
import { useColor } from "../render/colors.js";
import { createLogPrinter } from "../render/logs.js";
import { ansiMode } from "../session.js";
import { interruptOnSignal } from "./interrupt.js";
import { stackNameOf } from "./stack-run.js";
import type { StackLogsFlags } from "./stack.js";

/**
 * Runs `stack logs [SERVICE…]`: every task's output of the stack's services (all, or those named),
 * read through the manager from every node, printed like `logs` (colours, `--no-log-prefix`,
 * `-t`, stderr lines to stderr) with `docker service logs`'s task names, `<service>.<slot>@<node>`
 * (the node's hostname). With `-f` it follows until Ctrl-C.
 */
export async function runStackLogs(ctx: CliContext, services: readonly string[], flags: StackLogsFlags): Promise<void> {
  const stack = await stackNameOf(ctx, undefined);
  const client = await connectSwarmClient(ctx);
  const [all, tasks, nodes] = await Promise.all([client.services(stack), client.tasks({ stack }), client.nodes()]);
  const chosen = services.length === 0 ? all : services.map((s) => all.find((x) => x.Spec.Name === `${stack}_${s}`) ?? missing(stack, s));
  const slot = new Map(tasks.map((t) => [t.ID, t.Slot ? String(t.Slot) : (t.NodeID ?? "")]));
  const host = new Map(nodes.map((n) => [n.ID, n.Description?.Hostname ?? n.ID]));
  const shortName = (serviceName: string) => serviceName.slice(stack.length + 1);
  const taskName = (service: string, taskId?: string, nodeId?: string) => `${service}.${slot.get(taskId ?? "") ?? "?"}@${host.get(nodeId ?? "") ?? nodeId ?? "?"}`;
  const printer = createLogPrinter(ctx.stdout, {
    color: useColor(ansiMode(ctx), ctx.stdout, ctx.env),
    prefix: flags.logPrefix !== false,
    timestamps: flags.timestamps === true,
    names: tasks.filter((t) => chosen.some((s) => s.ID === t.ServiceID)).map((t) => taskName(shortName(all.find((s) => s.ID === t.ServiceID)?.Spec.Name ?? ""), t.ID, t.NodeID)),
    err: ctx.stderr,
  });
  const tail = flags.tail === undefined || flags.tail === "all" ? undefined : Number.parseInt(flags.tail, 10);
  const interrupt = interruptOnSignal();
  try {
    await Promise.all(
      chosen.map(async (service) => {
        const name = shortName(service.Spec.Name);
        const options = { follow: flags.follow === true, timestamps: flags.timestamps === true, signal: interrupt.signal, ...(tail !== undefined && !Number.isNaN(tail) ? { tail } : {}) };
        for await (const line of client.logs(service.ID, options)) {
          printer.line(taskName(name, line.taskId, line.nodeId), name, line.stream, `${line.text}\n`, line.time ? new Date(line.time) : undefined);
        }
      }),
    );
  } finally {
    printer.close();
    interrupt.dispose();
  }
  if (interrupt.interrupted()) process.exitCode = EXIT.interrupted;
}

function missing(stack: string, service: string): never {
  throw new RuntimeError("not-found", `service ${service} is not part of stack ${stack}`, { hint: `\`tscompose stack services ${stack}\` lists its services.` });
}
