import { ProjectError } from "../../spec/errors.js";
import type { ServiceConfig } from "../../spec/project.js";
import { InterruptedError } from "../execute/execute-errors.js";
import { findCycle, runDag } from "./graph-dag.js";

export { findCycle, runDag, type DagOptions, type DagOutcome, type SkipReason } from "./graph-dag.js";

/** The part of a Project the graph needs (a full Project fits). */
export interface GraphSource {
  readonly services: Readonly<Record<string, Pick<ServiceConfig, "depends_on">>>;
}

/**
 * Services and their `depends_on` edges (normalization has already added the implicit ones).
 * Invariant: acyclic, and every edge joins two vertices of `services`.
 */
export interface ServiceGraph {
  /** Every vertex, in project order. */
  readonly services: readonly string[];
  /** Service → the services it depends on. */
  readonly dependencies: ReadonlyMap<string, readonly string[]>;
  /** Service → the services that depend on it. */
  readonly dependants: ReadonlyMap<string, readonly string[]>;
}

/** Which way `walk` goes: `up` visits dependencies first (leaves first), `down` dependants first (roots first). */
export type WalkDirection = "up" | "down";

/**
 * The dependency graph of a project's services. Edges to services that are not in the project
 * (a disabled, non-required dependency) are left out. A cycle is a ProjectError naming the path.
 */
export function serviceGraph(project: GraphSource): ServiceGraph {
  const services = Object.keys(project.services);
  const dependencies = new Map<string, string[]>();
  for (const name of services) {
    const deps = Object.keys(project.services[name]?.depends_on ?? {}).filter((d) => d in project.services);
    dependencies.set(name, deps);
  }
  const cycle = findCycle(services, (s) => dependencies.get(s) ?? []);
  if (cycle) {
    throw new ProjectError("E_DEPENDENCY_CYCLE", `dependency cycle: ${cycle.join(" -> ")}`, {
      path: ["services", cycle[0] ?? "", "depends_on"],
      hint: "Remove one of the dependencies in the loop.",
    });
  }
  return build(services, dependencies);
}

function build(services: readonly string[], dependencies: ReadonlyMap<string, readonly string[]>): ServiceGraph {
  const dependants = new Map<string, string[]>(services.map((s) => [s, []]));
  for (const s of services) for (const d of dependencies.get(s) ?? []) dependants.get(d)?.push(s);
  return { services, dependencies, dependants };
}

function closure(graph: ServiceGraph, start: readonly string[], edges: ReadonlyMap<string, readonly string[]>): ServiceGraph {
  const unknown = start.filter((s) => !edges.has(s));
  if (unknown.length > 0) {
    throw new ProjectError("E_NO_SUCH_SERVICE", `no such service: ${unknown.join(", ")}`, {
      hint: `The project's services are: ${graph.services.join(", ") || "(none)"}.`,
    });
  }
  const keep = new Set<string>();
  const add = (s: string): void => {
    if (keep.has(s)) return;
    keep.add(s);
    for (const n of edges.get(s) ?? []) add(n);
  };
  start.forEach(add);
  const services = graph.services.filter((s) => keep.has(s));
  const dependencies = new Map(services.map((s) => [s, (graph.dependencies.get(s) ?? []).filter((d) => keep.has(d))]));
  return build(services, dependencies);
}

/** The subgraph of `services` and everything they depend on, transitively (`up SERVICE...`). */
export function withDependencies(graph: ServiceGraph, services: readonly string[]): ServiceGraph {
  return closure(graph, services, graph.dependencies);
}

/** The subgraph of `services` and everything that depends on them, transitively (`stop SERVICE`). */
export function withDependants(graph: ServiceGraph, services: readonly string[]): ServiceGraph {
  return closure(graph, services, graph.dependants);
}

/** Options of `walk`. */
export interface WalkOptions {
  readonly concurrency?: number;
  readonly signal?: AbortSignal;
}

/**
 * Visits every service of the graph: `up` once all its dependencies are done (leaves first),
 * `down` once all its dependants are done (roots first); independent services in parallel. A
 * failure stops launching new visits and rejects with the first error once in-flight visits
 * settle; an abort does the same with an InterruptedError.
 */
export async function walk(
  graph: ServiceGraph,
  direction: WalkDirection,
  visit: (service: string) => Promise<void>,
  options: WalkOptions = {},
): Promise<void> {
  const edges = direction === "up" ? graph.dependencies : graph.dependants;
  const outcome = await runDag(graph.services, (s) => edges.get(s) ?? [], visit, {
    onFailure: "stop",
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const first = outcome.failed[0];
  if (first) throw first.error;
  if (outcome.interrupted) throw new InterruptedError();
}
