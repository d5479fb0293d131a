import { ComposeError } from "../../spec/errors.js";
import { serviceGraph, withDependencies, type ServiceGraph } from "./graph.js";
import { serviceContainers, type Observed, type ObservedContainer } from "./observe.js";
import type { Plan } from "./operations.js";
import { PlanBuilder } from "./plan-builder.js";
import type { ProjectView } from "../verbs/project-view.js";

/** A plan for `start`, plus the containers that were already running (for "Running" rows). */
export interface StartPlan extends Plan {
  /** Every service the start covers: the targets and their dependencies, in project order. */
  readonly services: readonly string[];
  readonly running: readonly ObservedContainer[];
}

const isUp = (c: ObservedContainer) => c.status === "running" || c.status === "paused" || c.status === "restarting";

/** Every service `service` reaches along `edges`, transitively (itself excluded). */
function reach(edges: ReadonlyMap<string, readonly string[]>, service: string): string[] {
  const seen = new Set<string>();
  const visit = (s: string): void => {
    for (const n of edges.get(s) ?? []) {
      if (seen.has(n)) continue;
      seen.add(n);
      visit(n);
    }
  };
  visit(service);
  return [...seen];
}

/**
 * Plans `start`: the targets and everything they depend on, dependencies first. A stopped or
 * created container is started once its service's dependencies have met their `depends_on`
 * conditions (healthy, completed successfully; `service_started` is ordering only); running ones
 * are left alone. Pure. Throws `E_NO_CONTAINER` (before anything runs) when a service the file
 * declares has no container yet, as `docker compose start` does.
 */
export function planStart(view: ProjectView, observed: Observed, targets: readonly string[]): StartPlan {
  const graph = withDependencies(serviceGraph(view), targets);
  const missing = graph.services.filter((s) => serviceContainers(observed, s).length === 0 && (view.services[s]?.scale ?? 1) > 0);
  if (missing.length > 0) {
    const names = missing.map((s) => `"${s}"`).join(", ");
    throw new ComposeError("E_NO_CONTAINER", `service${missing.length === 1 ? "" : "s"} ${names} ${missing.length === 1 ? "has" : "have"} no container to start`, {
      hint: "Create the containers first with `tscompose up -d` (or `tscompose create`).",
    });
  }
  const b = new PlanBuilder();
  const startIds = new Map<string, string[]>();
  const running: ObservedContainer[] = [];
  for (const service of graph.services) {
    const ids: string[] = [];
    for (const c of serviceContainers(observed, service)) {
      if (isUp(c)) running.push(c);
      else ids.push(b.add({ kind: "start-container", id: `container:${c.name}:start`, cause: c.status, service, name: c.name }));
    }
    startIds.set(service, ids);
  }
  for (const service of graph.services) {
    const own = startIds.get(service) ?? [];
    if (own.length === 0) continue;
    const upstream = reach(graph.dependencies, service).flatMap((d) => startIds.get(d) ?? []);
    const waits: string[] = [];
    for (const [dep, spec] of Object.entries(view.services[service]?.depends_on ?? {})) {
      if (spec.condition === "service_started" || !graph.services.includes(dep)) continue;
      const depUpstream = [dep, ...reach(graph.dependencies, dep)].flatMap((d) => startIds.get(d) ?? []);
      waits.push(
        b.add({ kind: "wait-dependency", id: `wait:${service}:${dep}`, cause: "depends_on", service, dependency: dep, condition: spec.condition, required: spec.required, after: depUpstream }),
      );
    }
    for (const id of own) b.addAfter(id, [...upstream, ...waits]);
  }
  return { ...b.build(), services: graph.services, running };
}

/**
 * Plans `stop` of `targets`' containers (one-offs aside): a container stops only after every
 * container of the services that depend on it, transitively, has stopped. Containers already
 * stopped are in the plan too (stopping them is a no-op that reports `Stopped`, as Compose does).
 */
export function planStop(view: ProjectView, observed: Observed, targets: readonly string[], timeoutSeconds?: number): Plan {
  const graph = serviceGraph(view);
  const b = new PlanBuilder();
  const stopIds = new Map<string, string[]>();
  for (const service of targets) {
    const ids = serviceContainers(observed, service).map((c) =>
      b.add({ kind: "stop-container", id: `container:${c.name}:stop`, cause: "stop", service, name: c.name, ...(timeoutSeconds !== undefined ? { timeoutSeconds } : {}) }),
    );
    stopIds.set(service, ids);
  }
  addReverseEdges(b, graph, stopIds);
  return b.build();
}

function addReverseEdges(b: PlanBuilder, graph: ServiceGraph, ids: ReadonlyMap<string, readonly string[]>): void {
  for (const [service, own] of ids) {
    const before = reach(graph.dependants, service).flatMap((d) => ids.get(d) ?? []);
    for (const id of own) b.addAfter(id, before);
  }
}

/** Options of `rm`. */
export interface RemovePlanOptions {
  /** Also remove the containers' anonymous volumes (`-v`). */
  readonly volumes?: boolean;
  /** Remove even if running (only ever used with `--dry-run` of `rm -s`). */
  readonly force?: boolean;
}

/** Plans the removal of `containers` (in parallel: nothing runs in them any more). */
export function planRemove(containers: readonly ObservedContainer[], options: RemovePlanOptions = {}): Plan {
  const b = new PlanBuilder();
  for (const c of containers) {
    b.add({ kind: "remove-container", id: `container:${c.name}:remove`, cause: "rm", service: c.service, name: c.name, volumes: options.volumes === true, ...(options.force ? { force: true } : {}) });
  }
  return b.build();
}
