import type { BlkioRateSpec, ContainerSpec, EndpointSpec, MountSpec, PortBindingSpec, ResourcesSpec } from "../runtime-container-spec.js";

/** A JSON object bound for the Engine API (undefined members vanish when serialized). */
export type ApiBody = Record<string, unknown>;

/** The create call's body, plus the networks to connect after create (the engine takes one at create time before API 1.44). */
export interface CreateRequest {
  readonly body: ApiBody;
  readonly laterEndpoints: readonly EndpointSpec[];
}

/**
 * Translates a ContainerSpec into the Engine API's `POST /containers/create` body. Pure. Bind
 * mounts that must create a missing host directory go through `HostConfig.Binds` (the only form
 * for which the engine creates it); every other mount goes through `HostConfig.Mounts`.
 */
export function createRequest(spec: ContainerSpec): CreateRequest {
  const [first, ...later] = spec.networks ?? [];
  const body: ApiBody = {
    Image: spec.image,
    Cmd: spec.cmd,
    // The engine keeps the image's entrypoint for an empty list; [""] is how the CLI clears it.
    Entrypoint: spec.entrypoint === undefined ? undefined : spec.entrypoint.length === 0 ? [""] : spec.entrypoint,
    Env: spec.env ? Object.entries(spec.env).map(([k, v]) => `${k}=${v}`) : undefined,
    Labels: spec.labels ?? {},
    User: spec.user,
    WorkingDir: spec.workingDir,
    Hostname: spec.hostname,
    Domainname: spec.domainname,
    Tty: spec.tty ?? false,
    OpenStdin: spec.stdinOpen ?? false,
    StdinOnce: spec.attach === true && spec.stdinOpen === true,
    AttachStdin: spec.attach === true && spec.stdinOpen === true,
    AttachStdout: spec.attach ?? false,
    AttachStderr: spec.attach ?? false,
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
    MacAddress: spec.macAddress,
    HostConfig: hostConfig(spec, first),
    NetworkingConfig: first ? { EndpointsConfig: { [first.network]: endpointConfig(first) } } : undefined,
  };
  return { body, laterEndpoints: later };
}

/** The Engine API's endpoint settings for one network (create and connect use the same shape). */
export function endpointConfig(e: Omit<EndpointSpec, "network">): ApiBody {
  const ipam =
    e.ipv4Address || e.ipv6Address || e.linkLocalIps?.length
      ? { IPv4Address: e.ipv4Address, IPv6Address: e.ipv6Address, LinkLocalIPs: e.linkLocalIps }
      : undefined;
  return {
    Aliases: e.aliases && e.aliases.length > 0 ? e.aliases : undefined,
    Links: e.links && e.links.length > 0 ? e.links : undefined,
    IPAMConfig: ipam,
    MacAddress: e.macAddress,
    DriverOpts: e.driverOpts,
    GwPriority: e.gwPriority,
  };
}

function portKey(p: PortBindingSpec): string {
  return `${p.containerPort}/${p.protocol ?? "tcp"}`;
}

function exposedPorts(spec: ContainerSpec): ApiBody | undefined {
  const keys = [...(spec.exposedPorts ?? []), ...(spec.portBindings ?? []).map(portKey)];
  if (keys.length === 0) return undefined;
  return Object.fromEntries(keys.map((k) => [k.includes("/") ? k : `${k}/tcp`, {}]));
}

function portBindings(bindings: readonly PortBindingSpec[] | undefined): ApiBody | undefined {
  if (!bindings || bindings.length === 0) return undefined;
  const out: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const b of bindings) {
    (out[portKey(b)] ??= []).push({ HostIp: b.hostIp ?? "", HostPort: b.hostPort ?? "" });
  }
  return out;
}

function bindString(m: Extract<MountSpec, { type: "bind" }>): string {
  const opts = [m.readOnly ? "ro" : "rw", m.selinux, m.propagation].filter((o): o is string => Boolean(o));
  return `${m.source}:${m.target}:${opts.join(",")}`;
}

function mountBody(m: MountSpec): ApiBody {
  switch (m.type) {
    case "bind":
      return { Type: "bind", Source: m.source, Target: m.target, ReadOnly: m.readOnly, BindOptions: m.propagation ? { Propagation: m.propagation } : undefined };
    case "volume":
      return {
        Type: "volume",
        Source: m.source || undefined,
        Target: m.target,
        ReadOnly: m.readOnly,
        VolumeOptions: m.noCopy || m.subpath ? { NoCopy: m.noCopy, Subpath: m.subpath } : undefined,
      };
    case "tmpfs":
      return { Type: "tmpfs", Target: m.target, TmpfsOptions: { SizeBytes: m.sizeBytes, Mode: m.mode } };
  }
}

function rates(list: readonly BlkioRateSpec[] | undefined): ApiBody[] | undefined {
  return list?.map((d) => ({ Path: d.path, Rate: d.rate }));
}

function resources(r: ResourcesSpec | undefined): ApiBody {
  if (!r) return {};
  return {
    NanoCpus: r.nanoCpus,
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
  const binds = mounts.filter((m) => m.type === "bind" && m.createHostPath);
  const others = mounts.filter((m) => !(m.type === "bind" && m.createHostPath));
  return {
    Binds: binds.length > 0 ? binds.map((m) => bindString(m as Extract<MountSpec, { type: "bind" }>)) : undefined,
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
    CapAdd: spec.capAdd,
    CapDrop: spec.capDrop,
    Privileged: spec.privileged,
    ReadonlyRootfs: spec.readOnlyRootfs,
    ExtraHosts: spec.extraHosts,
    Dns: spec.dns,
    DnsSearch: spec.dnsSearch,
    DnsOptions: spec.dnsOptions,
    Init: spec.init,
    ...resources(spec.resources),
    Ulimits: spec.ulimits?.map((u) => ({ Name: u.name, Soft: u.soft, Hard: u.hard })),
    Sysctls: spec.sysctls,
    SecurityOpt: spec.securityOpt,
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
    OomScoreAdj: spec.oomScoreAdj,
    StorageOpt: spec.storageOpt,
  };
}
