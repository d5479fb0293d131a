import { ComposeError } from "../../spec/errors.js";
import type { ServiceConfig } from "../../spec/project.js";
import { containerName } from "../runtime/labels.js";
import { serviceContainers, type ObservedContainer } from "./observe.js";
import type { HashFrom } from "./operations.js";
import type { PlanBuilder } from "./plan-builder.js";
import { resolvedConfigHash, resolveServiceReferences, serviceReferences } from "./plan-up-hash.js";
import { settleLeftovers } from "./plan-up-leftovers.js";
import type { NetworkRecreation } from "./plan-up-networks.js";
import type { UpPlanInput, UpPlanOptions } from "./plan-up.js";
import type { ContainerSpec, EndpointSpec } from "../runtime/runtime.js";

/**
 * What becomes of a service's first container in this plan, which services joining its
 * namespaces or volumes are hashed with: kept (its id is known), or created/recreated by the
 * op `ready` under the name `name` (its id is known once that op ran).
 */
export type FirstContainer =
  | { readonly kept: true; readonly id: string }
  | { readonly kept: false; readonly name: string; readonly ready: string; readonly verb: "created" | "recreated" };

/** What planning one service produced. */
export interface ServicePlan {
  readonly starts: string[];
  readonly creates: string[];
  /** Ops after which each container the plan creates or recreates exists under its final name. */
  readonly ready: string[];
  readonly unchanged: ObservedContainer[];
  readonly first?: FirstContainer;
}

/** What planService needs besides the input and the options. */
export interface ServicePlanContext {
  readonly b: PlanBuilder;
  readonly resourceDeps: readonly string[];
  /** First containers of the services planned before this one. */
  readonly firsts: ReadonlyMap<string, FirstContainer>;
  readonly networks: NetworkRecreation;
}

/**
 * Plans one service's containers: create the missing, recreate the changed (config hash as
 * Compose labels it, image), start the stopped, scale away the surplus. A service that joins
 * another one's namespaces or volumes is hashed with that service's first container id; when that
 * container is (re)created by this plan, the service's containers are recreated too (as Compose
 * does: the id it hashes changed) and their hash label is left to the executor (`hashFrom`).
 */
export function planService(input: UpPlanInput, options: UpPlanOptions, ctx: ServicePlanContext, name: string, svc: ServiceConfig, imageOf: (s: string) => string): ServicePlan {
  const { project, observed } = input;
  const { b } = ctx;
  const image = imageOf(name);
  const imageId = observed.images.get(image)?.id;
  if (!imageId) {
    throw new ComposeError("E_IMAGE_MISSING", `service "${name}": image ${image} is not available locally`, {
      hint: svc.build ? `Build it first (tscompose build ${name}), or run up without --dry-run/--no-build.` : `Pull it first (docker pull ${image}).`,
    });
  }
  const refs = referenceState(input, ctx.firsts, svc);
  const configHash = resolvedConfigHash(svc, refs.idOf);
  const want = desiredScale(svc, name, options.scale);
  const settled = settleLeftovers(b, name, serviceContainers(observed, name));
  const existing = settled.containers;
  const deps = [...ctx.resourceDeps, ...settled.removals, ...refs.after];
  const out: ServicePlan & { first?: FirstContainer } = { starts: [], creates: [], ready: [], unchanged: [] };
  const spec = (n: number, cname: string, replaces?: ObservedContainer) =>
    input.specFor({ service: name, number: n, name: cname, image, imageId, configHash, ...(replaces ? { replaces } : {}) });
  const hashed = refs.hashFrom ? { hashFrom: refs.hashFrom } : {};
  existing.forEach((c, i) => {
    // A leftover that takes over its final name is renamed before anything else touches it.
    const renamed = settled.renamed.get(c.name);
    const pre = renamed ? [renamed] : [];
    if (i >= want) {
      ctx.networks.drop(c.name);
      const stop = b.add({ kind: "stop-container", id: `container:${c.name}:stop`, cause: "scaled down", service: name, name: c.name, after: pre, ...timeout(options) });
      b.add({ kind: "remove-container", id: `container:${c.name}:remove`, cause: "scaled down", service: name, name: c.name, volumes: true, after: [stop] });
      return;
    }
    const cause = recreateCause(c, configHash, imageId, refs.pending, options);
    if (cause) {
      ctx.networks.drop(c.name);
      const r = planRecreate(b, name, c, spec, cause, [...deps, ...pre], options, hashed);
      out.creates.push(r.create);
      out.ready.push(r.done);
      if (i === 0) out.first = { kept: false, name: c.name, ready: r.done, verb: "recreated" };
      if (!options.noStart) out.starts.push(b.add({ kind: "start-container", id: `container:${c.name}:start`, cause, service: name, name: c.name, after: [r.done] }));
      return;
    }
    if (i === 0) out.first = { kept: true, id: c.id };
    const connects = ctx.networks.reattach(c.name, (network) => endpointOf(spec(c.number, c.name), network));
    const restart = ctx.networks.stopped(c.name) ? ctx.networks.causeFor(c.name) : undefined;
    if ((c.status !== "running" || restart) && !options.noStart) {
      const why = restart ?? (c.status === "paused" ? "paused" : "not running");
      out.starts.push(b.add({ kind: "start-container", id: `container:${c.name}:start`, cause: why, service: name, name: c.name, after: [...pre, ...connects] }));
    } else if (!restart) out.unchanged.push(c);
  });
  let next = existing.reduce((m, c) => Math.max(m, c.number), 0);
  for (let i = existing.length; i < want; i++) {
    const n = ++next;
    const cname = svc.container_name ?? containerName(project.name, name, n);
    const create = b.add({ kind: "create-container", id: `container:${cname}:create`, cause: "missing", service: name, number: n, name: cname, spec: spec(n, cname), after: deps, ...hashed });
    out.creates.push(create);
    out.ready.push(create);
    if (i === 0) out.first = { kept: false, name: cname, ready: create, verb: "created" };
    if (!options.noStart) out.starts.push(b.add({ kind: "start-container", id: `container:${cname}:start`, cause: "created", service: name, name: cname, after: [create] }));
  }
  return out;
}

/** How many containers a service should have. */
export function desiredScale(service: ServiceConfig, name: string, overrides?: Readonly<Record<string, number>>): number {
  return overrides?.[name] ?? service.scale ?? service.deploy?.replicas ?? 1;
}

/**
 * The state of a service's references to other services' first containers: the ids known now,
 * the services whose first container this plan (re)creates (`pending`, with the ops to wait for
 * and the executor's recipe for the hash).
 */
function referenceState(input: UpPlanInput, firsts: ReadonlyMap<string, FirstContainer>, svc: ServiceConfig) {
  const known = new Map<string, string>();
  const pending: string[] = [];
  const after: string[] = [];
  const containers: Record<string, string> = {};
  for (const ref of serviceReferences(svc)) {
    const first = firsts.get(ref);
    if (first && !first.kept) {
      pending.push(`${ref} ${first.verb}`);
      after.push(first.ready);
      containers[ref] = first.name;
      continue;
    }
    const id = first?.id ?? serviceContainers(input.observed, ref)[0]?.id;
    if (id !== undefined) known.set(ref, id);
  }
  const idOf = (s: string) => known.get(s);
  const hashFrom: HashFrom | undefined = pending.length > 0 ? { service: resolveServiceReferences(svc, idOf), containers } : undefined;
  return { idOf, pending, after, hashFrom };
}

function endpointOf(spec: ContainerSpec, network: string): Omit<EndpointSpec, "network"> {
  const { network: _network, ...endpoint } = spec.networks?.find((e) => e.network === network) ?? { network };
  return endpoint;
}

/** The shutdown timeout option of stop ops. */
export function timeout(options: UpPlanOptions): { timeoutSeconds?: number } {
  return options.timeoutSeconds === undefined ? {} : { timeoutSeconds: options.timeoutSeconds };
}

/** Why a container must be recreated, or undefined when it is current. */
function recreateCause(c: ObservedContainer, configHash: string, imageId: string, pending: readonly string[], options: UpPlanOptions): string | undefined {
  if (options.forceRecreate) return "forced";
  if (options.noRecreate) return undefined;
  // The id it would be hashed with is new, so the label cannot match.
  if (pending.length > 0) return pending.join(", ");
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
  hashed: { hashFrom?: HashFrom },
): { create: string; done: string } {
  const temp = `${old.id.slice(0, 12)}_${old.name}`;
  const create = b.add({ kind: "create-container", id: `container:${old.name}:create`, cause, service, number: old.number, name: temp, spec: spec(old.number, temp, old), replaces: old.id, after: deps, ...hashed });
  const stop = b.add({ kind: "stop-container", id: `container:${old.name}:stop`, cause, service, name: old.id, after: [create], ...timeout(options) });
  const remove = b.add({ kind: "remove-container", id: `container:${old.name}:remove`, cause, service, name: old.id, volumes: false, after: [stop] });
  const done = b.add({ kind: "rename-container", id: `container:${old.name}:rename`, cause, service, from: temp, to: old.name, after: [remove] });
  return { create, done };
}
