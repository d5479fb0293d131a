import type { ContainerDetails, ContainerSummary, EndpointInfo, MountInfo, PublishedPort } from "../runtime/runtime-types.js";
import type { HealthcheckSpec } from "../runtime/runtime-container-spec.js";
import { bool, health, num, obj, optStr, status, str, strMap, strs, time, type Raw } from "./convert-raw.js";

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
