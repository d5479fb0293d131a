import { RuntimeError } from "../../engine/runtime/runtime-errors.js";
import type { CliContext } from "../context.js";
import { connectSwarmClient } from "../engine-connect.js";
import { stackNameOf } from "./stack-run.js";
import type { StackLogsFlags } from "./stack.js";

/**
 * Runs `stack logs [SERVICE…]`: every task's output of the stack's services (all, or those named),
 * read through the manager from every node. Each line is prefixed like `docker service logs` does,
 * `<service>.<slot>@<node> | ` (the node's hostname), unless `--no-log-prefix`. With `-f` it follows
 * until Ctrl-C.
 */
export async function runStackLogs(ctx: CliContext, services: readonly string[], flags: StackLogsFlags): Promise<void> {
  const stack = await stackNameOf(ctx, undefined);
  const client = await connectSwarmClient(ctx);
  const [all, tasks, nodes] = await Promise.all([client.services(stack), client.tasks({ stack }), client.nodes()]);
  const chosen = services.length === 0 ? all : services.map((s) => all.find((x) => x.Spec.Name === `${stack}_${s}`) ?? missing(stack, s));
  const slot = new Map(tasks.map((t) => [t.ID, t.Slot ? String(t.Slot) : (t.NodeID ?? "")]));
  const host = new Map(nodes.map((n) => [n.ID, n.Description?.Hostname ?? n.ID]));
  const tail = flags.tail === undefined || flags.tail === "all" ? undefined : Number.parseInt(flags.tail, 10);
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once("SIGINT", onSignal);
  try {
    await Promise.all(
      chosen.map(async (service) => {
        const name = service.Spec.Name.slice(stack.length + 1);
        for await (const line of client.logs(service.ID, { follow: flags.follow === true, timestamps: flags.timestamps === true, ...(tail !== undefined && !Number.isNaN(tail) ? { tail } : {}), signal: stop.signal })) {
          const prefix = flags.logPrefix === false ? "" : `${name}.${slot.get(line.taskId ?? "") ?? "?"}@${host.get(line.nodeId ?? "") ?? line.nodeId ?? "?"} | `;
          const out = line.stream === "stderr" ? ctx.stderr : ctx.stdout;
          out.write(`${prefix}${line.time ? `${line.time} ` : ""}${line.text}\n`);
        }
      }),
    );
  } finally {
    process.off("SIGINT", onSignal);
  }
}

function missing(stack: string, service: string): never {
  throw new RuntimeError("not-found", `service ${service} is not part of stack ${stack}`, { hint: `\`tscompose stack services ${stack}\` lists its services.` });
}
