/**
 * Builders for executor tests: operations with readable ids, a MemoryRuntime rig with a
 * recording sink, and helpers to read the emitted statuses. Test support only.
 */
import { RecordingSink, type ResourceEvent } from "../../engine/runtime/engine-events.js";
import type { ExecuteContext } from "../../engine/execute/execute.js";
import { LABELS } from "../../engine/runtime/labels.js";
import { MemoryRuntime, type MemoryRuntimeOptions } from "../../engine/memory/memory-runtime.js";
import type { DependencyCondition, Operation } from "../../engine/plan/operations.js";
import { Readiness } from "../../engine/readiness/readiness.js";
import type { ContainerSpec } from "../../engine/runtime/runtime.js";

/** The image every executor test uses. */
export const IMAGE = "tscompose-busybox:latest";
/** The project every executor test uses. */
export const PROJECT = "ex";
/** A container command that runs until stopped. */
export const FOREVER = "trap 'exit 0' TERM; sleep 1000";

/** Compose's labels for container `n` of `service`. */
export function labels(service: string, n = 1): Record<string, string> {
  return { [LABELS.project]: PROJECT, [LABELS.service]: service, [LABELS.containerNumber]: String(n), [LABELS.oneoff]: "False" };
}

/** `ex-<service>-1`. */
export const cname = (service: string, n = 1) => `${PROJECT}-${service}-${n}`;

/** Builders of every operation kind, ids like `container:ex-web-1:create`. */
export const op = {
  network: (name = `${PROJECT}_default`, after: string[] = []): Operation => ({
    kind: "create-network", id: `network:${name}:create`, cause: "missing", after, key: name, options: { name, labels: { [LABELS.project]: PROJECT } },
  }),
  removeNetwork: (name: string, after: string[] = []): Operation => ({ kind: "remove-network", id: `network:${name}:remove`, cause: "down", after, key: name, name }),
  volume: (name: string, after: string[] = []): Operation => ({
    kind: "create-volume", id: `volume:${name}:create`, cause: "missing", after, key: name, options: { name, labels: { [LABELS.project]: PROJECT } },
  }),
  removeVolume: (name: string, after: string[] = []): Operation => ({ kind: "remove-volume", id: `volume:${name}:remove`, cause: "down", after, key: name, name }),
  pull: (service: string, image: string, after: string[] = []): Operation => ({ kind: "pull-image", id: `image:${image}:pull`, cause: "missing", after, service, image }),
  create: (service: string, script: string, after: string[] = [], extra: Partial<ContainerSpec> & { replaces?: string; name?: string } = {}): Operation => {
    const { replaces, name = cname(service), ...spec } = extra;
    return {
      kind: "create-container", id: `container:${name}:create`, cause: replaces ? "config changed" : "missing", after, service, number: 1, name,
      spec: { image: IMAGE, cmd: ["sh", "-c", script], labels: labels(service), networks: [{ network: `${PROJECT}_default`, aliases: [service] }], ...spec },
      ...(replaces !== undefined ? { replaces } : {}),
    };
  },
  start: (service: string, after: string[], name = cname(service)): Operation => ({ kind: "start-container", id: `container:${name}:start`, cause: "created", after, service, name }),
  stop: (service: string, name: string, after: string[] = []): Operation => ({ kind: "stop-container", id: `container:${name}:stop`, cause: "down", after, service, name, timeoutSeconds: 1 }),
  remove: (service: string, name: string, after: string[] = []): Operation => ({ kind: "remove-container", id: `container:${name}:remove`, cause: "down", after, service, name, volumes: false }),
  rename: (service: string, from: string, to: string, after: string[] = []): Operation => ({ kind: "rename-container", id: `container:${from}:rename`, cause: "recreate", after, service, from, to }),
  wait: (service: string, dependency: string, condition: DependencyCondition, after: string[] = [], required = true): Operation => ({
    kind: "wait-dependency", id: `wait:${service}:${dependency}`, cause: "depends_on", after, service, dependency, condition, required,
  }),
};

/** A MemoryRuntime with the test image, a Readiness on it and a recording sink. */
export function rig(options: MemoryRuntimeOptions = {}) {
  const runtime = new MemoryRuntime({ images: [{ ref: IMAGE }], ...options });
  const readiness = new Readiness(runtime, { project: PROJECT });
  const sink = new RecordingSink();
  const ctx: ExecuteContext = { runtime, readiness, sink };
  return { runtime, readiness, sink, ctx };
}

/** The statuses emitted for one resource, in order (`Creating`, `Created`, …). */
export function statuses(sink: RecordingSink, name: string): string[] {
  return resourceEvents(sink, name).map((e) => e.status);
}

/** The resource events emitted for one resource, in order. */
export function resourceEvents(sink: RecordingSink, name: string): ResourceEvent[] {
  return sink.events.filter((e): e is ResourceEvent => e.type === "resource" && e.name === name);
}

/** The texts of the warnings emitted. */
export function warnings(sink: RecordingSink): string[] {
  return sink.events.flatMap((e) => (e.type === "message" && e.level === "warning" ? [e.text] : []));
}
