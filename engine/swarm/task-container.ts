import { RuntimeError } from "../runtime/runtime-errors.js";
import type { SwarmClient } from "./client.js";
import { assertManager } from "./manager.js";
import { scopedName } from "./stack-labels.js";

/**
 * The container of a running task of the stack's `service` on the node tscompose talks to (the
 * lowest slot first), for `stack exec`: a task on another node can only be reached through that
 * node's engine. An error names where the service's tasks run instead.
 */
export async function localTaskContainer(client: SwarmClient, stack: string, service: string): Promise<string> {
  await assertManager(client);
  const name = scopedName(stack, service);
  const [info, tasks] = await Promise.all([client.swarmInfo(), client.tasks({ services: [name], desiredState: "running" })]);
  const running = tasks.filter((t) => t.Status.State === "running" && t.Status.ContainerStatus?.ContainerID);
  const here = running.filter((t) => t.NodeID === info.NodeID).sort((a, b) => (a.Slot ?? 0) - (b.Slot ?? 0))[0];
  const id = here?.Status.ContainerStatus?.ContainerID;
  if (id) return id;
  if (running.length === 0) {
    throw new RuntimeError("not-found", `service ${service} of stack ${stack} has no running task`, { hint: `\`tscompose stack ps ${stack}\` shows its tasks and their errors.` });
  }
  const nodes = await client.nodeHostnames();
  const where = [...new Set(running.map((t) => nodes.get(t.NodeID ?? "") ?? t.NodeID ?? "?"))].sort().join(", ");
  throw new RuntimeError("not-found", `service ${service} of stack ${stack} has no running task on this node; its tasks run on ${where}`, {
    hint: "Point DOCKER_HOST at one of those nodes' engines to exec there.",
  });
}
