import { RuntimeError } from "../runtime/runtime-errors.js";
import type { SwarmClient } from "./client.js";
import type { ServiceLogsOptions } from "./service-logs.js";

/** One line of a stack service's log, with the task and node it came from. */
export interface StackLogLine {
  /** The service's name in the compose file. */
  readonly service: string;
  /** `<service>.<slot>` (replicated) or `<service>.<node id>` (global). */
  readonly task: string;
  /** The node's hostname. */
  readonly node: string;
  readonly stream: "stdout" | "stderr";
  readonly text: string;
  /** RFC 3339, with `timestamps`. */
  readonly time?: string;
}

/** The logs `openStackLogs` found: the tasks known now, and one stream per service. */
export interface StackLogs {
  /** `<task>@<node>` of every task of the chosen services known when the logs were opened. */
  readonly taskNames: readonly string[];
  /** Each chosen service's lines (every task, every node), sorted by service name. */
  readonly streams: readonly AsyncGenerator<StackLogLine>[];
}

/**
 * Opens the logs of the stack's services (all, or those named as in the compose file), read
 * through the manager from every node, each line labelled with its task (`web.1`) and node
 * hostname, as `docker service logs` prefixes them. An unknown service is an error before any
 * stream starts. Consumers read the streams one after another or all at once (`-f`).
 */
export async function openStackLogs(client: SwarmClient, stack: string, services: readonly string[], options: ServiceLogsOptions = {}): Promise<StackLogs> {
  const [all, tasks, hosts] = await Promise.all([client.services(stack), client.tasks({ stack }), client.nodeHostnames()]);
  const chosen = services.length === 0 ? all : services.map((s) => all.find((x) => x.Spec.Name === `${stack}_${s}`) ?? notInStack(stack, s, all.map((x) => x.Spec.Name)));
  const slot = new Map(tasks.map((t) => [t.ID, t.Slot ? String(t.Slot) : (t.NodeID ?? "")]));
  const shortName = (serviceName: string) => serviceName.slice(stack.length + 1);
  const label = (service: string, taskId: string | undefined, nodeId: string | undefined) => ({ task: `${service}.${slot.get(taskId ?? "") ?? "?"}`, node: hosts.get(nodeId ?? "") ?? nodeId ?? "" });
  const chosenIds = new Set(chosen.map((s) => s.ID));
  const taskNames = tasks
    .filter((t) => chosenIds.has(t.ServiceID))
    .map((t) => {
      const l = label(shortName(all.find((s) => s.ID === t.ServiceID)?.Spec.Name ?? ""), t.ID, t.NodeID);
      return `${l.task}@${l.node}`;
    });
  async function* lines(serviceId: string, service: string): AsyncGenerator<StackLogLine> {
    for await (const line of client.logs(serviceId, options)) {
      const entry = { service, ...label(service, line.taskId, line.nodeId), stream: line.stream, text: line.text };
      yield line.time ? { ...entry, time: line.time } : entry;
    }
  }
  const sorted = [...chosen].sort((a, b) => a.Spec.Name.localeCompare(b.Spec.Name));
  return { taskNames, streams: sorted.map((s) => lines(s.ID, shortName(s.Spec.Name))) };
}

function notInStack(stack: string, service: string, names: readonly string[]): never {
  const known = names.map((n) => n.slice(stack.length + 1)).sort();
  throw new RuntimeError("not-found", `service ${service} is not part of stack ${stack}`, {
    hint: known.length > 0 ? `The stack's services are: ${known.join(", ")}.` : `\`tscompose stack ls\` lists the stacks on this Swarm.`,
  });
}
