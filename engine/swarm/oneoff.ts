import { randomBytes } from "node:crypto";
import { attachOneOff, type OneOff } from "../oneoff/run.js";
import type { EventSink } from "../runtime/engine-events.js";
import { LABELS } from "../runtime/labels.js";
import type { BindMountSpec, ContainerSpec as OneOffSpec, HealthcheckSpec, MountSpec, OutputStreams, ResourcesSpec, Runtime } from "../runtime/runtime.js";
import { isRuntimeError, RuntimeError } from "../runtime/runtime-errors.js";
import type { ContainerSpec, Mount, NetworkAttachmentConfig, Service, ServiceSpec } from "./api-types.js";
import type { SwarmClient } from "./client.js";
import { assertManager } from "./manager.js";
import { scopedName, STACK_LABELS } from "./stack-labels.js";

/** What `stack run`'s flags change in the service's container spec. */
export interface StackRunOptions {
  /** Replaces the service's command (its `Args`) when not empty; the entrypoint stays. */
  readonly command?: readonly string[];
  /** Added over the service's environment. */
  readonly env?: Readonly<Record<string, string>>;
  readonly user?: string;
  /** Working directory of the one-off. */
  readonly workdir?: string;
}

/** A one-off of a stack's service: `service` is its name in the compose file (`web`, not `app_web`). */
export interface StackRunRequest {
  readonly stack: string;
  readonly service: string;
  readonly options?: StackRunOptions;
}

/** What the one-off needs from the engine: the Swarm (a manager) for the spec, the runtime for the container. */
export interface StackRunDeps {
  readonly client: SwarmClient;
  readonly runtime: Runtime;
  readonly sink: EventSink;
  /** The first Ctrl-C: stops the one-off gracefully (then the run rejects with an InterruptedError). */
  readonly signal?: AbortSignal;
}

/** Where the one-off's output goes and how it is cut short. */
export interface StackRunIo {
  readonly streams: OutputStreams;
  /** The second Ctrl-C: kill instead of waiting for the graceful stop. */
  readonly forced?: AbortSignal;
  /** Called once the container exists, before it starts (the CLI flushes its progress output here). */
  readonly beforeStart?: () => Promise<void>;
}

/** The inputs of `stackOneOffSpec` besides the service's spec. */
export interface StackOneOffInput {
  readonly stack: string;
  readonly service: string;
  /** The container's name. */
  readonly name: string;
  /** The networks to join (names or IDs), without aliases. */
  readonly networks: readonly string[];
  readonly options?: StackRunOptions;
}

/** The one-off's container spec, and what of the service it could not carry over. */
export interface StackOneOffSpec {
  readonly spec: OneOffSpec;
  readonly warnings: readonly string[];
}

/**
 * The container a one-off of a stack's service runs in, from the service's spec as the Swarm holds
 * it: image, entrypoint (`Command`) and command (`Args`, replaced by `options.command`), environment,
 * working dir, user, hostname, labels, mounts, healthcheck, limits and the like, on the stack's
 * networks without the service's aliases (a one-off must not receive the service's traffic). It is
 * labelled with the stack's namespace, the service and `oneoff=True`, has no TTY and no restart
 * policy. Secrets and configs are Swarm objects a plain container cannot mount: they are left out
 * with a warning, as are a templated hostname and mounts a container cannot have. Pure.
 */
export function stackOneOffSpec(service: ServiceSpec, input: StackOneOffInput): StackOneOffSpec {
  const c = service.TaskTemplate.ContainerSpec;
  const o = input.options ?? {};
  const warnings = lostParts(input.service, c);
  const mounts = (c.Mounts ?? []).flatMap((m) => {
    const mount = mountSpec(m);
    if (!mount) warnings.push(`service ${input.service} mounts ${m.Target} as type ${m.Type}, which a plain container cannot have; the one-off runs without it`);
    return mount ? [mount] : [];
  });
  const spec: OneOffSpec = {
    name: input.name,
    image: c.Image,
    ...(c.Command?.length ? { entrypoint: c.Command } : {}),
    ...(o.command?.length ? { cmd: o.command } : c.Args?.length ? { cmd: c.Args } : {}),
    env: { ...environment(c.Env), ...o.env },
    labels: { ...c.Labels, [STACK_LABELS.namespace]: input.stack, [LABELS.service]: input.service, [LABELS.oneoff]: "True" },
    ...optional({ user: o.user || c.User, workingDir: o.workdir || c.Dir, hostname: templated(c.Hostname) ? undefined : c.Hostname, stopSignal: c.StopSignal }),
    tty: false,
    ...(mounts.length > 0 ? { mounts } : {}),
    networks: input.networks.map((network) => ({ network })),
    ...containerOptions(c),
    ...resources(service),
  };
  return { spec, warnings };
}

/** Warnings for what the one-off cannot have: secrets, configs, a hostname template. */
function lostParts(service: string, c: ContainerSpec): string[] {
  const out: string[] = [];
  const objects = [...(c.Secrets ?? []).map((s) => `secret ${s.SecretName}`), ...(c.Configs ?? []).map((x) => `config ${x.ConfigName}`)];
  if (objects.length > 0) out.push(`service ${service} uses ${objects.join(", ")}: Swarm mounts those only into its own tasks, so the one-off runs without them`);
  if (templated(c.Hostname)) out.push(`service ${service}'s hostname "${c.Hostname}" is a Swarm template; the one-off keeps the engine's default hostname`);
  return out;
}

function templated(value: string | undefined): boolean {
  return value?.includes("{{") === true;
}

/** `K=V` entries as a record; a bare `K` stays unset in the container. */
function environment(env: readonly string[] | undefined): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const entry of env ?? []) {
    const eq = entry.indexOf("=");
    if (eq < 0) out[entry] = null;
    else out[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return out;
}

/** A task mount as a container mount: bind, volume and tmpfs; anything else is undefined. */
export function mountSpec(m: Mount): MountSpec | undefined {
  const readOnly = m.ReadOnly ? { readOnly: true } : {};
  switch (m.Type) {
    case "bind": {
      const b = m.BindOptions ?? {};
      const recursive: BindMountSpec["recursive"] = b.ReadOnlyForceRecursive ? "readonly" : b.ReadOnlyNonRecursive ? "writable" : b.NonRecursive ? "disabled" : undefined;
      const propagation = b.Propagation as BindMountSpec["propagation"];
      // Swarm refuses a missing bind source unless CreateMountpoint: the one-off behaves the same.
      return { type: "bind", source: m.Source ?? "", target: m.Target, ...readOnly, createHostPath: b.CreateMountpoint === true, ...optional({ propagation, recursive }) };
    }
    case "volume": {
      const v = m.VolumeOptions ?? {};
      const labels = v.Labels && Object.keys(v.Labels).length > 0 ? { labels: v.Labels } : {};
      return { type: "volume", ...optional({ source: m.Source }), target: m.Target, ...readOnly, ...(v.NoCopy ? { noCopy: true } : {}), ...optional({ subpath: v.Subpath }), ...labels };
    }
    case "tmpfs":
      return { type: "tmpfs", target: m.Target, ...optional({ sizeBytes: m.TmpfsOptions?.SizeBytes, mode: m.TmpfsOptions?.Mode }) };
    default:
      return undefined;
  }
}

/** The container-level settings of the task template that a plain container has too. */
function containerOptions(c: ContainerSpec): Partial<OneOffSpec> {
  const h = c.Healthcheck;
  const healthcheck: HealthcheckSpec | undefined = h?.Test?.length
    ? { test: h.Test, ...optional({ intervalNs: h.Interval, timeoutNs: h.Timeout, retries: h.Retries, startPeriodNs: h.StartPeriod, startIntervalNs: h.StartInterval }) }
    : undefined;
  return {
    ...optional({
      healthcheck,
      stopTimeoutSeconds: c.StopGracePeriod === undefined ? undefined : Math.ceil(c.StopGracePeriod / 1e9),
      extraHosts: nonEmpty((c.Hosts ?? []).flatMap(hostEntries)),
      dns: nonEmpty(c.DNSConfig?.Nameservers),
      dnsSearch: nonEmpty(c.DNSConfig?.Search),
      dnsOptions: nonEmpty(c.DNSConfig?.Options),
      groupAdd: nonEmpty(c.Groups),
      capAdd: nonEmpty(c.CapabilityAdd),
      capDrop: nonEmpty(c.CapabilityDrop),
      ulimits: nonEmpty(c.Ulimits?.map((u) => ({ name: u.Name, soft: u.Soft, hard: u.Hard }))),
      sysctls: c.Sysctls && Object.keys(c.Sysctls).length > 0 ? c.Sysctls : undefined,
      oomScoreAdj: c.OomScoreAdj || undefined,
    }),
    ...(c.Init ? { init: true } : {}),
    ...(c.ReadOnly ? { readOnlyRootfs: true } : {}),
  };
}

/** Swarm's `IP host [alias…]` as the container's `host:IP` entries. */
function hostEntries(entry: string): string[] {
  const [ip, ...names] = entry.trim().split(/\s+/);
  return ip ? names.map((name) => `${name}:${ip}`) : [];
}

/** The task template's limits (CPU, memory, pids) as the container's. */
function resources(service: ServiceSpec): Pick<OneOffSpec, "resources"> {
  const l = service.TaskTemplate.Resources?.Limits;
  const spec: ResourcesSpec = optional({ nanoCpus: l?.NanoCPUs || undefined, memoryBytes: l?.MemoryBytes || undefined, pidsLimit: l?.Pids || undefined });
  return Object.keys(spec).length > 0 ? { resources: spec } : {};
}

/** `record` without its undefined members (for optional properties under exactOptionalPropertyTypes). */
function optional<T extends Record<string, unknown>>(record: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined && v !== "")) as { [K in keyof T]?: Exclude<T[K], undefined> };
}

function nonEmpty<T>(list: readonly T[] | undefined): readonly T[] | undefined {
  return list && list.length > 0 ? list : undefined;
}

/**
 * Creates (not starts) the one-off container `<stack>_<service>-run-<12 hex>` of a stack's service
 * on the engine tscompose talks to, which must be a Swarm manager: the service's spec is read from
 * the Swarm, its image pulled when this node lacks it, its networks resolved by name (they are
 * the stack's attachable overlays). Warnings go to `sink`. A service the stack does not have is a
 * not-found RuntimeError naming the stack's services.
 */
export async function prepareStackOneOff(deps: StackRunDeps, req: StackRunRequest): Promise<OneOff> {
  await assertManager(deps.client);
  const service = await stackService(deps.client, req.stack, req.service);
  const networks = await networkNames(deps.client, req, service.Spec.TaskTemplate.Networks ?? []);
  await ensureImage(deps, service.Spec.TaskTemplate.ContainerSpec.Image);
  const name = `${scopedName(req.stack, req.service)}-run-${randomBytes(6).toString("hex")}`;
  const { spec, warnings } = stackOneOffSpec(service.Spec, { stack: req.stack, service: req.service, name, networks, ...(req.options ? { options: req.options } : {}) });
  for (const text of warnings) deps.sink.emit({ type: "message", level: "warning", text, time: Date.now() });
  const id = await deps.runtime.createContainer(spec);
  deps.sink.emit({ type: "resource", kind: "container", name, service: req.service, status: "Created", done: true, ok: true, time: Date.now() });
  return { id, name, tty: false };
}

/**
 * Runs a one-off of a stack's service as `tscompose run` does on one engine, the Swarm counterpart:
 * created (see `prepareStackOneOff`), attached before it starts so no output is missed, its output
 * passed to `io.streams` byte for byte; resolves with its exit code. The container is removed
 * afterwards in every case (exit, failure, Ctrl-C).
 */
export async function runStackOneOff(deps: StackRunDeps, req: StackRunRequest, io: StackRunIo): Promise<number> {
  const oneOff = await prepareStackOneOff(deps, req);
  try {
    await io.beforeStart?.();
  } catch (error) {
    await deps.runtime.removeContainer(oneOff.id, { force: true, volumes: true }).catch(() => undefined);
    throw error;
  }
  return attachOneOff({ runtime: deps.runtime, sink: deps.sink, ...(deps.signal ? { signal: deps.signal } : {}) }, oneOff, {
    streams: io.streams,
    rm: true,
    ...(io.forced ? { forced: io.forced } : {}),
  });
}

/** The stack's service by its file name; an error naming the stack's services when it has none such. */
async function stackService(client: SwarmClient, stack: string, service: string): Promise<Service> {
  try {
    const found = await client.inspectService(scopedName(stack, service));
    if (found.Spec.Labels[STACK_LABELS.namespace] === stack) return found;
  } catch (error) {
    if (!isRuntimeError(error, "not-found")) throw error;
  }
  const names = (await client.services(stack)).map((s) => s.Spec.Name.slice(stack.length + 1)).sort();
  throw new RuntimeError("not-found", `service ${service} is not part of stack ${stack}`, {
    hint: names.length > 0 ? `The stack's services are: ${names.join(", ")}.` : `Stack ${stack} has no services: deploy it first (\`tscompose stack deploy\`).`,
  });
}

/** The attachments' networks by name (Swarm stores IDs); one a container cannot join is an error. */
async function networkNames(client: SwarmClient, req: StackRunRequest, attachments: readonly NetworkAttachmentConfig[]): Promise<string[]> {
  return Promise.all(
    attachments.map(async ({ Target }) => {
      const network = await client.inspectNetwork(Target);
      if (network.Scope === "swarm" && network.Attachable === false) {
        throw new RuntimeError("other", `service ${req.service} of stack ${req.stack} is on network ${network.Name}, which is not attachable, so a one-off cannot join it`, {
          hint: `Networks a stack creates are attachable; recreate ${network.Name} with --attachable if it is external.`,
        });
      }
      return network.Name;
    }),
  );
}

/** Pulls the service's image (as the Swarm pinned it) when this node does not have it yet. */
async function ensureImage(deps: StackRunDeps, image: string): Promise<void> {
  if (await deps.runtime.inspectImage(image)) return;
  deps.sink.emit({ type: "resource", kind: "image", name: image, status: "Pulling", done: false, time: Date.now() });
  await deps.runtime.pullImage(image, deps.signal ? { signal: deps.signal } : {});
  deps.sink.emit({ type: "resource", kind: "image", name: image, status: "Pulled", done: true, time: Date.now() });
}
