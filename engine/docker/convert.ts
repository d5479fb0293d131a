import type { HealthStatus, ImageDetails, ImageSummary, NetworkDetails, RuntimeEvent, VolumeDetails } from "../runtime/runtime-types.js";
import { bool, health, num, obj, optStr, str, strMap, strs, type Raw } from "./convert-raw.js";

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
