import type { EventSink } from "../runtime/engine-events.js";
import { RuntimeError } from "../runtime/runtime-errors.js";
import type { SwarmClient } from "./client.js";
import { assertManager } from "./manager.js";
import { scopedName } from "./stack-labels.js";

/** One service's wanted replica count, by its name in the compose file. */
export interface ScaleRequest {
  readonly service: string;
  readonly replicas: number;
}

/**
 * Sets the replicas of the stack's replicated services (`docker service scale`), each by an update
 * of its current spec with only the count changed, so its spec hash label stays: the next deploy
 * of an unchanged file puts the file's count back. Every service is checked before any changes:
 * an unknown or global service is an error and nothing is scaled. Returns the services' names.
 */
export async function scaleServices(client: SwarmClient, stack: string, requests: readonly ScaleRequest[], sink: EventSink): Promise<string[]> {
  await assertManager(client);
  const services = new Map((await client.services(stack)).map((s) => [s.Spec.Name, s]));
  const targets = requests.map((r) => {
    const service = services.get(scopedName(stack, r.service));
    if (!service) throw new RuntimeError("not-found", `service ${r.service} is not part of stack ${stack}`, { hint: `\`tscompose stack services ${stack}\` lists its services.` });
    if (!service.Spec.Mode.Replicated) throw new RuntimeError("other", `service ${r.service} of stack ${stack} is not a replicated service, so it cannot be scaled`, { hint: "Only services with deploy.mode: replicated have a replica count." });
    return { service, replicas: r.replicas };
  });
  for (const { service, replicas } of targets) {
    sink.emit({ type: "resource", kind: "service", name: service.Spec.Name, status: "Scaling", detail: `to ${replicas}`, done: false, time: Date.now() });
    await client.updateService(service.ID, service.Version.Index, { ...service.Spec, Mode: { Replicated: { Replicas: replicas } } });
    sink.emit({ type: "resource", kind: "service", name: service.Spec.Name, status: "Scaled", detail: `to ${replicas}`, done: true, time: Date.now() });
  }
  return targets.map((t) => t.service.Spec.Name);
}
