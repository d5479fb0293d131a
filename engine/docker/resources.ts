import type { EndpointSpec, LabelSelector } from "../runtime/runtime-container-spec.js";
import type { CreateNetworkOptions, CreateVolumeOptions } from "../runtime/runtime.js";
import { RuntimeError, isRuntimeError } from "../runtime/runtime-errors.js";
import type { ImageDetails, ImageSummary, NetworkDetails, PullProgress, VolumeDetails } from "../runtime/runtime-types.js";
import type { EngineClient } from "./client.js";
import { labelFilter, seg } from "./containers.js";
import { imageDetails, imageSummary, networkDetails, volumeDetails } from "./convert.js";
import { endpointConfig } from "./create-body.js";
import { jsonObjects } from "./streams.js";

type Raw = Record<string, unknown>;
type Filter = { labels?: LabelSelector; names?: readonly string[] };

function filters(options: Filter): string {
  const f: Record<string, string[]> = {};
  const labels = labelFilter(options.labels);
  if (labels.length > 0) f.label = labels;
  if (options.names?.length) f.name = [...options.names];
  return JSON.stringify(f);
}

/** Lists networks; names are matched exactly (the engine matches substrings). */
export async function listNetworks(client: EngineClient, options: Filter = {}): Promise<NetworkDetails[]> {
  const raw = await client.json<Raw[]>({ method: "GET", path: "/networks", query: { filters: filters(options) }, context: "listing networks" });
  const rows = raw.map(networkDetails);
  return options.names?.length ? rows.filter((n) => options.names?.includes(n.name)) : rows;
}

/** Inspects a network. */
export async function inspectNetwork(client: EngineClient, ref: string): Promise<NetworkDetails> {
  return networkDetails(await client.json<Raw>({ method: "GET", path: `/networks/${seg(ref)}` }));
}

/** Creates a network, refusing a duplicate name (CheckDuplicate, which older engines need asked for). */
export async function createNetwork(client: EngineClient, o: CreateNetworkOptions): Promise<string> {
  const res = await client.json<{ Id: string }>({
    method: "POST",
    path: "/networks/create",
    body: {
      Name: o.name,
      CheckDuplicate: true,
      Driver: o.driver ?? "bridge",
      Options: o.options ?? {},
      IPAM: {
        Driver: o.ipam?.driver ?? "default",
        Config: (o.ipam?.config ?? []).map((p) => ({ Subnet: p.subnet, IPRange: p.ipRange, Gateway: p.gateway, AuxiliaryAddresses: p.auxAddresses })),
        // Left out when not given, as Compose does (the engine then shows null, not {}).
        Options: o.ipam?.options,
      },
      Internal: o.internal ?? false,
      Attachable: o.attachable ?? false,
      EnableIPv6: o.enableIpv6 ?? false,
      Labels: o.labels ?? {},
    },
    context: `creating network ${o.name}`,
  });
  return res.Id;
}

/** Removes a network. */
export async function removeNetwork(client: EngineClient, ref: string): Promise<void> {
  await client.json({ method: "DELETE", path: `/networks/${seg(ref)}`, context: `removing network ${ref}` });
}

/** Connects a container to a network. */
export async function connectNetwork(client: EngineClient, network: string, container: string, e: Omit<EndpointSpec, "network"> = {}): Promise<void> {
  await client.json({
    method: "POST",
    path: `/networks/${seg(network)}/connect`,
    body: { Container: container, EndpointConfig: endpointConfig(e) },
    context: `connecting ${container} to network ${network}`,
  });
}

/** Disconnects a container from a network. */
export async function disconnectNetwork(client: EngineClient, network: string, container: string, force = false): Promise<void> {
  await client.json({
    method: "POST",
    path: `/networks/${seg(network)}/disconnect`,
    body: { Container: container, Force: force },
    context: `disconnecting ${container} from network ${network}`,
  });
}

/** Lists volumes; names are matched exactly. */
export async function listVolumes(client: EngineClient, options: Filter = {}): Promise<VolumeDetails[]> {
  const raw = await client.json<{ Volumes?: Raw[] | null }>({ method: "GET", path: "/volumes", query: { filters: filters(options) }, context: "listing volumes" });
  const rows = (raw?.Volumes ?? []).map(volumeDetails);
  return options.names?.length ? rows.filter((v) => options.names?.includes(v.name)) : rows;
}

/** Inspects a volume. */
export async function inspectVolume(client: EngineClient, name: string): Promise<VolumeDetails> {
  return volumeDetails(await client.json<Raw>({ method: "GET", path: `/volumes/${seg(name)}` }));
}

/** Creates a volume (the engine returns the existing one for a name in use). */
export async function createVolume(client: EngineClient, o: CreateVolumeOptions): Promise<VolumeDetails> {
  const raw = await client.json<Raw>({
    method: "POST",
    path: "/volumes/create",
    // DriverOpts left out when not given, as Compose does (the engine then shows Options: null, not {}).
    body: { Name: o.name, Driver: o.driver ?? "local", DriverOpts: o.driverOpts, Labels: o.labels ?? {} },
    context: `creating volume ${o.name ?? ""}`.trim(),
  });
  return volumeDetails(raw);
}

/** Removes a volume. */
export async function removeVolume(client: EngineClient, name: string, force = false): Promise<void> {
  await client.json({ method: "DELETE", path: `/volumes/${seg(name)}`, query: { force }, context: `removing volume ${name}` });
}

/** Inspects an image; undefined when it is not present. */
export async function inspectImage(client: EngineClient, ref: string): Promise<ImageDetails | undefined> {
  try {
    return imageDetails(await client.json<Raw>({ method: "GET", path: `/images/${ref}/json` }));
  } catch (error) {
    if (isRuntimeError(error, "not-found")) return undefined;
    throw error;
  }
}

/** Lists images. */
export async function listImages(client: EngineClient, options: { labels?: LabelSelector; reference?: string } = {}): Promise<ImageSummary[]> {
  const f: Record<string, string[]> = {};
  const labels = labelFilter(options.labels);
  if (labels.length > 0) f.label = labels;
  if (options.reference) f.reference = [options.reference];
  const raw = await client.json<Raw[]>({ method: "GET", path: "/images/json", query: { filters: JSON.stringify(f) }, context: "listing images" });
  return raw.map(imageSummary);
}

/** Pulls an image; an error inside the progress stream becomes a RuntimeError. */
export async function pullImage(
  client: EngineClient,
  ref: string,
  options: { platform?: string; onProgress?: (p: PullProgress) => void; signal?: AbortSignal } = {},
): Promise<void> {
  const res = await client.stream({
    method: "POST",
    path: "/images/create",
    query: { fromImage: ref, platform: options.platform },
    ...(options.signal ? { signal: options.signal } : {}),
    context: `pulling ${ref}`,
  });
  for await (const raw of jsonObjects(res)) {
    const r = raw as { id?: string; status?: string; error?: string; progressDetail?: { current?: number; total?: number } };
    if (r.error) throw new RuntimeError("other", `pulling ${ref}: ${r.error}`, { engineMessage: r.error });
    options.onProgress?.(progressRecord(r));
  }
}

/** One line of a pull's or push's progress stream, in our terms. */
export function progressRecord(r: { id?: string; status?: string; progressDetail?: { current?: number; total?: number } }): PullProgress {
  const d = r.progressDetail ?? {};
  return {
    ...(r.id ? { id: r.id } : {}),
    status: r.status ?? "",
    ...(typeof d.current === "number" ? { current: d.current } : {}),
    ...(typeof d.total === "number" ? { total: d.total } : {}),
  };
}

/** Removes an image. */
export async function removeImage(client: EngineClient, ref: string, force = false): Promise<void> {
  await client.json({ method: "DELETE", path: `/images/${ref}`, query: { force }, context: `removing image ${ref}` });
}

/** Tags an image. */
export async function tagImage(client: EngineClient, ref: string, repo: string, tag: string): Promise<void> {
  await client.json({ method: "POST", path: `/images/${ref}/tag`, query: { repo, tag }, context: `tagging ${ref} as ${repo}:${tag}` });
}
