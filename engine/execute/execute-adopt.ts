import { LABELS } from "../runtime/labels.js";
import type { ContainerSpec, CreateNetworkOptions, NetworkDetails, Runtime } from "../runtime/runtime.js";
import { isRuntimeError } from "../runtime/runtime-errors.js";

/**
 * What two `up`s of one project started at the same moment meet: each observed nothing, planned
 * the same creates, and one of them loses every race for a name. Here the loser adopts what the
 * winner made, when it carries this project's labels and is what the loser would have made;
 * anything else keeps its error.
 */

/** The labels that make a container the one a create op would have made (the config hash included). */
const CONTAINER_IDENTITY = [LABELS.project, LABELS.service, LABELS.containerNumber, LABELS.configHash] as const;

/**
 * What holds the name `name`: the id of a container another `up` created as `labels` describe
 * it (same project, service, number and config hash; not a one-off), `foreign` for any other
 * container, or `missing` when none can be inspected under that name (yet: the engine reserves a
 * name before the container it is creating can be inspected; or any more).
 */
export async function nameHolder(runtime: Runtime, name: string, labels: Readonly<Record<string, string>>): Promise<string | "foreign" | "missing"> {
  try {
    const found = await runtime.inspectContainer(name);
    const same = CONTAINER_IDENTITY.every((key) => labels[key] !== undefined && found.labels[key] === labels[key]) && found.labels[LABELS.oneoff] !== "True";
    return same ? found.id : "foreign";
  } catch (error) {
    if (isRuntimeError(error, "not-found")) return "missing";
    throw error;
  }
}

/** How long a create that met a name still being created waits for it, in total. */
const CREATE_RACE_MS = 10_000;
const CREATE_RETRY_MS = 50;

/**
 * Creates a container, or adopts the one another `up` of the project is making under the same
 * name (see nameHolder). A name taken by a container that cannot be inspected yet is asked about
 * again, and the create retried, for up to 10 s; a foreign holder keeps the engine's conflict.
 */
export async function createOrAdoptContainer(runtime: Runtime, spec: ContainerSpec & { readonly name: string }, sleep = delay): Promise<string> {
  const labels = spec.labels ?? {};
  const deadline = Date.now() + CREATE_RACE_MS;
  for (;;) {
    try {
      return await runtime.createContainer(spec);
    } catch (error) {
      if (!isRuntimeError(error, "conflict")) throw error;
      const holder = await nameHolder(runtime, spec.name, labels);
      if (holder === "foreign" || (holder === "missing" && Date.now() >= deadline)) throw error;
      if (holder !== "missing") return holder;
      await sleep(CREATE_RETRY_MS);
    }
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** How a network create ended: the network to use, and whether it is foreign (not the project's). */
export interface EnsuredNetwork {
  readonly id: string;
  readonly foreign: boolean;
}

/**
 * Creates a network, or takes the one another `up` of the project made under that name. A
 * conflict (the name is taken) adopts the existing network. Docker Engine before 25 may accept
 * two networks with one name when two creates race: there (unless the runtime says names are
 * unique), the networks of that name with this project's and network's labels are listed after
 * the create and only the oldest (lowest `Created`, then id) is kept: every racer makes the same
 * choice, removes the others (the one it made included, when it lost), and uses the survivor. A
 * network of that name without the project's labels is used as found (`foreign`), as when the
 * plan found it.
 */
export async function ensureNetwork(runtime: Runtime, options: CreateNetworkOptions, attempts = 2): Promise<EnsuredNetwork> {
  let created: string | undefined;
  try {
    created = await runtime.createNetwork(options);
  } catch (error) {
    if (!isRuntimeError(error, "conflict")) throw error;
  }
  // An engine that makes names a key cannot have made a duplicate: no need to look.
  if (created !== undefined && runtime.networkNamesUnique?.() === true) return { id: created, foreign: false };
  const named = await runtime.listNetworks({ names: [options.name] });
  const ours = named.filter((n) => isProjectNetwork(n, options.labels ?? {}));
  const survivor = oldest(ours);
  if (!survivor) {
    if (created !== undefined) return { id: created, foreign: false };
    const found = named[0];
    if (found) return { id: found.id, foreign: true };
    // Taken, then gone before the listing (a concurrent down): create it again.
    if (attempts > 1) return ensureNetwork(runtime, options, attempts - 1);
    return { id: await runtime.createNetwork(options), foreign: false };
  }
  await Promise.all(ours.filter((n) => n.id !== survivor.id).map((n) => removeDuplicate(runtime, n.id)));
  return { id: survivor.id, foreign: false };
}

function isProjectNetwork(n: NetworkDetails, labels: Readonly<Record<string, string>>): boolean {
  return [LABELS.project, LABELS.network].every((key) => labels[key] === undefined || n.labels[key] === labels[key]) && n.labels[LABELS.project] !== undefined;
}

/** The network every racer keeps: the lowest creation time, then the lowest id. */
function oldest(networks: readonly NetworkDetails[]): NetworkDetails | undefined {
  return [...networks].sort((a, b) => compareCreated(a.created, b.created) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))[0];
}

/**
 * Orders two engine timestamps (`2024-05-01T10:00:00.123456789+02:00`) by instant, to the
 * nanosecond: a plain string comparison fails on trailing zeros Go leaves out, and Date keeps
 * only milliseconds. An unreadable one sorts last.
 */
export function compareCreated(a: string, b: string): number {
  const x = instant(a);
  const y = instant(b);
  if (x === undefined || y === undefined) return x === y ? 0 : x === undefined ? 1 : -1;
  return x < y ? -1 : x > y ? 1 : 0;
}

function instant(text: string): bigint | undefined {
  const m = /^(.*?:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(text);
  if (!m) return undefined;
  const ms = Date.parse(`${m[1]}${m[3]}`);
  if (Number.isNaN(ms)) return undefined;
  const nanos = BigInt((m[2] ?? "").padEnd(9, "0").slice(0, 9));
  return BigInt(ms) * 1_000_000n + nanos;
}

/** Removes a duplicate; one already gone, or in use (a container joined it before this run), is left. */
async function removeDuplicate(runtime: Runtime, id: string): Promise<void> {
  try {
    await runtime.removeNetwork(id);
  } catch (error) {
    if (!isRuntimeError(error, "not-found") && !isRuntimeError(error, "conflict")) throw error;
  }
}
