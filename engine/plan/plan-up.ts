import { ComposeError } from "../../spec/errors.js";
import type { Project } from "../../spec/project.js";
import { defaultImageName } from "../runtime/labels.js";
import type { Observed, ObservedContainer } from "./observe.js";
import type { Plan } from "./operations.js";
import { PlanBuilder } from "./plan-builder.js";
import { checkEngineNames } from "./plan-up-names.js";
import { NetworkRecreation } from "./plan-up-networks.js";
import { gateStarts, orderCreates, referencedFirst, restartDependants } from "./plan-up-order.js";
import { planResources, resourceDeps } from "./plan-up-resources.js";
import { desiredScale, planService, timeout, type FirstContainer } from "./plan-up-service.js";
import type { ContainerSpec, CreateNetworkOptions, CreateVolumeOptions, EndpointSpec } from "../runtime/runtime.js";

export { desiredScale } from "./plan-up-service.js";

/** The `up`/`create` flags that shape a plan. */
export interface UpPlanOptions {
  /** Services named on the command line (empty: all). Their dependencies come too unless `noDeps`. */
  readonly services?: readonly string[];
  readonly noDeps?: boolean;
  readonly forceRecreate?: boolean;
  readonly noRecreate?: boolean;
  readonly removeOrphans?: boolean;
  /** Say nothing about orphan containers (Compose's `COMPOSE_IGNORE_ORPHANS`). */
  readonly ignoreOrphans?: boolean;
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
  checkEngineNames(project, selected, input.networks, (s) => (project.services[s] ? desiredScale(project.services[s], s, options.scale) : 0), !options.noStart);
  const networks = new NetworkRecreation(b);
  const resourceOps = planResources(input, b, warnings, networks);
  const startIds = new Map<string, string[]>();
  const createIds = new Map<string, string[]>();
  const readyIds = new Map<string, string[]>();
  const firsts = new Map<string, FirstContainer>();
  for (const name of referencedFirst(project, selected)) {
    const svc = project.services[name];
    if (!svc) continue;
    const r = planService(input, options, { b, resourceDeps: resourceDeps(svc, resourceOps), firsts, networks }, name, svc, (s) => serviceImage(project, s));
    startIds.set(name, r.starts);
    createIds.set(name, r.creates);
    readyIds.set(name, r.ready);
    if (r.first) firsts.set(name, r.first);
    unchanged.push(...r.unchanged);
  }
  if (!options.noStart) restartDependants(project, selected, b, { createIds, startIds, unchanged }, options);
  if (!options.noStart) gateStarts(project, selected, b, startIds);
  orderCreates(project, selected, b, { createIds, readyIds });
  planOrphans(input, options, b, warnings, networks);
  networks.finish((c, network) => reattachEndpoint(input, c, network));
  return { ...b.build(), warnings, unchanged };
}

/** The endpoint a container outside this `up` is reconnected with: its service's, when it has one. */
function reattachEndpoint(input: UpPlanInput, c: ObservedContainer, network: string): Omit<EndpointSpec, "network"> {
  if (!input.project.services[c.service]) return {};
  const spec = input.specFor({ service: c.service, number: c.number, name: c.name, image: serviceImage(input.project, c.service), imageId: c.imageId, configHash: c.configHash ?? "" });
  const { network: _network, ...endpoint } = spec.networks?.find((e) => e.network === network) ?? { network };
  return endpoint;
}

function planOrphans(input: UpPlanInput, options: UpPlanOptions, b: PlanBuilder, warnings: string[], networks: NetworkRecreation): void {
  const known = new Set([...Object.keys(input.project.services), ...(input.disabledServices ?? [])]);
  const orphans = input.observed.containers.filter((c) => !c.oneoff && !known.has(c.service));
  if (orphans.length === 0) return;
  if (!options.removeOrphans) {
    if (options.ignoreOrphans) return;
    const names = [...new Set(orphans.map((o) => o.service))].join(", ");
    warnings.push(`found orphan containers (${orphans.map((o) => o.name).join(", ")}) for services not in the project (${names}); run with --remove-orphans to clean them up`);
    return;
  }
  for (const c of orphans) {
    networks.drop(c.name);
    const stop = b.add({ kind: "stop-container", id: `container:${c.name}:stop`, cause: "orphan", service: c.service, name: c.name, ...timeout(options) });
    b.add({ kind: "remove-container", id: `container:${c.name}:remove`, cause: "orphan", service: c.service, name: c.name, volumes: true, after: [stop] });
  }
}
