import { ComposeError } from "../spec/errors.js";
import { serviceConfigHash } from "../spec/hash.js";
import type { Project, ServiceConfig } from "../spec/project.js";
import { defaultImageName, containerName } from "./labels.js";
import { serviceContainers, type Observed, type ObservedContainer } from "./observe.js";
import type { DependencyCondition, Plan } from "./operations.js";
import { PlanBuilder } from "./plan-builder.js";
import { missingExternalError, type MissingExternal } from "./plan-up-externals.js";
import { checkEngineNames } from "./plan-up-names.js";
import { settleLeftovers } from "./plan-up-leftovers.js";
import type { ContainerSpec, CreateNetworkOptions, CreateVolumeOptions } from "./runtime.js";

/** The `up`/`create` flags that shape a plan. */
export interface UpPlanOptions {
  /** Services named on the command line (empty: all). Their dependencies come too unless `noDeps`. */
  readonly services?: readonly string[];
  readonly noDeps?: boolean;
  readonly forceRecreate?: boolean;
  readonly noRecreate?: boolean;
  readonly removeOrphans?: boolean;
  /** `--scale SVC=N` overrides. */
  readonly scale?: Readonly<Record<string, number>>;
  readonly noStart?: boolean;
  /** Shutdown timeout for containers that must stop. */
  readonly timeoutSeconds?: number;
}

/** A network the project needs, as the network layer describes it. */
export interface NeededNetwork {
  readonly key: string;
  readonly name: string;
  readonly external: boolean;
  readonly options?: CreateNetworkOptions;
}

/** A named volume the project needs. */
export interface NeededVolume {
  readonly key: string;
  readonly name: string;
  readonly external: boolean;
  readonly options: CreateVolumeOptions;
}

/** What the planner needs besides the project and the observed state. */
export interface UpPlanInput {
  readonly project: Project;
  readonly observed: Observed;
  readonly networks: readonly NeededNetwork[];
  readonly volumes: readonly NeededVolume[];
  /** Builds the create spec of one container (labels, mounts, endpoints…). */
  readonly specFor: (req: SpecRequest) => ContainerSpec;
  /** Services switched off by profiles: their containers are not orphans. */
  readonly disabledServices?: readonly string[];
}

/** What `specFor` is asked to build. */
export interface SpecRequest {
  readonly service: string;
  readonly number: number;
  readonly name: string;
  readonly image: string;
  readonly imageId: string;
  readonly configHash: string;
  /** The container being replaced, for a recreate. */
  readonly replaces?: ObservedContainer;
}

/** Result of planning `up`: the plan plus warnings to show (orphans, reused resources). */
export interface UpPlan extends Plan {
  readonly warnings: readonly string[];
  /** Containers that are already as wanted (for "Running" rows). */
  readonly unchanged: readonly ObservedContainer[];
}

/** The image reference a service runs. */
export function serviceImage(project: Project, service: string): string {
  return project.services[service]?.image ?? defaultImageName(project.name, service);
}

/** The services an `up` touches: the targets plus (unless `noDeps`) everything they depend on. */
export function selectServices(project: Project, targets: readonly string[] | undefined, noDeps = false): string[] {
  const all = Object.keys(project.services);
  if (!targets || targets.length === 0) return all;
  for (const t of targets) {
    if (!project.services[t]) {
      throw new ComposeError("E_NO_SUCH_SERVICE", `no such service: ${t}`, {
        kind: "bad-input",
        hint: `The project's services are: ${all.join(", ")}.`,
      });
    }
  }
  if (noDeps) return [...targets];
  const out = new Set<string>();
  const visit = (s: string) => {
    if (out.has(s)) return;
    out.add(s);
    for (const d of Object.keys(project.services[s]?.depends_on ?? {})) if (project.services[d]) visit(d);
  };
  targets.forEach(visit);
  return all.filter((s) => out.has(s));
}

/** How many containers a service should have. */
export function desiredScale(service: ServiceConfig, name: string, overrides?: Readonly<Record<string, number>>): number {
  return overrides?.[name] ?? service.scale ?? service.deploy?.replicas ?? 1;
}

/**
 * Plans `up`: networks and volumes first, then per service the containers to create, recreate,
 * start, or scale away, with starts gated on each dependency's condition. Pure: the observed state
 * and the project decide everything. Throws a ComposeError when something the project needs
 * (an external network or volume, an image) is missing, and a ProjectError when engine names
 * collide (see checkEngineNames).
 */
export function planUp(input: UpPlanInput, options: UpPlanOptions = {}): UpPlan {
  const { project } = input;
  const b = new PlanBuilder();
  const warnings: string[] = [];
  const unchanged: ObservedContainer[] = [];
  const selected = selectServices(project, options.services, options.noDeps);
  checkEngineNames(project, selected, input.networks, (s) => (project.services[s] ? desiredScale(project.services[s], s, options.scale) : 0));
  const resourceOps = planResources(input, b, warnings);
  const startIds = new Map<string, string[]>();
  const createIds = new Map<string, string[]>();
  for (const name of selected) {
    const svc = project.services[name];
    if (!svc) continue;
    const r = planService(input, options, b, name, svc, resourceOps);
    startIds.set(name, r.starts);
    createIds.set(name, r.creates);
    unchanged.push(...r.unchanged);
  }
  if (!options.noStart) restartDependants(project, selected, b, { createIds, startIds, unchanged }, options);
  if (!options.noStart) gateStarts(project, selected, b, startIds);
  orderCreates(project, selected, b, createIds);
  planOrphans(input, options, b, warnings);
  return { ...b.build(), warnings, unchanged };
}

function planResources(input: UpPlanInput, b: PlanBuilder, warnings: string[]): Map<string, string> {
  const { observed, project } = input;
  const ids = new Map<string, string>();
  const missing: MissingExternal[] = [];
  for (const net of input.networks) {
    const found = observed.networks.get(net.name);
    if (net.external) {
      if (!found) missing.push({ kind: "network", key: net.key, name: net.name });
      continue;
    }
    if (found) {
      if (found.labels["com.docker.compose.project"] !== project.name) {
        warnings.push(`a network with name ${net.name} exists but was not created for project "${project.name}"; set \`external: true\` to use an existing network`);
      }
      continue;
    }
    ids.set(`network:${net.key}`, b.add({ kind: "create-network", id: `network:${net.name}:create`, cause: "missing", key: net.key, options: net.options ?? { name: net.name } }));
  }
  for (const vol of input.volumes) {
    const found = observed.volumes.get(vol.name);
    if (vol.external) {
      if (!found) missing.push({ kind: "volume", key: vol.key, name: vol.name });
      continue;
    }
    if (found) {
      if (found.labels["com.docker.compose.project"] !== project.name) {
        warnings.push(`volume "${vol.name}" already exists but was not created by tscompose or Docker Compose; use \`external: true\` to use an existing volume`);
      }
      continue;
    }
    // Two keys may name one volume (`name:`): the engine has one, created once.
    const id = `volume:${vol.name}:create`;
    ids.set(`volume:${vol.key}`, b.has(id) ? id : b.add({ kind: "create-volume", id, cause: "missing", key: vol.key, options: vol.options }));
  }
  if (missing.length > 0) throw missingExternalError(project, missing);
  return ids;
}

/** The resource ops a service's containers must wait for. */
function resourceDeps(svc: ServiceConfig, resourceOps: Map<string, string>): string[] {
  const out: string[] = [];
  for (const key of Object.keys(svc.networks ?? {})) {
    const id = resourceOps.get(`network:${key}`);
    if (id) out.push(id);
  }
  for (const v of svc.volumes ?? []) {
    const id = v.type === "volume" && v.source ? resourceOps.get(`volume:${v.source}`) : undefined;
    if (id) out.push(id);
  }
  return out;
}

function planService(
  input: UpPlanInput,
  options: UpPlanOptions,
  b: PlanBuilder,
  name: string,
  svc: ServiceConfig,
  resourceOps: Map<string, string>,
): { starts: string[]; creates: string[]; unchanged: ObservedContainer[] } {
  const { project, observed } = input;
  const image = serviceImage(project, name);
  const imageId = observed.images.get(image)?.id;
  if (!imageId) {
    throw new ComposeError("E_IMAGE_MISSING", `service "${name}": image ${image} is not available locally`, {
      hint: svc.build ? `Build it first (tscompose build ${name}), or run up without --dry-run/--no-build.` : `Pull it first (docker pull ${image}).`,
    });
  }
  const configHash = serviceConfigHash(svc);
  const want = desiredScale(svc, name, options.scale);
  const settled = settleLeftovers(b, name, serviceContainers(observed, name));
  const existing = settled.containers;
  const deps = [...resourceDeps(svc, resourceOps), ...settled.removals];
  const starts: string[] = [];
  const creates: string[] = [];
  const unchanged: ObservedContainer[] = [];
  const spec = (n: number, cname: string, replaces?: ObservedContainer) =>
    input.specFor({ service: name, number: n, name: cname, image, imageId, configHash, ...(replaces ? { replaces } : {}) });
  existing.forEach((c, i) => {
    // A leftover that takes over its final name is renamed before anything else touches it.
    const renamed = settled.renamed.get(c.name);
    const pre = renamed ? [renamed] : [];
    if (i >= want) {
      const stop = b.add({ kind: "stop-container", id: `container:${c.name}:stop`, cause: "scaled down", service: name, name: c.name, after: pre, ...timeout(options) });
      b.add({ kind: "remove-container", id: `container:${c.name}:remove`, cause: "scaled down", service: name, name: c.name, volumes: true, after: [stop] });
      return;
    }
    const cause = recreateCause(c, configHash, imageId, options);
    if (cause) {
      const r = planRecreate(b, name, c, spec, cause, [...deps, ...pre], options);
      creates.push(r.create);
      if (!options.noStart) starts.push(b.add({ kind: "start-container", id: `container:${c.name}:start`, cause, service: name, name: c.name, after: [r.done] }));
    } else if (c.status !== "running" && !options.noStart) {
      starts.push(b.add({ kind: "start-container", id: `container:${c.name}:start`, cause: c.status === "paused" ? "paused" : "not running", service: name, name: c.name, after: pre }));
    } else unchanged.push(c);
  });
  let next = existing.reduce((m, c) => Math.max(m, c.number), 0);
  for (let i = existing.length; i < want; i++) {
    const n = ++next;
    const cname = svc.container_name ?? containerName(project.name, name, n);
    const create = b.add({ kind: "create-container", id: `container:${cname}:create`, cause: "missing", service: name, number: n, name: cname, spec: spec(n, cname), after: deps });
    creates.push(create);
    if (!options.noStart) starts.push(b.add({ kind: "start-container", id: `container:${cname}:start`, cause: "created", service: name, name: cname, after: [create] }));
  }
  return { starts, creates, unchanged };
}

function timeout(options: UpPlanOptions): { timeoutSeconds?: number } {
  return options.timeoutSeconds === undefined ? {} : { timeoutSeconds: options.timeoutSeconds };
}

/** Why a container must be recreated, or undefined when it is current. */
function recreateCause(c: ObservedContainer, configHash: string, imageId: string, options: UpPlanOptions): string | undefined {
  if (options.forceRecreate) return "forced";
  if (options.noRecreate) return undefined;
  if (c.configHash !== configHash) return "config changed";
  if (c.imageId !== imageId) return "image changed";
  return undefined;
}

/** Recreate as Compose does: create under a temporary name, stop and remove the old one, rename. */
function planRecreate(
  b: PlanBuilder,
  service: string,
  old: ObservedContainer,
  spec: (n: number, name: string, replaces?: ObservedContainer) => ContainerSpec,
  cause: string,
  deps: string[],
  options: UpPlanOptions,
): { create: string; done: string } {
  const temp = `${old.id.slice(0, 12)}_${old.name}`;
  const create = b.add({ kind: "create-container", id: `container:${old.name}:create`, cause, service, number: old.number, name: temp, spec: spec(old.number, temp, old), replaces: old.id, after: deps });
  const stop = b.add({ kind: "stop-container", id: `container:${old.name}:stop`, cause, service, name: old.id, after: [create], ...timeout(options) });
  const remove = b.add({ kind: "remove-container", id: `container:${old.name}:remove`, cause, service, name: old.id, volumes: false, after: [stop] });
  const done = b.add({ kind: "rename-container", id: `container:${old.name}:rename`, cause, service, from: temp, to: old.name, after: [remove] });
  return { create, done };
}

/**
 * `depends_on.<dep>.restart: true`: when `dep` is recreated, a running dependant that is otherwise
 * unchanged is stopped before `dep` goes down and started again once `dep` meets its condition.
 */
function restartDependants(
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
function gateStarts(project: Project, selected: readonly string[], b: PlanBuilder, startIds: Map<string, string[]>): void {
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

/** A container that shares another service's namespace or volumes is created after that one. */
function orderCreates(project: Project, selected: readonly string[], b: PlanBuilder, createIds: Map<string, string[]>): void {
  for (const name of selected) {
    const svc = project.services[name];
    const refs = [svc?.network_mode, svc?.ipc, svc?.pid, ...(svc?.volumes_from ?? [])]
      .filter((r): r is string => typeof r === "string")
      .map((r) => (r.startsWith("service:") ? r.slice(8) : r.split(":")[0] ?? r))
      .filter((r) => project.services[r] && r !== name);
    const before = refs.flatMap((r) => createIds.get(r) ?? []);
    for (const id of createIds.get(name) ?? []) b.addAfter(id, before);
  }
}

function planOrphans(input: UpPlanInput, options: UpPlanOptions, b: PlanBuilder, warnings: string[]): void {
  const known = new Set([...Object.keys(input.project.services), ...(input.disabledServices ?? [])]);
  const orphans = input.observed.containers.filter((c) => !c.oneoff && !known.has(c.service));
  if (orphans.length === 0) return;
  if (!options.removeOrphans) {
    const names = [...new Set(orphans.map((o) => o.service))].join(", ");
    warnings.push(`found orphan containers (${orphans.map((o) => o.name).join(", ")}) for services not in the project (${names}); run with --remove-orphans to clean them up`);
    return;
  }
  for (const c of orphans) {
    const stop = b.add({ kind: "stop-container", id: `container:${c.name}:stop`, cause: "orphan", service: c.service, name: c.name, ...timeout(options) });
    b.add({ kind: "remove-container", id: `container:${c.name}:remove`, cause: "orphan", service: c.service, name: c.name, volumes: true, after: [stop] });
  }
}
