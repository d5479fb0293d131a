import { ComposeError, ProjectError } from "../spec/errors.js";
import type { NetworkAttachment, Project, ServiceConfig } from "../spec/project.js";
import type { EndpointSpec } from "./types.js";
import { resolveServiceMode, type ServiceContainerResolver } from "./service-reference.js";

/** The driver option that names the container's interface (Compose's `interface_name`). */
export const IFNAME_OPTION = "com.docker.network.endpoint.ifname";

/** Options of `endpointsFor`. */
export interface EndpointOptions {
  /**
   * Add the service name and its `aliases` as DNS aliases (default true). Compose turns this off
   * for one-off `run` containers unless `--use-aliases`; the container name is always an alias.
   */
  readonly useNetworkAliases?: boolean;
  /** `container:alias` links (from `links` and `external_links`), set on every endpoint, as Compose does. */
  readonly links?: readonly string[];
}

/**
 * A service's network keys in Compose's order (compose-go `NetworksByPriority`): highest
 * `priority` first, ties by key. The first one is the primary network, joined at create time.
 */
export function networksByPriority(service: ServiceConfig): string[] {
  const entries = Object.entries(service.networks ?? {}).map(([key, cfg]) => ({ key, priority: cfg?.priority ?? 0 }));
  entries.sort((a, b) => b.priority - a.priority || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return entries.map((e) => e.key);
}

/**
 * How one container of `serviceName` joins its networks, primary first (see `networksByPriority`).
 * Each endpoint names the engine network and carries, as Compose's `createEndpointSettings` does,
 * DNS aliases `[containerName, serviceName, ...aliases]` (duplicates dropped), the fixed
 * addresses, link-local IPs, MAC address, driver options (`interface_name` becomes the
 * `com.docker.network.endpoint.ifname` option) and gateway priority. The service-level
 * `mac_address` goes to the primary endpoint when that endpoint sets none (a different one is an
 * error, as in Compose). A service with `network_mode` has no endpoints (see `networkModeFor`).
 */
export function endpointsFor(project: Project, serviceName: string, containerName: string, options: EndpointOptions = {}): EndpointSpec[] {
  const service = serviceOf(project, serviceName);
  if (hasNetworkMode(service)) return [];
  const keys = networksByPriority(service);
  const primaryMac = checkedServiceMac(serviceName, service, keys[0]);
  return keys.map((key, i) => {
    const endpoint = endpointOf(project, serviceName, containerName, key, service.networks?.[key] ?? null, options);
    return i === 0 && primaryMac !== undefined && endpoint.macAddress === undefined ? { ...endpoint, macAddress: primaryMac } : endpoint;
  });
}

/**
 * The container's network mode: `network_mode` as written, with `service:<name>` resolved to
 * `container:<container of name>` through `resolveServiceContainer` (an `E_SERVICE_CONTAINER_MISSING`
 * error when it has none); otherwise the engine name of the primary network, as Compose sends it;
 * `none` for a service on no network at all.
 */
export function networkModeFor(
  project: Project,
  serviceName: string,
  resolveServiceContainer: ServiceContainerResolver,
): string | undefined {
  const service = serviceOf(project, serviceName);
  if (hasNetworkMode(service)) return resolveServiceMode(service.network_mode ?? "", "network_mode", serviceName, resolveServiceContainer);
  const primary = networksByPriority(service)[0];
  return primary === undefined ? "none" : engineNetworkName(project, serviceName, primary);
}

function hasNetworkMode(service: ServiceConfig): boolean {
  return service.network_mode !== undefined && service.network_mode !== "";
}

function serviceOf(project: Project, name: string): ServiceConfig {
  const service = project.services[name];
  if (!service) throw new ComposeError("E_NO_SUCH_SERVICE", `no such service: ${name}`);
  return service;
}

function engineNetworkName(project: Project, serviceName: string, key: string): string {
  const network = project.networks[key];
  if (!network) {
    throw new ProjectError("E_UNDEFINED_NETWORK", `service "${serviceName}" refers to undefined network ${key}`, {
      hint: `Declare "${key}" under the top-level networks: key, or remove it from the service.`,
      path: ["services", serviceName, "networks", key],
    });
  }
  return network.name;
}

function endpointOf(
  project: Project,
  serviceName: string,
  containerName: string,
  key: string,
  cfg: NetworkAttachment | null,
  options: EndpointOptions,
): EndpointSpec {
  const aliases = [containerName];
  if (options.useNetworkAliases ?? true) aliases.push(serviceName, ...(cfg?.aliases ?? []));
  const driverOpts = cfg?.interface_name ? { ...cfg.driver_opts, [IFNAME_OPTION]: cfg.interface_name } : cfg?.driver_opts;
  return {
    network: engineNetworkName(project, serviceName, key),
    aliases: [...new Set(aliases)],
    ...(options.links?.length ? { links: [...options.links] } : {}),
    ...(cfg?.ipv4_address ? { ipv4Address: cfg.ipv4_address } : {}),
    ...(cfg?.ipv6_address ? { ipv6Address: cfg.ipv6_address } : {}),
    ...(cfg?.link_local_ips?.length ? { linkLocalIps: [...cfg.link_local_ips] } : {}),
    ...(cfg?.mac_address ? { macAddress: cfg.mac_address } : {}),
    ...(driverOpts && Object.keys(driverOpts).length > 0 ? { driverOpts: { ...driverOpts } } : {}),
    ...(cfg?.gw_priority !== undefined ? { gwPriority: cfg.gw_priority } : {}),
    ...(cfg ? { configured: true as const } : {}),
  };
}

/** The service-level MAC address, checked against the primary network's own (Compose's rule). */
function checkedServiceMac(serviceName: string, service: ServiceConfig, primary: string | undefined): string | undefined {
  const mac = service.mac_address;
  if (!mac) return undefined;
  const own = primary === undefined ? undefined : service.networks?.[primary]?.mac_address;
  if (own && own !== mac) {
    throw new ProjectError("E_MAC_ADDRESS", `service "${serviceName}" sets mac_address ${mac} but its network ${primary} sets ${own}`, {
      hint: `Give services.${serviceName}.mac_address the same value as networks.${primary}.mac_address, or drop one of them.`,
      path: ["services", serviceName, "mac_address"],
    });
  }
  return mac;
}
