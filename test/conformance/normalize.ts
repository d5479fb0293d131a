/**
 * What the create comparison (check b) sets aside in `docker inspect` output, and why. Everything
 * else the engine reports must be identical between the objects Compose created and ours. Each rule
 * is listed in NORMALISATIONS (printed into RESULTS.md) with its reason.
 */

type Json = Record<string, unknown>;

/** Every normalisation applied to inspect output, with the reason it must be applied. */
export const NORMALISATIONS: readonly { readonly what: string; readonly why: string }[] = [
  { what: "container, network and anonymous-volume ids → `<container-id>`, `<network-id>`, `<anon-volume>` wherever they occur (also in paths such as `ResolvConfPath`)", why: "the engine assigns them at random" },
  { what: "`Config.Hostname` equal to the container id's first 12 characters → `<short-id>`", why: "without `hostname:` the engine uses the short id" },
  { what: "`Created` (containers, networks), `CreatedAt` (volumes) removed", why: "timestamps" },
  { what: "`GraphDriver` removed, and the `Source` of an image mount in the container's `Mounts` → `<image-layer>`", why: "the storage driver's layer paths are random per container" },
  { what: "container label `com.docker.compose.config-hash` removed", why: "compared separately, service by service, in check c (network and volume hash labels stay in b)" },
  { what: "label `com.docker.compose.version` removed (containers, networks, volumes)", why: "each tool writes its own version" },
  { what: "a network's IPAM `Subnet`, `Gateway` and `IPRange` → `<auto>` unless the compose file sets that value", why: "the engine picks the next free pool, which depends on what else exists on the engine at that moment" },
  { what: "`Config.Env`, `HostConfig.Binds`, `HostConfig.ExtraHosts` sorted, `HostConfig.Mounts` sorted by `Target`, `HostConfig.Ulimits` by `Name`, and the entries of the `com.docker.compose.depends_on` label sorted", why: "Compose builds each of them from a Go map, so its own order changes from run to run (measured: three creates of one file give three orders); the engine does not care about their order" },
  { what: "the container's top-level `Mounts` list sorted by `Destination`", why: "the engine lists mount points from an unordered map (the requested mounts, `HostConfig.Mounts`/`Binds`, are compared as above)" },
  { what: "objects sorted by name", why: "`docker ps`/`ls` list order is not part of the result" },
];

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Replaces, in every string of `value`, each key of `replacements` by its value (longest keys first). */
function replaceStrings(value: unknown, replacements: ReadonlyMap<string, string>): unknown {
  if (typeof value === "string") {
    let out = value;
    for (const [from, to] of replacements) if (from) out = out.split(from).join(to);
    return out;
  }
  if (Array.isArray(value)) return value.map((item) => replaceStrings(item, replacements));
  if (!isObject(value)) return value;
  const out: Json = {};
  for (const [key, item] of Object.entries(value)) out[replaceStrings(key, replacements) as string] = replaceStrings(item, replacements);
  return out;
}

function sortBy(items: readonly Json[], key: string): Json[] {
  return [...items].sort((a, b) => String(a[key]).localeCompare(String(b[key])));
}

function dropLabels(labels: unknown, names: readonly string[]): void {
  if (!isObject(labels)) return;
  for (const name of names) delete labels[name];
}

/** The raw inspect output of one tool's project after `create`. */
export interface Inspected {
  readonly containers: Json[];
  readonly networks: Json[];
  readonly volumes: Json[];
  /** Ids of networks the containers join that are not the project's own (external ones). */
  readonly otherNetworkIds: readonly string[];
}

/** The normalised, comparable form of one tool's objects, keyed by kind and normalised name. */
export interface Comparable {
  readonly containers: Record<string, unknown>;
  readonly networks: Record<string, unknown>;
  readonly volumes: Record<string, unknown>;
}

function idReplacements(inspected: Inspected): Map<string, string> {
  const map = new Map<string, string>();
  for (const c of inspected.containers) {
    map.set(String(c.Id), "<container-id>");
    const mounts = Array.isArray(c.Mounts) ? (c.Mounts as Json[]) : [];
    for (const m of mounts) {
      // An anonymous volume: the engine names it with 64 random hex digits.
      if (m.Type === "volume" && typeof m.Name === "string" && /^[0-9a-f]{64}$/.test(m.Name)) map.set(m.Name, "<anon-volume>");
    }
  }
  for (const n of inspected.networks) map.set(String(n.Id), "<network-id>");
  for (const id of inspected.otherNetworkIds) map.set(id, "<network-id>");
  // Longest first, so an id is replaced before any shorter string inside it.
  return new Map([...map].sort((a, b) => b[0].length - a[0].length));
}

function normaliseContainer(c: Json): Json {
  const out = structuredClone(c);
  delete out.Created;
  delete out.GraphDriver;
  const config = out.Config;
  if (isObject(config)) {
    if (typeof out.Id === "string" && config.Hostname === out.Id.slice(0, 12)) config.Hostname = "<short-id>";
    dropLabels(config.Labels, ["com.docker.compose.config-hash", "com.docker.compose.version"]);
  }
  if (Array.isArray(out.Mounts)) {
    const mounts = (out.Mounts as Json[]).map((m) => (m.Type === "image" ? { ...m, Source: "<image-layer>" } : m));
    out.Mounts = sortBy(mounts, "Destination");
  }
  if (isObject(config)) {
    if (Array.isArray(config.Env)) config.Env = [...(config.Env as string[])].sort();
    const labels = config.Labels;
    const dependsOn = isObject(labels) ? labels["com.docker.compose.depends_on"] : undefined;
    if (isObject(labels) && typeof dependsOn === "string") labels["com.docker.compose.depends_on"] = dependsOn.split(",").sort().join(",");
  }
  const host = out.HostConfig;
  if (isObject(host)) {
    for (const key of ["Binds", "ExtraHosts"]) if (Array.isArray(host[key])) host[key] = [...(host[key] as string[])].sort();
    if (Array.isArray(host.Mounts)) host.Mounts = sortBy(host.Mounts as Json[], "Target");
    if (Array.isArray(host.Ulimits)) host.Ulimits = sortBy(host.Ulimits as Json[], "Name");
  }
  return out;
}

function normaliseNetwork(n: Json, declared: ReadonlySet<string>): Json {
  const out = structuredClone(n);
  delete out.Created;
  dropLabels(out.Labels, ["com.docker.compose.version"]);
  const ipam = out.IPAM;
  if (isObject(ipam) && Array.isArray(ipam.Config)) {
    for (const entry of ipam.Config as Json[]) {
      for (const key of ["Subnet", "Gateway", "IPRange"]) {
        if (typeof entry[key] === "string" && !declared.has(entry[key] as string)) entry[key] = "<auto>";
      }
    }
  }
  return out;
}

function normaliseVolume(v: Json): Json {
  const out = structuredClone(v);
  delete out.CreatedAt;
  dropLabels(out.Labels, ["com.docker.compose.version"]);
  return out;
}

function byName(objects: readonly Json[], key: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const o of [...objects].sort((a, b) => String(a[key]).localeCompare(String(b[key])))) out[String(o[key])] = o;
  return out;
}

/**
 * The comparable form of one tool's objects. `declaredAddresses` are the subnets, gateways and
 * ranges the compose file itself sets (kept as they are); the engine's own picks become `<auto>`.
 */
export function normaliseInspected(inspected: Inspected, declaredAddresses: ReadonlySet<string>): Comparable {
  const containers = inspected.containers.map(normaliseContainer);
  const networks = inspected.networks.map((n) => normaliseNetwork(n, declaredAddresses));
  const volumes = inspected.volumes.map(normaliseVolume);
  const replacements = idReplacements(inspected);
  return replaceStrings(
    { containers: byName(containers, "Name"), networks: byName(networks, "Name"), volumes: byName(volumes, "Name") },
    replacements,
  ) as Comparable;
}

/** The subnets, gateways, ranges and aux addresses set in a resolved model's `networks.*.ipam.config`. */
export function declaredAddresses(model: unknown): Set<string> {
  const out = new Set<string>();
  const networks = isObject(model) && isObject(model.networks) ? model.networks : {};
  for (const network of Object.values(networks)) {
    const ipam = isObject(network) && isObject(network.ipam) ? network.ipam : undefined;
    const config = ipam && Array.isArray(ipam.config) ? (ipam.config as unknown[]) : [];
    for (const entry of config) {
      if (!isObject(entry)) continue;
      for (const key of ["subnet", "gateway", "ip_range"]) if (typeof entry[key] === "string") out.add(entry[key] as string);
    }
  }
  return out;
}
