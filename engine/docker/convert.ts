import type {
  ContainerDetails,
  ContainerStatus,
  ContainerSummary,
  EndpointInfo,
  HealthStatus,
  ImageDetails,
  ImageSummary,
  MountInfo,
  NetworkDetails,
  PublishedPort,
  RuntimeEvent,
  VolumeDetails,
} from "../runtime/runtime-types.js";
import type { HealthcheckSpec } from "../runtime/runtime-container-spec.js";

/** The Engine API's JSON, read defensively: every field may be missing or null. */
type Raw = Record<string, unknown>;

const obj = (v: unknown): Raw => (v && typeof v === "object" && !Array.isArray(v) ? (v as Raw) : {});
const str = (v: unknown): string => (typeof v === "string" ? v : "");
const num = (v: unknown): number => (typeof v === "number" ? v : 0);
const bool = (v: unknown): boolean => v === true;
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
const strMap = (v: unknown): Record<string, string> =>
  Object.fromEntries(Object.entries(obj(v)).filter((e): e is [string, string] => typeof e[1] === "string"));
const optStr = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
/** The engine's zero time (`0001-01-01T00:00:00Z`) means "never". */
const time = (v: unknown): string | undefined => (typeof v === "string" && v !== "" && !v.startsWith("0001-") ? v : undefined);

function status(v: unknown): ContainerStatus {
  const s = str(v);
  const known: ContainerStatus[] = ["created", "running", "paused", "restarting", "removing", "exited", "dead"];
  return (known as string[]).includes(s) ? (s as ContainerStatus) : "dead";
}

function health(v: unknown): HealthStatus {
  const s = str(v);
  return s === "starting" || s === "healthy" || s === "unhealthy" ? s : "none";
}

/** `ContainerList` entry → ContainerSummary. */
export function containerSummary(raw: Raw): ContainerSummary {
  const ports: PublishedPort[] = (Array.isArray(raw.Ports) ? raw.Ports : []).map((p: unknown) => {
    const r = obj(p);
    const hostIp = optStr(r.IP);
    return {
      containerPort: num(r.PrivatePort),
      protocol: str(r.Type) || "tcp",
      ...(hostIp ? { hostIp } : {}),
      ...(typeof r.PublicPort === "number" ? { hostPort: r.PublicPort } : {}),
    };
  });
  return {
    id: str(raw.Id),
    name: (strs(raw.Names)[0] ?? "").replace(/^\//, ""),
    image: str(raw.Image),
    imageId: str(raw.ImageID),
    labels: strMap(raw.Labels),
    status: status(raw.State),
    statusText: str(raw.Status),
    created: num(raw.Created),
    ports,
    networks: Object.keys(obj(obj(raw.NetworkSettings).Networks)),
    mounts: mounts(raw.Mounts),
  };
}

/** `NetworkSettings.Ports` → PublishedPort list (exposed-only ports have no host side). */
export function publishedPorts(v: unknown): PublishedPort[] {
  const out: PublishedPort[] = [];
  for (const [key, bindings] of Object.entries(obj(v))) {
    const [port, protocol] = key.split("/");
    const containerPort = Number(port);
    if (!Array.isArray(bindings) || bindings.length === 0) {
      out.push({ containerPort, protocol: protocol ?? "tcp" });
      continue;
    }
    for (const b of bindings) {
      const r = obj(b);
      const hostIp = optStr(r.HostIp);
      out.push({ containerPort, protocol: protocol ?? "tcp", ...(hostIp ? { hostIp } : {}), hostPort: Number(str(r.HostPort)) });
    }
  }
  return out;
}

function mounts(v: unknown): MountInfo[] {
  return (Array.isArray(v) ? v : []).map((m: unknown) => {
    const r = obj(m);
    const name = optStr(r.Name);
    const driver = optStr(r.Driver);
    return {
      type: (str(r.Type) || "volume") as MountInfo["type"],
      ...(name ? { name } : {}),
      source: str(r.Source),
      destination: str(r.Destination),
      readOnly: r.RW === false,
      ...(driver ? { driver } : {}),
    };
  });
}

function endpoints(v: unknown): Record<string, EndpointInfo> {
  const out: Record<string, EndpointInfo> = {};
  for (const [name, e] of Object.entries(obj(v))) {
    const r = obj(e);
    const ipam = obj(r.IPAMConfig);
    const set = <K extends keyof EndpointInfo>(k: K, val: EndpointInfo[K] | undefined) => (val === undefined ? {} : { [k]: val });
    out[name] = {
      networkId: str(r.NetworkID),
      endpointId: str(r.EndpointID),
      aliases: strs(r.Aliases),
      ...set("ipv4Address", optStr(r.IPAddress)),
      ...set("ipv6Address", optStr(r.GlobalIPv6Address)),
      ...set("macAddress", optStr(r.MacAddress)),
      ...set("gateway", optStr(r.Gateway)),
      ...set("requestedIpv4", optStr(ipam.IPv4Address)),
      ...set("requestedIpv6", optStr(ipam.IPv6Address)),
    };
  }
  return out;
}

function lastHealthLog(h: Raw): ContainerDetails["state"]["lastHealthLog"] {
  const log = Array.isArray(h.Log) ? h.Log : [];
  const last = obj(log[log.length - 1]);
  if (log.length === 0) return undefined;
  return { start: str(last.Start), end: str(last.End), exitCode: num(last.ExitCode), output: str(last.Output) };
}

function state(raw: Raw): ContainerDetails["state"] {
  const s = obj(raw.State);
  const h = obj(s.Health);
  const last = lastHealthLog(h);
  const error = optStr(s.Error);
  const startedAt = time(s.StartedAt);
  const finishedAt = time(s.FinishedAt);
  return {
    status: status(s.Status),
    running: bool(s.Running),
    paused: bool(s.Paused),
    restarting: bool(s.Restarting),
    oomKilled: bool(s.OOMKilled),
    dead: bool(s.Dead),
    pid: num(s.Pid),
    exitCode: num(s.ExitCode),
    ...(error ? { error } : {}),
    ...(startedAt ? { startedAt } : {}),
    ...(finishedAt ? { finishedAt } : {}),
    health: health(h.Status),
    failingStreak: num(h.FailingStreak),
    ...(last ? { lastHealthLog: last } : {}),
  };
}

/** `Config.Healthcheck` → HealthcheckSpec (durations in ns; 0 or absent = the engine's default). */
function healthcheckSpec(h: Raw, test: string[]): HealthcheckSpec {
  const ns = (v: unknown) => (typeof v === "number" && v > 0 ? v : undefined);
  const set = <K extends keyof HealthcheckSpec>(k: K, v: HealthcheckSpec[K] | undefined) => (v === undefined ? {} : { [k]: v });
  return {
    test,
    ...set("intervalNs", ns(h.Interval)),
    ...set("timeoutNs", ns(h.Timeout)),
    ...set("retries", ns(h.Retries)),
    ...set("startPeriodNs", ns(h.StartPeriod)),
    ...set("startIntervalNs", ns(h.StartInterval)),
  };
}

/** `ContainerInspect` → ContainerDetails. */
export function containerDetails(raw: Raw): ContainerDetails {
  const c = obj(raw.Config);
  const hc = obj(raw.HostConfig);
  const test = strs(obj(c.Healthcheck).Test);
  const stopSignal = optStr(c.StopSignal);
  const restart = obj(hc.RestartPolicy);
  return {
    id: str(raw.Id),
    name: str(raw.Name).replace(/^\//, ""),
    created: str(raw.Created),
    image: str(c.Image),
    imageId: str(raw.Image),
    labels: strMap(c.Labels),
    state: state(raw),
    restartCount: num(raw.RestartCount),
    config: {
      cmd: strs(c.Cmd),
      entrypoint: strs(c.Entrypoint),
      env: strs(c.Env),
      user: str(c.User),
      workingDir: str(c.WorkingDir),
      hostname: str(c.Hostname),
      tty: bool(c.Tty),
      openStdin: bool(c.OpenStdin),
      ...(stopSignal ? { stopSignal } : {}),
      ...(typeof c.StopTimeout === "number" ? { stopTimeoutSeconds: c.StopTimeout } : {}),
      hasHealthcheck: test.length > 0 && test[0] !== "NONE",
      ...(test.length > 0 && test[0] !== "NONE" ? { healthcheck: healthcheckSpec(obj(c.Healthcheck), test) } : {}),
      exposedPorts: Object.keys(obj(c.ExposedPorts)),
    },
    networkMode: str(hc.NetworkMode),
    restartPolicy: str(restart.Name) || "no",
    autoRemove: bool(hc.AutoRemove),
    mounts: mounts(raw.Mounts),
    networks: endpoints(obj(raw.NetworkSettings).Networks),
    ports: publishedPorts(obj(raw.NetworkSettings).Ports),
  };
}

/** `NetworkInspect`/`NetworkList` entry → NetworkDetails. */
export function networkDetails(raw: Raw): NetworkDetails {
  const ipam = obj(raw.IPAM);
  const containers: Record<string, { name: string; ipv4Address?: string; ipv6Address?: string }> = {};
  for (const [id, c] of Object.entries(obj(raw.Containers))) {
    const r = obj(c);
    const v4 = optStr(r.IPv4Address)?.replace(/\/\d+$/, "");
    const v6 = optStr(r.IPv6Address)?.replace(/\/\d+$/, "");
    containers[id] = { name: str(r.Name), ...(v4 ? { ipv4Address: v4 } : {}), ...(v6 ? { ipv6Address: v6 } : {}) };
  }
  return {
    id: str(raw.Id),
    name: str(raw.Name),
    driver: str(raw.Driver),
    scope: str(raw.Scope),
    internal: bool(raw.Internal),
    attachable: bool(raw.Attachable),
    enableIpv6: bool(raw.EnableIPv6),
    labels: strMap(raw.Labels),
    options: strMap(raw.Options),
    ipam: {
      driver: str(ipam.Driver) || "default",
      config: (Array.isArray(ipam.Config) ? ipam.Config : []).map((p: unknown) => {
        const r = obj(p);
        const pool = { subnet: optStr(r.Subnet), ipRange: optStr(r.IPRange), gateway: optStr(r.Gateway) };
        const aux = strMap(r.AuxiliaryAddresses);
        return Object.assign(
          Object.fromEntries(Object.entries(pool).filter(([, v]) => v !== undefined)),
          Object.keys(aux).length > 0 ? { auxAddresses: aux } : {},
        );
      }),
      options: strMap(ipam.Options),
    },
    containers,
    created: str(raw.Created),
  };
}

/** `VolumeInspect`/list entry → VolumeDetails. */
export function volumeDetails(raw: Raw): VolumeDetails {
  const createdAt = optStr(raw.CreatedAt);
  return {
    name: str(raw.Name),
    driver: str(raw.Driver),
    mountpoint: str(raw.Mountpoint),
    labels: strMap(raw.Labels),
    options: strMap(raw.Options),
    scope: str(raw.Scope) || "local",
    ...(createdAt ? { createdAt } : {}),
  };
}

/** `ImageInspect` → ImageDetails. */
export function imageDetails(raw: Raw): ImageDetails {
  const c = obj(raw.Config);
  const test = strs(obj(c.Healthcheck).Test);
  return {
    id: str(raw.Id),
    repoTags: strs(raw.RepoTags),
    repoDigests: strs(raw.RepoDigests),
    labels: strMap(c.Labels),
    created: str(raw.Created),
    size: num(raw.Size),
    config: {
      cmd: strs(c.Cmd),
      entrypoint: strs(c.Entrypoint),
      env: strs(c.Env),
      workingDir: str(c.WorkingDir),
      user: str(c.User),
      exposedPorts: Object.keys(obj(c.ExposedPorts)),
      volumes: Object.keys(obj(c.Volumes)),
      hasHealthcheck: test.length > 0 && test[0] !== "NONE",
    },
  };
}

/** `ImageList` entry → ImageSummary. */
export function imageSummary(raw: Raw): ImageSummary {
  return {
    id: str(raw.Id),
    repoTags: strs(raw.RepoTags).filter((t) => t !== "<none>:<none>"),
    labels: strMap(raw.Labels),
    created: num(raw.Created),
    size: num(raw.Size),
  };
}

/**
 * An `/events` message → RuntimeEvent (Docker's `health_status: healthy` split into action and
 * status; Podman's `health_status` with a separate `HealthStatus` read the same way).
 */
export function runtimeEvent(raw: Raw): RuntimeEvent {
  const actor = obj(raw.Actor);
  let action = str(raw.Action) || str(raw.status);
  let healthStatus: HealthStatus | undefined;
  // `health_status: healthy`, `exec_start: sh -c …`: the action is the part before the colon.
  const colon = action.indexOf(":");
  if (colon > 0) {
    if (action.startsWith("health_status")) healthStatus = health(action.slice(colon + 1).trim());
    action = action.slice(0, colon);
  } else if (action === "health_status" && typeof raw.HealthStatus === "string") {
    // Podman's Docker-compatible API sends the status in its own field.
    healthStatus = health(raw.HealthStatus);
  }
  const timeNano = typeof raw.timeNano === "number" ? raw.timeNano : num(raw.time) * 1e9;
  return {
    type: str(raw.Type),
    action,
    id: str(actor.ID) || str(raw.id),
    attributes: strMap(actor.Attributes),
    ...(healthStatus ? { status: healthStatus } : {}),
    timeNano,
  };
}
