import type { Project } from "../../spec/project.js";
import type { ObservedContainer } from "./observe.js";
import type { DependencyCondition } from "./operations.js";
import type { PlanBuilder } from "./plan-builder.js";
import { serviceReferences } from "./plan-up-hash.js";
import { timeout } from "./plan-up-service.js";
import type { UpPlanOptions } from "./plan-up.js";

/**
 * The selected services, each after the services whose containers it refers to (`service:X`,
 * `volumes_from`), so that their first containers are planned when its hash is computed.
 */
export function referencedFirst(project: Project, selected: readonly string[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name) || !selected.includes(name)) return;
    seen.add(name);
    const svc = project.services[name];
    if (svc) serviceReferences(svc).forEach(visit);
    out.push(name);
  };
  selected.forEach(visit);
  return out;
}

/**
 * `depends_on.<dep>.restart: true`: when `dep` is recreated, a running dependant that is otherwise
 * unchanged is stopped before `dep` goes down and started again once `dep` meets its condition.
 */
export function restartDependants(
  project: Project,
  selected: readonly string[],
  b: PlanBuilder,
  state: { createIds: Map<string, string[]>; startIds: Map<string, string[]>; unchanged: ObservedContainer[] },
  options: UpPlanOptions,
): void {
  const recreated = new Set(
    selected.filter((s) => (state.createIds.get(s) ?? []).some((id) => {
      const op = b.get(id);
      return op?.kind === "create-container" && op.replaces !== undefined;
    })),
  );
  for (const name of selected) {
    const deps = Object.entries(project.services[name]?.depends_on ?? {}).filter(([dep, cfg]) => cfg.restart && recreated.has(dep));
    if (deps.length === 0) continue;
    const cause = `restart: ${deps.map(([d]) => d).join(", ")} recreated`;
    for (const c of state.unchanged.filter((x) => x.service === name && x.status === "running")) {
      const stop = b.add({ kind: "stop-container", id: `container:${c.name}:stop`, cause, service: name, name: c.name, ...timeout(options) });
      for (const [dep] of deps) {
        for (const createId of state.createIds.get(dep) ?? []) b.addAfter(createId.replace(/:create$/, ":stop"), [stop]);
      }
      const start = b.add({ kind: "start-container", id: `container:${c.name}:start`, cause, service: name, name: c.name, after: [stop] });
      state.startIds.set(name, [...(state.startIds.get(name) ?? []), start]);
      state.unchanged.splice(state.unchanged.indexOf(c), 1);
    }
  }
}

/** Each service starts after every dependency of it meets its condition. */
export function gateStarts(project: Project, selected: readonly string[], b: PlanBuilder, startIds: Map<string, string[]>): void {
  for (const name of selected) {
    const deps = project.services[name]?.depends_on ?? {};
    const waits: string[] = [];
    for (const [dep, cfg] of Object.entries(deps)) {
      if (!selected.includes(dep)) continue;
      waits.push(
        b.add({
          kind: "wait-dependency",
          id: `wait:${name}:${dep}`,
          cause: cfg.required ? "depends_on" : "depends_on, optional",
          service: name,
          dependency: dep,
          condition: cfg.condition as DependencyCondition,
          required: cfg.required,
          after: startIds.get(dep) ?? [],
        }),
      );
    }
    for (const id of startIds.get(name) ?? []) b.addAfter(id, waits);
  }
}

/**
 * A container that shares another service's namespace or volumes is created once that service's
 * containers exist under their final names (a recreate's rename included), as Compose converges
 * the referenced service first.
 */
export function orderCreates(project: Project, selected: readonly string[], b: PlanBuilder, ids: { createIds: Map<string, string[]>; readyIds: Map<string, string[]> }): void {
  for (const name of selected) {
    const svc = project.services[name];
    const refs = svc ? serviceReferences(svc).filter((r) => project.services[r] && r !== name) : [];
    const before = refs.flatMap((r) => ids.readyIds.get(r) ?? []);
    for (const id of ids.createIds.get(name) ?? []) b.addAfter(id, before);
  }
}
