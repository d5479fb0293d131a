import { LABELS } from "../runtime/labels.js";
import type { ContainerStatus, ImageDetails, MountInfo, NetworkDetails, Runtime, VolumeDetails } from "../runtime/runtime.js";

/** One container of the project as the engine has it. */
export interface ObservedContainer {
  readonly id: string;
  readonly name: string;
  readonly service: string;
  readonly number: number;
  readonly oneoff: boolean;
  readonly configHash?: string;
  /** The image id the container runs (`sha256:…`). */
  readonly imageId: string;
  readonly status: ContainerStatus;
  readonly labels: Readonly<Record<string, string>>;
  /** Names of the networks it is attached to. */
  readonly networks: readonly string[];
  readonly mounts: readonly MountInfo[];
  /** Unix seconds. */
  readonly created: number;
}

/** What exists on the engine for one project, found by label (and by name for declared resources). */
export interface Observed {
  readonly project: string;
  /** Every container carrying the project label, one-offs included. */
  readonly containers: readonly ObservedContainer[];
  /** Networks by engine name: the project's (by label) and the declared names that exist. */
  readonly networks: ReadonlyMap<string, NetworkDetails>;
  /** Volumes by engine name, likewise. */
  readonly volumes: ReadonlyMap<string, VolumeDetails>;
  /** Image reference → its details, or undefined when not present locally. */
  readonly images: ReadonlyMap<string, ImageDetails | undefined>;
}

/** Names the caller wants looked up beyond what carries the project label. */
export interface ObserveRequest {
  readonly networks?: readonly string[];
  readonly volumes?: readonly string[];
  readonly images?: readonly string[];
}

/**
 * Reads the engine's state for `project`: containers, networks and volumes by the project label,
 * plus the named networks, volumes and images of `request` (externals, unlabelled same-name
 * resources, the images services need). All lookups run in parallel.
 */
export async function observe(runtime: Runtime, project: string, request: ObserveRequest = {}): Promise<Observed> {
  const labels = { [LABELS.project]: project };
  const named = <T extends { name: string }>(names: readonly string[] | undefined, list: (n: readonly string[]) => Promise<T[]>) =>
    names && names.length > 0 ? list(names) : Promise.resolve([] as T[]);
  const [containers, labelledNets, namedNets, labelledVols, namedVols, images] = await Promise.all([
    runtime.listContainers({ all: true, labels }),
    runtime.listNetworks({ labels }),
    named(request.networks, (names) => runtime.listNetworks({ names })),
    runtime.listVolumes({ labels }),
    named(request.volumes, (names) => runtime.listVolumes({ names })),
    Promise.all([...new Set(request.images ?? [])].map(async (ref) => [ref, await runtime.inspectImage(ref)] as const)),
  ]);
  return {
    project,
    containers: containers.map((c) => ({
      id: c.id,
      name: c.name,
      service: c.labels[LABELS.service] ?? "",
      number: Number.parseInt(c.labels[LABELS.containerNumber] ?? "0", 10) || 0,
      oneoff: c.labels[LABELS.oneoff] === "True",
      ...(c.labels[LABELS.configHash] ? { configHash: c.labels[LABELS.configHash] } : {}),
      imageId: c.imageId,
      status: c.status,
      labels: c.labels,
      networks: c.networks,
      mounts: c.mounts,
      created: c.created,
    })),
    networks: new Map([...labelledNets, ...namedNets].map((n) => [n.name, n])),
    volumes: new Map([...labelledVols, ...namedVols].map((v) => [v.name, v])),
    images: new Map(images),
  };
}

/** The project's service containers (not one-offs) of `service`, lowest number first. */
export function serviceContainers(observed: Observed, service: string): ObservedContainer[] {
  return observed.containers.filter((c) => c.service === service && !c.oneoff).sort((a, b) => a.number - b.number);
}
