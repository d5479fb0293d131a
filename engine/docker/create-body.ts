import { checkSpecForApi, type ContainerSpec, type EndpointSpec, type PortBindingSpec } from "../runtime/runtime-container-spec.js";
import { createsMissingSource, sendsVolumeAsBind, type MountSpec } from "../runtime/runtime-mount-spec.js";
import type { BlkioRateSpec, ResourcesSpec } from "../runtime/runtime-resources-spec.js";
import { apiVersionAtLeast } from "./connection.js";

/** A JSON object bound for the Engine API (undefined members vanish when serialized). */
export type ApiBody = Record<string, unknown>;

/** The create call's body, plus the networks to connect after create (the engine takes one at create time before API 1.44). */
export interface CreateRequest {
  readonly body: ApiBody;
  readonly laterEndpoints: readonly EndpointSpec[];
}

/** The first Engine API version (Docker 25) whose create call joins every network of `NetworkingConfig`. */
export const ALL_NETWORKS_AT_CREATE_API = "1.44";

/**
 * Translates a ContainerSpec into the Engine API's `POST /containers/create` body, as Docker
 * Compose (and the Go client under it) sends it to an engine of `apiVersion`, so `docker inspect`
 * reads the same. Pure. On API 1.44 and later every network goes into
 * `NetworkingConfig.EndpointsConfig` and the container-wide `MacAddress` (deprecated there) is left
 * to the primary endpoint; before 1.44 (or when the version is unknown) only the primary network
 * goes in and the others come back as `laterEndpoints`, to connect before start.
 * Plain binds and project volumes go through `HostConfig.Binds` (the engine creates a missing
 * bind source only in that form), every other mount through `HostConfig.Mounts` (see
 * `BindMountSpec`, `VolumeMountSpec`). Capabilities are normalized as the Go client does.
 */
export function createRequest(spec: ContainerSpec, apiVersion?: string): CreateRequest {
  checkSpecForApi(spec, apiVersion);
  const endpoints = spec.networks ?? [];
  const [first] = endpoints;
  const allAtCreate = apiVersionAtLeast(apiVersion, ALL_NETWORKS_AT_CREATE_API);
  const atCreate = allAtCreate ? endpoints : endpoints.slice(0, 1);
  const body: ApiBody = {
    Image: spec.image,
    Cmd: spec.cmd,
    // An empty list (not [""]) clears the image's entrypoint, as Compose sends it.
    Entrypoint: spec.entrypoint,
    Env: spec.env ? Object.entries(spec.env).map(([k, v]) => (v === null ? k : `${k}=${v}`)) : undefined,
    Labels: spec.labels ?? {},
    User: spec.user,
    WorkingDir: spec.workingDir,
    Hostname: spec.hostname,
    Domainname: spec.domainname,
    Tty: spec.tty ?? false,
    OpenStdin: spec.stdinOpen ?? false,
    StdinOnce: spec.attach === true && spec.stdinOpen === true,
    AttachStdin: spec.attach === true && spec.stdinOpen === true,
    // Compose sets both for every container it creates, attached or not.
    AttachStdout: true,
    AttachStderr: true,
    StopSignal: spec.stopSignal,
    StopTimeout: spec.stopTimeoutSeconds,
    Healthcheck: spec.healthcheck && {
      Test: spec.healthcheck.test,
      Interval: spec.healthcheck.intervalNs,
      Timeout: spec.healthcheck.timeoutNs,
      Retries: spec.healthcheck.retries,
      StartPeriod: spec.healthcheck.startPeriodNs,
      StartInterval: spec.healthcheck.startIntervalNs,
    },
    ExposedPorts: exposedPorts(spec),
    // From 1.44 the engine takes the MAC address per endpoint (the primary one carries the service's).
    MacAddress: allAtCreate && first ? undefined : spec.macAddress,
    HostConfig: hostConfig(spec, first),
    NetworkingConfig: first ? { EndpointsConfig: Object.fromEntries(atCreate.map((e) => [e.network, endpointConfig(e)])) } : undefined,
  };
  return { body, laterEndpoints: endpoints.slice(atCreate.length) };
}

/**
 * The Engine API's endpoint settings for one network, for create and connect alike, as Compose's
 * `createEndpointSettings` fills them. The fixed addresses also go to `IPAddress` and (Compose's
 * choice of field) `IPv6Gateway`: the engine shows them so until the container starts, then
 * replaces both with the live values.
 */
export function endpointConfig(e: Omit<EndpointSpec, "network">): ApiBody {
  const ipam =
    e.configured || e.ipv4Address || e.ipv6Address || e.linkLocalIps?.length
      ? { IPv4Address: e.ipv4Address, IPv6Address: e.ipv6Address, LinkLocalIPs: e.linkLocalIps }
      : undefined;
  return {
    Aliases: e.aliases && e.aliases.length > 0 ? e.aliases : undefined,
    Links: e.links && e.links.length > 0 ? e.links : undefined,
    IPAddress: e.ipv4Address,
    IPv6Gateway: e.ipv6Address,
    IPAMConfig: ipam,
    MacAddress: e.macAddress,
    DriverOpts: e.driverOpts,
    GwPriority: e.gwPriority,
  };
}

function portKey(p: PortBindingSpec): string {
  return `${p.containerPort}/${p.protocol ?? "tcp"}`;
}

/** Exposed ports as given (`5432` stays `5432`, as Compose sends an `expose:` entry), plus every published port. */
function exposedPorts(spec: ContainerSpec): ApiBody | undefined {
  const keys = [...(spec.exposedPorts ?? []), ...(spec.portBindings ?? []).map(portKey)];
  if (keys.length === 0) return undefined;
  return Object.fromEntries(keys.map((k) => [k, {}]));
}

/** Published ports; an empty map when there are none, as Compose sends it. */
function portBindings(bindings: readonly PortBindingSpec[] | undefined): ApiBody {
  const out: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const b of bindings ?? []) {
    (out[portKey(b)] ??= []).push({ HostIp: b.hostIp ?? "", HostPort: b.hostPort ?? "" });
  }
  return out;
}

type BindMount = Extract<MountSpec, { type: "bind" }>;

/** Whether Compose sends a mount as a `HostConfig.Binds` string rather than a Mount-API mount. */
export function isBindString(m: MountSpec): boolean {
  switch (m.type) {
    case "bind":
      return createsMissingSource(m);
    case "volume":
      return sendsVolumeAsBind(m);
    default:
      return false;
  }
}

/** `source:target:rw|ro[,z|Z][,propagation]`, as Compose writes a bind or a project volume. */
function bindString(m: MountSpec): string {
  const options = m.type === "bind" || m.type === "volume" ? [m.readOnly ? "ro" : "rw", m.selinux, m.propagation] : ["rw"];
  const source = m.type === "tmpfs" ? "" : (m.source ?? "");
  return `${source}:${m.target}:${options.filter(Boolean).join(",")}`;
}

/** A bind's Mount-API options: absent for a config file, else present (maybe empty) as Compose sends them. */
function bindOptions(m: BindMount): ApiBody | undefined {
  if (m.createHostPath === undefined && !m.propagation && !m.recursive) return undefined;
  return {
    Propagation: m.propagation,
    CreateMountpoint: m.createHostPath || undefined,
    NonRecursive: m.recursive === "disabled" || undefined,
    ReadOnlyNonRecursive: m.recursive === "writable" || undefined,
    ReadOnlyForceRecursive: m.recursive === "readonly" || undefined,
  };
}

function mountBody(m: MountSpec): ApiBody {
  switch (m.type) {
    case "bind":
      return { Type: "bind", Source: m.source, Target: m.target, ReadOnly: m.readOnly, BindOptions: bindOptions(m) };
    case "volume":
      return {
        Type: "volume",
        Source: m.source || undefined,
        Target: m.target,
        ReadOnly: m.readOnly,
        VolumeOptions: m.noCopy !== undefined || m.subpath || m.labels ? { NoCopy: m.noCopy || undefined, Subpath: m.subpath, Labels: m.labels } : undefined,
      };
    case "tmpfs":
      return {
        Type: "tmpfs",
        Target: m.target,
        TmpfsOptions: m.sizeBytes !== undefined || m.mode !== undefined ? { SizeBytes: m.sizeBytes, Mode: m.mode } : undefined,
      };
    case "image":
      return { Type: "image", Source: m.source, Target: m.target, ReadOnly: m.readOnly, ImageOptions: m.subpath ? { Subpath: m.subpath } : undefined };
    case "npipe":
    case "cluster":
      return { Type: m.type, Source: m.source, Target: m.target, ReadOnly: m.readOnly };
  }
}

const ALL_CAPABILITIES = "ALL";

/**
 * Capabilities as the Go client sends them: upper-cased, `CAP_`-prefixed (except `ALL`),
 * deduplicated and sorted; undefined when there are none.
 */
export function normalizeCapabilities(caps: readonly string[] | undefined): string[] | undefined {
  if (!caps || caps.length === 0) return undefined;
  const names = caps.map((c) => {
    const upper = c.toUpperCase();
    return upper === ALL_CAPABILITIES || upper.startsWith("CAP_") ? upper : `CAP_${upper}`;
  });
  return [...new Set(names)].sort();
}

function rates(list: readonly BlkioRateSpec[] | undefined): ApiBody[] | undefined {
  return list?.map((d) => ({ Path: d.path, Rate: d.rate }));
}

function resources(r: ResourcesSpec | undefined): ApiBody {
  if (!r) return {};
  return {
    NanoCpus: r.nanoCpus,
    CpuCount: r.cpuCount,
    CpuPercent: r.cpuPercent,
    CpuShares: r.cpuShares,
    CpuPeriod: r.cpuPeriod,
    CpuQuota: r.cpuQuota,
    CpusetCpus: r.cpusetCpus,
    CpusetMems: r.cpusetMems,
    Memory: r.memoryBytes,
    MemoryReservation: r.memoryReservationBytes,
    MemorySwap: r.memorySwapBytes,
    MemorySwappiness: r.memorySwappiness,
    OomKillDisable: r.oomKillDisable,
    PidsLimit: r.pidsLimit,
    BlkioWeight: r.blkioWeight,
    BlkioWeightDevice: r.blkioWeightDevice?.map((d) => ({ Path: d.path, Weight: d.weight })),
    BlkioDeviceReadBps: rates(r.blkioDeviceReadBps),
    BlkioDeviceReadIOps: rates(r.blkioDeviceReadIops),
    BlkioDeviceWriteBps: rates(r.blkioDeviceWriteBps),
    BlkioDeviceWriteIOps: rates(r.blkioDeviceWriteIops),
    CpuRealtimePeriod: r.cpuRealtimePeriod,
    CpuRealtimeRuntime: r.cpuRealtimeRuntime,
    DeviceRequests: r.deviceRequests?.map((d) => ({
      Driver: d.driver,
      Count: d.count,
      DeviceIDs: d.deviceIds,
      Capabilities: d.capabilities,
      Options: d.options,
    })),
  };
}

function hostConfig(spec: ContainerSpec, first: EndpointSpec | undefined): ApiBody {
  const mounts = spec.mounts ?? [];
  const binds = mounts.filter(isBindString);
  const others = mounts.filter((m) => !isBindString(m));
  return {
    Binds: binds.length > 0 ? binds.map(bindString) : undefined,
    Mounts: others.length > 0 ? others.map(mountBody) : undefined,
    Tmpfs: spec.tmpfs,
    VolumesFrom: spec.volumesFrom,
    NetworkMode: spec.networkMode ?? first?.network,
    PortBindings: portBindings(spec.portBindings),
    PublishAllPorts: spec.publishAllPorts,
    RestartPolicy: spec.restartPolicy && {
      Name: spec.restartPolicy.name === "no" ? "" : spec.restartPolicy.name,
      MaximumRetryCount: spec.restartPolicy.maximumRetryCount ?? 0,
    },
    AutoRemove: spec.autoRemove,
    CapAdd: normalizeCapabilities(spec.capAdd),
    CapDrop: normalizeCapabilities(spec.capDrop),
    Privileged: spec.privileged,
    ReadonlyRootfs: spec.readOnlyRootfs,
    // Compose always sends the list, empty when there is none.
    ExtraHosts: spec.extraHosts ?? [],
    Dns: spec.dns,
    DnsSearch: spec.dnsSearch,
    DnsOptions: spec.dnsOptions,
    Init: spec.init,
    ...resources(spec.resources),
    Ulimits: spec.ulimits?.map((u) => ({ Name: u.name, Soft: u.soft, Hard: u.hard })),
    Sysctls: spec.sysctls,
    SecurityOpt: spec.securityOpt,
    MaskedPaths: spec.systemPathsUnconfined ? [] : undefined,
    ReadonlyPaths: spec.systemPathsUnconfined ? [] : undefined,
    Devices: spec.devices?.map((d) => ({
      PathOnHost: d.pathOnHost,
      PathInContainer: d.pathInContainer,
      CgroupPermissions: d.cgroupPermissions ?? "rwm",
    })),
    LogConfig: spec.logging && { Type: spec.logging.driver, Config: spec.logging.options ?? {} },
    ShmSize: spec.shmSizeBytes,
    GroupAdd: spec.groupAdd,
    IpcMode: spec.ipcMode,
    PidMode: spec.pidMode,
    UsernsMode: spec.usernsMode,
    UTSMode: spec.utsMode,
    CgroupParent: spec.cgroupParent,
    CgroupnsMode: spec.cgroupnsMode,
    DeviceCgroupRules: spec.deviceCgroupRules,
    VolumeDriver: spec.volumeDriver,
    Runtime: spec.runtime,
    Isolation: spec.isolation,
    OomScoreAdj: spec.oomScoreAdj,
    StorageOpt: spec.storageOpt,
    Annotations: spec.annotations,
  };
}
