import type { ContainerDetails, ContainerSummary, EndpointInfo, ImageDetails, NetworkDetails, VolumeDetails } from "../runtime/runtime-types.js";
import type { MemContainer, MemImage, MemNetwork, MemVolume, MemoryState } from "./memory-state.js";

/** Attributes of a container event: every label plus `name` and `image`, like the engine. */
export function containerEventAttributes(c: MemContainer, extra: Record<string, string> = {}): Record<string, string> {
  return { ...c.spec.labels, image: c.spec.image, name: c.name, ...extra };
}

function statusText(c: MemContainer): string {
  switch (c.status) {
    case "running":
      return `Up${c.health !== "none" ? ` (${c.health === "starting" ? "health: starting" : c.health})` : ""}`;
    case "paused":
      return "Up (Paused)";
    case "exited":
      return `Exited (${c.exitCode})`;
    default:
      return c.status[0]?.toUpperCase() + c.status.slice(1);
  }
}

function endpoints(state: MemoryState, c: MemContainer): Record<string, EndpointInfo> {
  const out: Record<string, EndpointInfo> = {};
  for (const ep of c.endpoints.values()) {
    const network = state.networks.get(ep.networkId);
    if (!network) continue;
    const gateway = network.ipam.config[0]?.gateway;
    out[network.name] = {
      networkId: ep.networkId,
      endpointId: ep.ipv4 ? ep.endpointId : "",
      aliases: [...ep.aliases],
      ...(ep.ipv4 ? { ipv4Address: ep.ipv4 } : {}),
      ...(ep.ipv4 && ep.macAddress ? { macAddress: ep.macAddress } : {}),
      ...(ep.ipv4 && gateway ? { gateway } : {}),
      ...(ep.requestedIpv4 ? { requestedIpv4: ep.requestedIpv4 } : {}),
      ...(ep.requestedIpv6 ? { requestedIpv6: ep.requestedIpv6 } : {}),
    };
  }
  return out;
}

/** A container as `inspect` shows it. */
export function containerDetails(state: MemoryState, c: MemContainer): ContainerDetails {
  const last = c.healthLog[c.healthLog.length - 1];
  const test = c.config.healthcheck?.test ?? [];
  return {
    id: c.id,
    name: c.name,
    created: c.created,
    image: c.spec.image,
    imageId: c.image.id,
    labels: { ...c.spec.labels },
    state: {
      status: c.status,
      running: c.status === "running" || c.status === "paused",
      paused: c.status === "paused",
      restarting: false,
      oomKilled: false,
      dead: c.status === "dead",
      pid: c.pid,
      exitCode: c.exitCode,
      ...(c.startedAt ? { startedAt: c.startedAt } : {}),
      ...(c.finishedAt ? { finishedAt: c.finishedAt } : {}),
      health: c.health,
      failingStreak: c.failingStreak,
      ...(last ? { lastHealthLog: last } : {}),
    },
    restartCount: c.restartCount,
    config: {
      cmd: [...c.config.cmd],
      entrypoint: [...c.config.entrypoint],
      env: [...c.config.env],
      user: c.config.user,
      workingDir: c.config.workingDir,
      hostname: c.config.hostname,
      tty: c.spec.tty ?? false,
      openStdin: c.spec.stdinOpen ?? false,
      ...(c.spec.stopSignal ? { stopSignal: c.spec.stopSignal } : {}),
      ...(c.spec.stopTimeoutSeconds !== undefined ? { stopTimeoutSeconds: c.spec.stopTimeoutSeconds } : {}),
      hasHealthcheck: test.length > 0 && test[0] !== "NONE",
      ...(c.config.healthcheck && test.length > 0 && test[0] !== "NONE" ? { healthcheck: c.config.healthcheck } : {}),
      exposedPorts: [...new Set([...(c.image.seed.exposedPorts ?? []), ...(c.spec.exposedPorts ?? []), ...(c.spec.portBindings ?? []).map((p) => `${p.containerPort}/${p.protocol ?? "tcp"}`)])],
    },
    networkMode: c.spec.networkMode ?? c.spec.networks?.[0]?.network ?? "default",
    restartPolicy: c.spec.restartPolicy?.name ?? "no",
    autoRemove: c.spec.autoRemove ?? false,
    mounts: c.mounts.filter((m) => !m.hidden).map((m) => m.info),
    networks: endpoints(state, c),
    ports: c.ports.map((p) => ({ ...p })),
  };
}

/** A container as the list shows it. */
export function containerSummary(state: MemoryState, c: MemContainer): ContainerSummary {
  const details = containerDetails(state, c);
  return {
    id: c.id,
    name: c.name,
    image: c.spec.image,
    imageId: c.image.id,
    labels: details.labels,
    status: c.status,
    statusText: statusText(c),
    created: Math.floor(Date.parse(c.created) / 1000),
    ports: details.ports,
    networks: Object.keys(details.networks),
    mounts: details.mounts,
  };
}

/** A network as `inspect` shows it (attached = running endpoints). */
export function networkDetails(state: MemoryState, n: MemNetwork): NetworkDetails {
  const containers: Record<string, { name: string; ipv4Address?: string }> = {};
  for (const c of state.containers.values()) {
    const ep = c.endpoints.get(n.id);
    if (ep?.ipv4 || (ep && n.prefix === 0 && (c.status === "running" || c.status === "paused"))) {
      containers[c.id] = { name: c.name, ...(ep.ipv4 ? { ipv4Address: ep.ipv4 } : {}) };
    }
  }
  return {
    id: n.id,
    name: n.name,
    driver: n.driver,
    scope: "local",
    internal: n.internal,
    attachable: n.attachable,
    enableIpv6: n.enableIpv6,
    labels: { ...n.labels },
    options: { ...n.options },
    ipam: { driver: n.ipam.driver, config: n.ipam.config.map((p) => ({ ...p })), options: { ...n.ipam.options } },
    containers,
    created: n.created,
  };
}

/** A volume's description. */
export function volumeDetails(v: MemVolume): VolumeDetails {
  return {
    name: v.name,
    driver: v.driver,
    mountpoint: `/var/lib/docker/volumes/${v.name}/_data`,
    labels: { ...v.labels },
    options: { ...v.options },
    scope: "local",
    createdAt: v.createdAt,
  };
}

/** An image's description. */
export function imageDetails(i: MemImage): ImageDetails {
  const s = i.seed;
  const test = s.healthcheck?.test ?? [];
  return {
    id: i.id,
    repoTags: [...i.tags],
    repoDigests: [],
    labels: { ...s.labels },
    created: i.created,
    size: 2_000_000,
    config: {
      cmd: [...(s.cmd ?? ["sh"])],
      entrypoint: [...(s.entrypoint ?? [])],
      env: [...(s.env ?? ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"])],
      workingDir: s.workingDir ?? "",
      user: s.user ?? "",
      exposedPorts: [...(s.exposedPorts ?? [])],
      volumes: [...(s.volumes ?? [])],
      hasHealthcheck: test.length > 0 && test[0] !== "NONE",
    },
  };
}
