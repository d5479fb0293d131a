import type { EventSink, ResourceKind } from "../runtime/engine-events.js";
import { isRuntimeError } from "../runtime/runtime-errors.js";
import type { SwarmClient } from "./client.js";
import { assertManager } from "./manager.js";

/** How long `removeStack` waits for the stack's tasks to go before removing its networks. */
export interface RemoveStackOptions {
  readonly timeoutMs?: number;
  readonly pollMs?: number;
}

/**
 * Removes a stack the way `docker stack rm` does, found by its namespace label alone (so a stack
 * deployed by `docker stack deploy` goes too): its services, then — once their tasks are gone, so
 * nothing is still attached — its networks, secrets and configs. Volumes stay (as with docker
 * stack), and nothing without the label is touched: external networks, secrets and configs never
 * carry it. Returns false when the stack has nothing left.
 */
export async function removeStack(client: SwarmClient, stack: string, sink: EventSink, options: RemoveStackOptions = {}): Promise<boolean> {
  await assertManager(client);
  const [services, networks, secrets, configs] = await Promise.all([client.services(stack), client.networks(stack), client.secrets(stack), client.configs(stack)]);
  if (services.length + networks.length + secrets.length + configs.length === 0) return false;
  for (const service of services.sort((a, b) => a.Spec.Name.localeCompare(b.Spec.Name))) {
    await removeOne(sink, "service", service.Spec.Name, () => client.removeService(service.ID));
  }
  await tasksGone(client, stack, options);
  for (const network of networks) await removeOne(sink, "network", network.Name, () => client.removeNetwork(network.Id));
  for (const secret of secrets) await removeOne(sink, "secret", secret.Spec.Name, () => client.removeSecret(secret.ID));
  for (const config of configs) await removeOne(sink, "config", config.Spec.Name, () => client.removeConfig(config.ID));
  return true;
}

async function removeOne(sink: EventSink, kind: ResourceKind, name: string, remove: () => Promise<void>): Promise<void> {
  sink.emit({ type: "resource", kind, name, status: "Removing", done: false, time: Date.now() });
  try {
    await remove();
  } catch (error) {
    // Gone already (another rm ran at the same time): the outcome is the one asked for.
    if (!isRuntimeError(error, "not-found")) throw error;
  }
  sink.emit({ type: "resource", kind, name, status: "Removed", done: true, time: Date.now() });
}

/**
 * Waits until the removed services' tasks are gone, and their containers on this node, so the
 * stack's networks have no endpoints left and its volumes here are free; after `timeoutMs` (default 60 s) removal goes on
 * and a network still in use fails with the engine's own message.
 */
async function tasksGone(client: SwarmClient, stack: string, options: RemoveStackOptions): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    // Swarm forgets a removed service's tasks a moment before this node has removed their
    // containers, which still hold the stack's volumes: wait for both.
    const [tasks, containers] = await Promise.all([client.tasks({ stack }), client.localContainers(stack)]);
    if (tasks.length === 0 && containers.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 250));
  }
}
