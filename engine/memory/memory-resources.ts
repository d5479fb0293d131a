import type { EndpointSpec, LabelSelector } from "../runtime/runtime-container-spec.js";
import type { CreateNetworkOptions, CreateVolumeOptions } from "../runtime/runtime.js";
import { RuntimeError, notFound } from "../runtime/runtime-errors.js";
import type { ImageSummary, NetworkDetails, VolumeDetails } from "../runtime/runtime-types.js";
import { ensureVolume } from "./memory-create.js";
import { allocateIp, intToIp, ipToInt } from "./memory-lifecycle.js";
import { normalizeRef, type MemNetwork, type MemoryState } from "./memory-state.js";
import { imageDetails, networkDetails, volumeDetails } from "./memory-views.js";

const conflict = (message: string, status = 409) => new RuntimeError("conflict", message, { status });

/** Whether labels satisfy a selector. */
export function matchLabels(labels: Readonly<Record<string, string>>, selector: LabelSelector | undefined): boolean {
  return Object.entries(selector ?? {}).every(([k, v]) => k in labels && (v === true || labels[k] === v));
}

function makeNetwork(state: MemoryState, o: CreateNetworkOptions, builtin: boolean): MemNetwork {
  const pool = o.ipam?.config?.[0];
  const hostless = o.driver === "host" || o.driver === "null";
  let subnet = pool?.subnet;
  if (!subnet && !hostless) subnet = `172.${builtin ? 17 : state.nextSubnet++}.0.0/16`;
  const [addr = "0.0.0.0", bits = "0"] = (subnet ?? "0.0.0.0/0").split("/");
  const prefix = hostless ? 0 : Number(bits);
  const base = prefix === 0 ? 0 : ipToInt(addr) - (ipToInt(addr) % 2 ** (32 - prefix));
  const gateway = pool?.gateway ?? (prefix ? intToIp(base + 1) : undefined);
  const used = new Set<number>(gateway ? [ipToInt(gateway)] : []);
  return {
    id: state.newId("network"),
    name: o.name,
    driver: o.driver ?? "bridge",
    labels: { ...o.labels },
    options: { ...o.options },
    internal: o.internal ?? false,
    attachable: o.attachable ?? false,
    enableIpv6: o.enableIpv6 ?? false,
    ipam: {
      driver: o.ipam?.driver ?? "default",
      config: subnet ? [{ ...pool, subnet, ...(gateway ? { gateway } : {}) }] : [],
      options: { ...o.ipam?.options },
    },
    created: new Date().toISOString(),
    builtin,
    base,
    prefix,
    used,
  };
}

/** Adds the engine's built-in networks (`bridge`, `host`, `none`). */
export function addBuiltinNetworks(state: MemoryState): void {
  for (const [name, driver] of [["bridge", "bridge"], ["host", "host"], ["none", "null"]] as const) {
    const n = makeNetwork(state, { name, driver }, true);
    state.networks.set(n.id, n);
  }
}

/** Creates a user network; a taken name is a conflict (like CheckDuplicate). */
export function createNetwork(state: MemoryState, o: CreateNetworkOptions): string {
  if ([...state.networks.values()].some((n) => n.name === o.name)) throw conflict(`network with name ${o.name} already exists`);
  const n = makeNetwork(state, o, false);
  state.networks.set(n.id, n);
  state.events.emit("network", "create", n.id, { name: n.name, type: n.driver });
  return n.id;
}

/** Removes a network; refused while a running container is attached, and for built-in ones. */
export function removeNetwork(state: MemoryState, ref: string): void {
  const n = state.network(ref);
  if (n.builtin) throw conflict(`${n.name} is a pre-defined network and cannot be removed`, 403);
  const attached = [...state.containers.values()].filter((c) => c.endpoints.get(n.id)?.ipv4);
  if (attached.length > 0) throw conflict(`error while removing network: network ${n.name} id ${n.id} has active endpoints`, 403);
  state.networks.delete(n.id);
  for (const c of state.containers.values()) c.endpoints.delete(n.id);
  state.events.emit("network", "destroy", n.id, { name: n.name, type: n.driver });
}

/** Lists networks. */
export function listNetworks(state: MemoryState, o: { labels?: LabelSelector; names?: readonly string[] }): NetworkDetails[] {
  return [...state.networks.values()]
    .filter((n) => matchLabels(n.labels, o.labels) && (!o.names?.length || o.names.includes(n.name)))
    .map((n) => ({ ...networkDetails(state, n), containers: {} }));
}

/** Connects a container; a second endpoint of a running container on the same network is refused. */
export function connectNetwork(state: MemoryState, ref: string, containerRef: string, e: Omit<EndpointSpec, "network"> = {}): void {
  const n = state.network(ref);
  const c = state.container(containerRef);
  const isRunning = c.status === "running" || c.status === "paused";
  if (isRunning && c.endpoints.has(n.id)) throw conflict(`endpoint with name ${c.name} already exists in network ${n.name}`, 403);
  const ep = {
    networkId: n.id,
    endpointId: "",
    aliases: [...(e.aliases ?? [])],
    ...(e.ipv4Address ? { requestedIpv4: e.ipv4Address } : {}),
    ...(e.ipv6Address ? { requestedIpv6: e.ipv6Address } : {}),
    ...(e.macAddress ? { macAddress: e.macAddress } : {}),
  };
  if (isRunning) Object.assign(ep, { ipv4: allocateIp(n, e.ipv4Address), endpointId: state.newId("endpoint") });
  c.endpoints.set(n.id, ep);
  state.events.emit("network", "connect", n.id, { container: c.id, name: n.name, type: n.driver });
}

/** Disconnects a container. */
export function disconnectNetwork(state: MemoryState, ref: string, containerRef: string): void {
  const n = state.network(ref);
  const c = state.container(containerRef);
  const ep = c.endpoints.get(n.id);
  if (!ep) throw new RuntimeError("other", `container ${c.id} is not connected to network ${n.name}`, { status: 403 });
  if (ep.ipv4) n.used.delete(ipToInt(ep.ipv4));
  c.endpoints.delete(n.id);
  state.events.emit("network", "disconnect", n.id, { container: c.id, name: n.name, type: n.driver });
}

/** Creates (or returns the existing) volume. */
export function createVolume(state: MemoryState, o: CreateVolumeOptions): VolumeDetails {
  const existing = o.name ? state.volumes.get(o.name) : undefined;
  if (existing) return volumeDetails(existing);
  const v = ensureVolume(state, o.name ?? state.newId("volume"), { ...o.labels });
  Object.assign(v.options, o.driverOpts);
  return volumeDetails(v);
}

/** Removes a volume; refused while any container (running or not) mounts it. */
export function removeVolume(state: MemoryState, name: string): void {
  const v = state.volume(name);
  const user = [...state.containers.values()].find((c) => c.mounts.some((m) => m.volume === v));
  if (user) throw conflict(`remove ${name}: volume is in use - [${user.id}]`);
  state.volumes.delete(name);
  state.events.emit("volume", "destroy", name, { driver: v.driver });
}

/** Lists images, optionally by label or reference (`repo` matches every tag of it). */
export function listImages(state: MemoryState, o: { labels?: LabelSelector; reference?: string }): ImageSummary[] {
  const ref = o.reference;
  return [...state.images.values()]
    .filter((i) => matchLabels(i.seed.labels ?? {}, o.labels))
    .filter((i) => !ref || i.tags.some((t) => t === normalizeRef(ref) || (!ref.includes(":") && t.startsWith(`${ref}:`))))
    .map((i) => {
      const d = imageDetails(i);
      return { id: d.id, repoTags: d.repoTags, labels: d.labels, created: Math.floor(Date.parse(d.created) / 1000), size: d.size };
    });
}

/** Removes an image tag (the image goes with its last tag); refused while a container uses it. */
export function removeImage(state: MemoryState, ref: string, force: boolean): void {
  const image = state.findImage(ref);
  if (!image) throw notFound("image", ref);
  const tag = normalizeRef(ref);
  if (image.tags.includes(tag) && image.tags.length > 1) {
    image.tags = image.tags.filter((t) => t !== tag);
    state.events.emit("image", "untag", image.id, { name: tag });
    return;
  }
  const user = [...state.containers.values()].find((c) => c.image === image);
  if (user && !force) throw conflict(`conflict: unable to remove repository reference "${ref}" (must force) - container ${user.id.slice(0, 12)} is using its referenced image ${image.id.slice(7, 19)}`);
  state.images.delete(image.id);
  state.events.emit("image", "delete", image.id, { name: tag });
}

/** Adds a tag to an image. */
export function tagImage(state: MemoryState, ref: string, repo: string, tag: string): void {
  const image = state.findImage(ref);
  if (!image) throw notFound("image", ref);
  const full = normalizeRef(`${repo}:${tag || "latest"}`);
  for (const other of state.images.values()) other.tags = other.tags.filter((t) => t !== full);
  image.tags.push(full);
  state.events.emit("image", "tag", image.id, { name: full });
}
