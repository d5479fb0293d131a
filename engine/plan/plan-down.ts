import type { Project } from "../../spec/project.js";
import { LABELS } from "../runtime/labels.js";
import type { Observed, ObservedContainer } from "./observe.js";
import type { Plan } from "./operations.js";
import { PlanBuilder } from "./plan-builder.js";

/** The `down` flags that shape a plan. */
export interface DownPlanOptions {
  /** Remove named volumes declared by the project (and anonymous ones of its containers). */
  readonly volumes?: boolean;
  readonly removeOrphans?: boolean;
  readonly timeoutSeconds?: number;
  /** Only these services' containers; networks and volumes are then kept, as in Compose. */
  readonly services?: readonly string[];
}

/**
 * Plans `down`: stop dependants before their dependencies (reverse dependency order), remove the
 * containers, then the project's networks and (with `volumes`) its volumes. Works from labels alone
 * when `project` is undefined (the compose file is gone): dependencies then come from the
 * `com.docker.compose.depends_on` label. Only objects carrying the project label are touched.
 */
export function planDown(observed: Observed, project: Project | undefined, options: DownPlanOptions = {}): Plan {
  const b = new PlanBuilder();
  const known = project ? new Set(Object.keys(project.services)) : undefined;
  const targets = options.services && options.services.length > 0 ? new Set(options.services) : undefined;
  const containers = observed.containers.filter((c) => {
    if (targets) return targets.has(c.service);
    if (!known || c.oneoff) return true;
    return known.has(c.service) || options.removeOrphans === true;
  });
  const byService = groupBy(containers, (c) => c.service);
  const stopIds = new Map<string, string[]>();
  for (const [service, list] of byService) {
    stopIds.set(
      service,
      list.map((c) =>
        b.add({
          kind: "stop-container",
          id: `container:${c.name}:stop`,
          cause: "down",
          service,
          name: c.name,
          ...(options.timeoutSeconds === undefined ? {} : { timeoutSeconds: options.timeoutSeconds }),
        }),
      ),
    );
  }
  // A dependency stops only after everything that depends on it has stopped.
  for (const [service, list] of byService) {
    for (const dep of dependencies(service, list, project)) {
      for (const id of stopIds.get(dep) ?? []) b.addAfter(id, stopIds.get(service) ?? []);
    }
  }
  const removals = containers.map((c) =>
    b.add({ kind: "remove-container", id: `container:${c.name}:remove`, cause: "down", service: c.service, name: c.name, volumes: options.volumes === true, after: [`container:${c.name}:stop`] }),
  );
  if (targets) return b.build();
  for (const net of observed.networks.values()) {
    if (net.labels[LABELS.project] !== observed.project) continue;
    b.add({ kind: "remove-network", id: `network:${net.name}:remove`, cause: "down", key: net.labels[LABELS.network] ?? net.name, name: net.name, after: removals });
  }
  if (options.volumes) {
    for (const vol of observed.volumes.values()) {
      if (vol.labels[LABELS.project] !== observed.project) continue;
      const key = vol.labels[LABELS.volume] ?? vol.name;
      if (project && !project.volumes[key]) continue;
      if (project?.volumes[key]?.external) continue;
      b.add({ kind: "remove-volume", id: `volume:${vol.name}:remove`, cause: "down -v", key, name: vol.name, after: removals });
    }
  }
  return b.build();
}

/** A service's dependencies: from the project, else from its containers' depends_on label. */
function dependencies(service: string, list: readonly ObservedContainer[], project: Project | undefined): string[] {
  const fromProject = project?.services[service]?.depends_on;
  if (fromProject) return Object.keys(fromProject);
  const label = list[0]?.labels[LABELS.dependsOn] ?? "";
  return label
    .split(",")
    .map((entry) => entry.split(":")[0] ?? "")
    .filter((s) => s !== "");
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}
