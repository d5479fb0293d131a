import { ProjectError } from "../../spec/errors.js";
import type { DependsOn, Project } from "../../spec/project.js";
import type { GraphSource } from "../plan/graph.js";
import { LABELS } from "../runtime/labels.js";
import type { ObservedContainer } from "../plan/observe.js";
import { desiredScale } from "../plan/plan-up.js";

/** Which project a verb works on: its name, and the loaded compose file when there is one. */
export interface ProjectRef {
  readonly name: string;
  /** Absent when the compose file is missing (or `-p NAME` named a project elsewhere): labels tell the rest. */
  readonly project?: Project;
  /** Services the file declares but profiles switched off: theirs are not orphans. */
  readonly disabledServices?: readonly string[];
}

/** One service as a verb sees it. */
export interface ViewService {
  readonly depends_on?: Readonly<Record<string, DependsOn>>;
  /** Containers the file asks for; undefined when known only from labels. */
  readonly scale?: number;
  /** true for a service the compose file declares and enables. */
  readonly declared: boolean;
}

/**
 * A project's services and their dependencies, from the compose file when there is one and from
 * container labels otherwise (Compose's `depends_on` label), as Docker Compose rebuilds its model
 * for `stop`, `ps`, `logs`… when the file is gone. Services known only from containers (orphans,
 * services switched off by profiles) are included, not declared.
 */
export interface ProjectView extends GraphSource {
  readonly name: string;
  readonly services: Readonly<Record<string, ViewService>>;
  readonly fromFile: boolean;
}

/** Builds the view of `ref` over the project's observed containers. */
export function projectView(ref: ProjectRef, containers: readonly ObservedContainer[]): ProjectView {
  const services: Record<string, ViewService> = {};
  for (const [name, svc] of Object.entries(ref.project?.services ?? {})) {
    services[name] = { declared: true, scale: desiredScale(svc, name), ...(svc.depends_on ? { depends_on: svc.depends_on } : {}) };
  }
  const fromLabels = [...containers].filter((c) => !c.oneoff && c.service !== "").sort((a, b) => a.service.localeCompare(b.service) || a.number - b.number);
  for (const c of fromLabels) {
    if (services[c.service]) continue;
    services[c.service] = { declared: false, depends_on: parseDependsOnLabel(c.labels[LABELS.dependsOn] ?? "") };
  }
  // Edges to services nobody knows (a dependency that never ran) would break the graph.
  for (const [name, svc] of Object.entries(services)) {
    const deps = Object.entries(svc.depends_on ?? {}).filter(([d]) => d in services);
    services[name] = { ...svc, depends_on: Object.fromEntries(deps) };
  }
  return { name: ref.name, services, fromFile: ref.project !== undefined };
}

/**
 * Parses Compose's `com.docker.compose.depends_on` label (`db:service_healthy:false,cache:service_started:true`)
 * back into depends_on entries (required, as the label does not record it).
 */
export function parseDependsOnLabel(label: string): Record<string, DependsOn> {
  const out: Record<string, DependsOn> = {};
  for (const entry of label.split(",")) {
    const [name, condition, restart] = entry.split(":");
    if (!name) continue;
    const known = condition === "service_healthy" || condition === "service_completed_successfully" ? condition : "service_started";
    out[name] = { condition: known, required: true, restart: restart === "true" };
  }
  return out;
}

/**
 * The services a verb acts on: the named ones (each must be known, else a bad-input
 * `E_NO_SUCH_SERVICE`), or with none named every declared service, or every service seen in
 * labels when there is no compose file.
 */
export function targetServices(view: ProjectView, named: readonly string[] | undefined): string[] {
  const all = Object.keys(view.services);
  if (named && named.length > 0) {
    const unknown = named.filter((s) => !(s in view.services));
    if (unknown.length > 0) {
      throw new ProjectError("E_NO_SUCH_SERVICE", `no such service: ${unknown.join(", ")}`, {
        hint: all.length > 0 ? `The project's services are: ${[...all].sort().join(", ")}.` : `Project "${view.name}" has no containers.`,
      });
    }
    return [...new Set(named)];
  }
  return view.fromFile ? all.filter((s) => view.services[s]?.declared) : all;
}

/** The view restricted to `keep` (edges leaving it dropped), for walking a subset in order. */
export function subView(view: ProjectView, keep: readonly string[]): ProjectView {
  const set = new Set(keep);
  const services: Record<string, ViewService> = {};
  for (const [name, svc] of Object.entries(view.services)) {
    if (!set.has(name)) continue;
    services[name] = { ...svc, depends_on: Object.fromEntries(Object.entries(svc.depends_on ?? {}).filter(([d]) => set.has(d))) };
  }
  return { ...view, services };
}

/**
 * Checks services named on the command line against what is known of the project without
 * observing it: the file's services (enabled or not) and the services `seen` in container
 * labels. Without a compose file any name passes (it simply matches no container).
 */
export function assertKnownServices(ref: ProjectRef, seen: Iterable<string>, named: readonly string[] | undefined): void {
  if (!ref.project || !named || named.length === 0) return;
  const known = new Set([...Object.keys(ref.project.services), ...(ref.disabledServices ?? []), ...seen]);
  const unknown = named.filter((s) => !known.has(s));
  if (unknown.length === 0) return;
  throw new ProjectError("E_NO_SUCH_SERVICE", `no such service: ${unknown.join(", ")}`, {
    hint: `The project's services are: ${Object.keys(ref.project.services).sort().join(", ")}.`,
  });
}
