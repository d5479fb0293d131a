import { ComposeError, type Diagnostics } from "../../spec/errors.js";
import { formatPath } from "../../spec/location.js";
import type { Project, ServiceConfig } from "../../spec/project.js";
import { endpointsFor, networkModeFor } from "../../network/endpoints.js";
import { portBindings } from "../../network/ports.js";
import type { PortBindingSpec } from "../../network/types.js";
import { resolveServiceMode, type ServiceContainerResolver } from "../../network/service-reference.js";
import { serviceFiles, type EnvironmentLookup, type RegistryCredentials } from "./container-spec-files.js";
import { containerLabels } from "./container-spec-labels.js";
import { serviceMounts, tmpfsMap, volumesFrom, withApiSocket } from "./container-spec-mounts.js";
import { extraHosts, healthcheckSpec, logging, restartPolicy, stopTimeoutSeconds, storageOpt } from "./container-spec-options.js";
import { serviceDevices, serviceResources, serviceUlimits } from "./container-spec-resources.js";
import { unsupportedAttributes } from "./container-spec-unsupported.js";
import type { ContainerSpec } from "../runtime/runtime-container-spec.js";

/** Everything `containerSpec` needs to describe one container of a service. */
export interface ContainerSpecInput {
  readonly project: Project;
  readonly service: string;
  /** The container number (`com.docker.compose.container-number`). */
  readonly number: number;
  /** The container name (`<project>-<service>-<n>`, `container_name`, or a one-off name). */
  readonly name: string;
  /** The image reference to create from. */
  readonly image: string;
  /** The resolved image id, recorded in `com.docker.compose.image` when known. */
  readonly imageId?: string;
  /** `serviceConfigHash` of the service. */
  readonly configHash: string;
  readonly projectDir: string;
  /** Absolute paths of the project's compose files. */
  readonly configFiles: readonly string[];
  /** The environment file(s) used for interpolation, comma-separated as Compose writes them. */
  readonly envFile?: string;
  /** A one-off (`run`) container: `oneoff=True`, and no service-name aliases unless `useNetworkAliases`. */
  readonly oneoff?: boolean;
  /** Join networks with the service name and `aliases` as DNS names (default: not for one-offs). */
  readonly useNetworkAliases?: boolean;
  /** Labels added last (e.g. `LABELS.slug`, `LABELS.replace`). */
  readonly extraLabels?: Readonly<Record<string, string>>;
  /** Gives a service's container (name or id) for `service:` references. */
  readonly resolveServiceContainer: ServiceContainerResolver;
  /**
   * The engine's address, for `use_api_socket` (the socket path of a `unix://` address is mounted
   * into the container); default `unix:///var/run/docker.sock`, the Docker default.
   */
  readonly engineEndpoint?: string;
  /**
   * The project's environment (the shell over `.env`), for secrets and configs given by
   * `environment:`; without it such a variable is unset (an `E_ENV_FILE_UNSET` error).
   */
  readonly environment?: EnvironmentLookup;
  /** The user's registry credentials (their docker config's `auths`), copied in for `use_api_socket`; default none. */
  readonly credentials?: RegistryCredentials;
  /** Receives one warning per attribute the Runtime port cannot carry (`W_UNSUPPORTED_ATTRIBUTE`). */
  readonly diag?: Diagnostics;
}

/**
 * The ContainerSpec for one container of a service: every ServiceConfig attribute the Runtime
 * port can carry, mapped as Docker Compose's `getCreateConfigs` maps it to the Engine API. Pure
 * apart from `resolveServiceContainer`; optional attributes absent from the service are absent
 * from the spec (never `undefined`-valued keys). Throws a ComposeError for an unknown service,
 * a `service:` reference without a container, or a mount type the runtime cannot express.
 */
export function containerSpec(input: ContainerSpecInput): ContainerSpec {
  const { project, service: name } = input;
  const declared = project.services[name];
  if (!declared) throw new ComposeError("E_NO_SUCH_SERVICE", `no such service: ${name}`);
  // Compose creates a use_api_socket service from its rewritten form (socket bind, DOCKER_CONFIG).
  const service = withApiSocket(name, declared, input.engineEndpoint ?? DEFAULT_ENGINE_ENDPOINT);
  warnUnsupported(input, service);
  const resolve = input.resolveServiceContainer;
  const useNetworkAliases = input.useNetworkAliases ?? !input.oneoff;
  const links = serviceLinks(project.name, service, input.number, resolve);
  const networks = endpointsFor(project, name, input.name, { useNetworkAliases, ...(links.length > 0 ? { links } : {}) });
  const ports = portBindings(service.ports ?? [], service.expose ?? []);
  const mac = service.mac_address ?? networks[0]?.macAddress;
  const spec: ContainerSpec = {
    name: input.name,
    image: input.image,
    platform: service.platform,
    cmd: copy(service.command),
    entrypoint: copy(service.entrypoint),
    env: service.environment && { ...service.environment },
    labels: labelsFor(input, service),
    user: service.user,
    workingDir: service.working_dir,
    hostname: service.hostname,
    domainname: service.domainname,
    tty: service.tty,
    stdinOpen: service.stdin_open,
    stopSignal: service.stop_signal,
    stopTimeoutSeconds: stopTimeoutSeconds(service),
    healthcheck: healthcheckSpec(service),
    exposedPorts: nonEmpty(exposedPorts(service, ports.portBindings)),
    portBindings: nonEmpty(ports.portBindings),
    mounts: nonEmpty(serviceMounts(project, name, service)),
    tmpfs: tmpfsMap(service),
    volumesFrom: volumesFrom(name, service, resolve),
    networkMode: networkModeFor(project, name, resolve),
    networks: nonEmpty(networks),
    restartPolicy: restartPolicy(service),
    ...hostOptions(name, service, resolve),
    macAddress: mac,
    files: nonEmpty(serviceFiles(project, service, input.environment, input.credentials)),
  };
  return optional(spec);
}

/**
 * The exposed ports as Compose sends them: `expose:` entries as written (`5432`, `7000-7001/udp`;
 * the engine reads a bare port as tcp), then `port/protocol` of every published port.
 */
function exposedPorts(service: ServiceConfig, bindings: readonly PortBindingSpec[]): string[] {
  const keys = [...(service.expose ?? []), ...bindings.map((b) => `${b.containerPort}/${b.protocol ?? "tcp"}`)];
  return [...new Set(keys)];
}

/**
 * `links` and `external_links` as the engine takes them, `container:alias`, in Compose's order and
 * with its repeats (`[db, db:database]` gives `db-1`'s two extra names twice): for each `links`
 * entry, the linked service's first container (as `network_mode: service:` resolves it) under the
 * alias (default: the service name), `<service>-<n>` and `<project>-<service>-<n>`, where n is this
 * container's number; then each `external_links` entry. Compose repeats the three for every
 * container of a scaled linked service; the resolver gives one.
 */
function serviceLinks(project: string, service: ServiceConfig, number: number, resolve: ServiceContainerResolver): string[] {
  const out: string[] = [];
  const split = (link: string) => {
    const colon = link.indexOf(":");
    return colon < 0 ? [link, link] : [link.slice(0, colon), link.slice(colon + 1)];
  };
  for (const link of service.links ?? []) {
    const [target = "", alias = target] = split(link);
    const container = resolve(target);
    if (container) out.push(`${container}:${alias}`, `${container}:${target}-${number}`, `${container}:${project}-${target}-${number}`);
  }
  for (const link of service.external_links ?? []) {
    const [container = "", alias = container] = split(link);
    out.push(`${container}:${alias}`);
  }
  return out;
}

function labelsFor(input: ContainerSpecInput, service: ServiceConfig): Record<string, string> {
  return containerLabels({
    project: input.project.name,
    service: input.service,
    config: service,
    number: input.number,
    configHash: input.configHash,
    projectDir: input.projectDir,
    configFiles: input.configFiles,
    ...optional({ imageId: input.imageId, envFile: input.envFile, oneoff: input.oneoff, extra: input.extraLabels }),
  });
}

/** The HostConfig-level attributes that map one to one. */
function hostOptions(name: string, service: ServiceConfig, resolve: ServiceContainerResolver): Partial<ContainerSpec> {
  const mode = (value: string | undefined, attribute: string): string | undefined =>
    value === undefined || value === "" ? undefined : resolveServiceMode(value, attribute, name, resolve);
  return {
    capAdd: copy(nonEmpty(service.cap_add)),
    capDrop: copy(nonEmpty(service.cap_drop)),
    privileged: service.privileged,
    readOnlyRootfs: service.read_only,
    extraHosts: extraHosts(service),
    dns: copy(nonEmpty(service.dns)),
    dnsSearch: copy(nonEmpty(service.dns_search)),
    dnsOptions: copy(nonEmpty(service.dns_opt)),
    init: service.init,
    resources: serviceResources(service),
    ulimits: serviceUlimits(service),
    sysctls: service.sysctls && Object.keys(service.sysctls).length > 0 ? { ...service.sysctls } : undefined,
    securityOpt: nonEmpty((service.security_opt ?? []).filter((o) => o !== UNCONFINED)),
    systemPathsUnconfined: service.security_opt?.includes(UNCONFINED) || undefined,
    devices: serviceDevices(service),
    logging: logging(service),
    shmSizeBytes: service.shm_size,
    groupAdd: copy(nonEmpty(service.group_add)),
    ipcMode: mode(service.ipc, "ipc"),
    pidMode: mode(service.pid, "pid"),
    usernsMode: service.userns_mode,
    utsMode: service.uts,
    cgroupParent: service.cgroup_parent,
    cgroupnsMode: service.cgroup,
    deviceCgroupRules: copy(nonEmpty(service.device_cgroup_rules)),
    volumeDriver: service.volume_driver,
    runtime: service.runtime,
    isolation: service.isolation,
    oomScoreAdj: service.oom_score_adj,
    storageOpt: storageOpt(service),
    annotations: service.annotations && Object.keys(service.annotations).length > 0 ? { ...service.annotations } : undefined,
  };
}

/** Docker's default engine address, which `use_api_socket` mounts when the caller names no other. */
/** The engine address `use_api_socket` mounts when none is given: the engine's default socket. */
export const DEFAULT_ENGINE_ENDPOINT = "unix:///var/run/docker.sock";

/** The security option that unmasks `/proc` and `/sys` paths (Compose sends empty masked and read-only path lists). */
const UNCONFINED = "systempaths=unconfined";

function warnUnsupported(input: ContainerSpecInput, service: ServiceConfig): void {
  if (!input.diag) return;
  for (const path of unsupportedAttributes(input.service, service)) {
    const where = formatPath(path);
    input.diag.warnOnce(`unsupported:${where}`, "W_UNSUPPORTED_ATTRIBUTE", `${where} is not supported by tscompose yet and is ignored`, { path });
  }
}

function copy<T>(list: readonly T[] | undefined): T[] | undefined {
  return list === undefined ? undefined : [...list];
}

function nonEmpty<T>(list: readonly T[] | undefined): readonly T[] | undefined {
  return list && list.length > 0 ? list : undefined;
}

/** `value` without its undefined-valued keys. */
function optional<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
