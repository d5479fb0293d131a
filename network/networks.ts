import { networkConfigHash } from "../spec/compose-go/hash.js";
import type { NetworkConfig, Project } from "../spec/project.js";
import { COMPOSE_VERSION_LABEL, LABELS } from "../spec/labels.js";
import type { CreateNetworkOptions } from "./types.js";

/** A network tscompose creates and owns: created with `options`, labelled with `configHash`. */
export interface ManagedNetwork {
  /** The key under top-level `networks:` (`default`, `backend`…). */
  readonly key: string;
  /** The engine name (`<project>_<key>` unless `name:` is set). */
  readonly name: string;
  readonly external: false;
  readonly options: CreateNetworkOptions;
  /** SHA-256 of the network's config; also in `options.labels` under `LABELS.configHash`. */
  readonly configHash: string;
}

/** A network that must already exist: looked up by name, never created or removed. */
export interface ExternalNetwork {
  readonly key: string;
  readonly name: string;
  readonly external: true;
}

/** A network the project needs. */
export type DesiredNetwork = ManagedNetwork | ExternalNetwork;

/**
 * The networks `up` must create or find: every top-level network that at least one service joins
 * (the implicit `default` included when used), sorted by key. Like Compose, a declared network no
 * service uses is left out, unless `all` (Compose's `--all-resources`). Managed networks carry the create options Compose sends (driver,
 * driver_opts, IPAM, internal, attachable, enable_ipv6, user labels) plus Compose's labels
 * (project, network key, version, config hash), Compose's labels winning over the user's.
 * Pure; a service's `networks` key missing from `project.networks` is skipped here (the spec
 * rules report it).
 */
export function desiredNetworks(project: Project, all = false): DesiredNetwork[] {
  const used = new Set<string>(all ? Object.keys(project.networks) : []);
  for (const service of Object.values(project.services)) {
    for (const key of Object.keys(service.networks ?? {})) used.add(key);
  }
  const out: DesiredNetwork[] = [];
  for (const key of [...used].sort()) {
    const config = project.networks[key];
    if (!config) continue;
    out.push(config.external ? { key, name: config.name, external: true } : managed(project.name, key, config));
  }
  return out;
}

/** The value of a network's `LABELS.configHash` label: Compose's network hash. */
export { networkConfigHash };

function managed(project: string, key: string, config: NetworkConfig): ManagedNetwork {
  const configHash = networkConfigHash(config);
  const labels = {
    ...config.labels,
    [LABELS.project]: project,
    [LABELS.network]: key,
    [LABELS.version]: COMPOSE_VERSION_LABEL,
    [LABELS.configHash]: configHash,
  };
  const options: CreateNetworkOptions = {
    name: config.name,
    ...(config.driver !== undefined ? { driver: config.driver } : {}),
    ...(config.driver_opts !== undefined ? { options: { ...config.driver_opts } } : {}),
    ...ipamOf(config),
    ...(config.internal !== undefined ? { internal: config.internal } : {}),
    ...(config.attachable !== undefined ? { attachable: config.attachable } : {}),
    ...(config.enable_ipv6 !== undefined ? { enableIpv6: config.enable_ipv6 } : {}),
    labels,
  };
  return { key, name: config.name, external: false, options, configHash };
}

/** Compose sends an IPAM section only when a driver or pools are set; never IPAM options (2.40 drops them). */
function ipamOf(config: NetworkConfig): Pick<CreateNetworkOptions, "ipam"> {
  const ipam = config.ipam;
  if (!ipam || (ipam.driver === undefined && (ipam.config ?? []).length === 0)) return {};
  return {
    ipam: {
      ...(ipam.driver !== undefined ? { driver: ipam.driver } : {}),
      ...(ipam.config !== undefined
        ? {
            config: ipam.config.map((pool) => ({
              ...(pool.subnet !== undefined ? { subnet: pool.subnet } : {}),
              ...(pool.ip_range !== undefined ? { ipRange: pool.ip_range } : {}),
              ...(pool.gateway !== undefined ? { gateway: pool.gateway } : {}),
              ...(pool.aux_addresses !== undefined ? { auxAddresses: { ...pool.aux_addresses } } : {}),
            })),
          }
        : {}),
    },
  };
}
