import path from "node:path";
import { ProjectError } from "../../spec/errors.js";
import type { Project, ServiceConfig, ServiceSecret, ServiceVolume } from "../../spec/project.js";
import { resolveServiceContainer, type ServiceContainerResolver } from "../../network/service-reference.js";
import type { BindMountSpec, MountSpec } from "../runtime/runtime-mount-spec.js";

type Propagation = NonNullable<BindMountSpec["propagation"]>;
type Recursive = NonNullable<BindMountSpec["recursive"]>;

/**
 * A service's mounts in declaration order: `volumes:` entries, then file-based `secrets:`
 * (read-only binds under `/run/secrets/`) and `configs:` (read-only binds, default target
 * `/<source>`), a secret or config being skipped when a volume already uses its target (as in
 * Compose). Named volumes get their engine name (`project.volumes[key].name`) and `declared`; a
 * bind creates a missing host directory unless it has a `bind:` section without
 * `create_host_path: true` (Compose's rule). Secrets and configs given by
 * `environment` or `content` are not mounts: they are files the runtime copies in after create
 * (`serviceFiles`, the spec's `files`), and are skipped here.
 * `image`, `npipe` and `cluster` mounts are passed on as Compose passes them (the engine judges).
 * Throws a ProjectError (`E_MOUNT_UNSUPPORTED`) for external secrets and configs.
 */
export function serviceMounts(project: Project, serviceName: string, service: ServiceConfig): MountSpec[] {
  const out: MountSpec[] = (service.volumes ?? []).map((v, i) => volumeMount(project, serviceName, v, i));
  const taken = new Set(out.map((m) => m.target));
  const add = (kind: "secrets" | "configs", base: string, refs: readonly ServiceSecret[] | undefined): void => {
    for (const [i, ref] of (refs ?? []).entries()) {
      const m = fileMount(project, serviceName, kind, base, ref, i);
      if (m && !taken.has(m.target)) {
        taken.add(m.target);
        out.push(m);
      }
    }
  };
  add("secrets", "/run/secrets", service.secrets);
  add("configs", "/", service.configs);
  return out;
}

function volumeMount(project: Project, serviceName: string, v: ServiceVolume, index: number): MountSpec {
  const readOnly = v.read_only ? { readOnly: true } : {};
  switch (v.type) {
    case "bind":
      return { type: "bind", source: v.source ?? "", target: v.target, ...readOnly, ...bindOptions(v.bind) };
    case "volume":
      return namedVolumeMount(project, v);
    case "tmpfs":
      return {
        type: "tmpfs",
        target: v.target,
        ...(v.tmpfs?.size !== undefined ? { sizeBytes: v.tmpfs.size } : {}),
        ...(v.tmpfs?.mode !== undefined ? { mode: v.tmpfs.mode } : {}),
      };
    case "image":
      return { type: "image", source: v.source ?? "", target: v.target, ...readOnly, ...(v.image?.subpath ? { subpath: v.image.subpath } : {}) };
    case "npipe":
    case "cluster":
      // Compose hands both to the engine as written; a Linux engine refuses them itself.
      return { type: v.type, source: v.source ?? "", target: v.target, ...readOnly };
    default:
      throw new ProjectError("E_MOUNT_UNSUPPORTED", `service "${serviceName}" uses a mount of type ${String((v as { type: unknown }).type)}, which tscompose does not support`, {
        hint: "Use a bind, volume, tmpfs or image mount instead.",
        path: ["services", serviceName, "volumes", index],
      });
  }
}

/**
 * A `type: volume` entry: a project volume gets its engine name and `declared`; the `volume:`
 * options (`nocopy`, `subpath`, `labels`) and, as Compose reads them on a volume too, a `bind:`
 * section's `selinux` and `propagation` (see `VolumeMountSpec`).
 */
function namedVolumeMount(project: Project, v: ServiceVolume): MountSpec {
  const declared = v.source ? project.volumes[v.source] : undefined;
  const source = v.source ? (declared?.name ?? v.source) : undefined;
  const labels = v.volume?.labels;
  return {
    type: "volume",
    ...(source ? { source } : {}),
    target: v.target,
    ...(v.read_only ? { readOnly: true } : {}),
    ...(v.volume ? { noCopy: v.volume.nocopy === true } : {}),
    ...(v.volume?.subpath ? { subpath: v.volume.subpath } : {}),
    ...(labels && Object.keys(labels).length > 0 ? { labels: { ...labels } } : {}),
    ...(v.bind?.selinux ? { selinux: v.bind.selinux } : {}),
    ...(v.bind?.propagation ? { propagation: v.bind.propagation as Propagation } : {}),
    ...(declared ? { declared: true } : {}),
  };
}

/** Where `use_api_socket` mounts the engine's socket, where its `DOCKER_CONFIG` points, and the config Compose adds. */
export const API_SOCKET_TARGET = "/var/run/docker.sock";
export const API_SOCKET_DOCKER_CONFIG = "/run/secrets/docker";
export const API_SOCKET_CONFIG = "#apisocket";

/**
 * The service as Docker Compose 2.40 rewrites it for `use_api_socket: true` before creating (and
 * hashing: its containers' config-hash label is the hash of this form): a bind of the engine's
 * unix socket at `/var/run/docker.sock` appended to `volumes` (a plain bind, sent as a `Binds`
 * string), `DOCKER_CONFIG=/run/secrets/docker` unless the service sets `DOCKER_CONFIG` itself
 * (even to null), and the config `#apisocket` (the user's registry credentials, which
 * `serviceFiles` turns into a file the runtime copies in after create) at
 * `/run/secrets/docker/config.json`, added even when the service sets `DOCKER_CONFIG`, as in 2.40. `endpoint` is the engine's address
 * (`unix:///var/run/docker.sock`); any other scheme is Compose's error (`E_API_SOCKET_NOT_UNIX`).
 * The service itself, unchanged, when it does not ask for the socket.
 */
export function withApiSocket(serviceName: string, service: ServiceConfig, endpoint: string): ServiceConfig {
  if (!service.use_api_socket) return service;
  if (!endpoint.startsWith("unix://")) {
    throw new ProjectError("E_API_SOCKET_NOT_UNIX", `use_api_socket can only be used with unix sockets: docker endpoint ${endpoint} is incompatible`, {
      hint: "Point DOCKER_HOST (or the docker context) at the engine's unix socket, or remove use_api_socket.",
      path: ["services", serviceName, "use_api_socket"],
    });
  }
  const env = service.environment ?? {};
  return {
    ...service,
    volumes: [...(service.volumes ?? []), { type: "bind", source: endpoint.slice("unix://".length), target: API_SOCKET_TARGET }],
    environment: "DOCKER_CONFIG" in env ? env : { ...env, DOCKER_CONFIG: API_SOCKET_DOCKER_CONFIG },
    configs: [...(service.configs ?? []), { source: API_SOCKET_CONFIG, target: `${API_SOCKET_DOCKER_CONFIG}/config.json` }],
  };
}

const RECURSIVE = new Set(["enabled", "disabled", "writable", "readonly"]);

/**
 * A bind's options as Compose reads them: no `bind:` section leaves `createHostPath` undefined (a
 * missing source is created, as with the short syntax); a `bind:` section creates it only with
 * `create_host_path: true`.
 */
function bindOptions(bind: ServiceVolume["bind"]): Partial<BindMountSpec> {
  if (!bind) return {};
  return {
    createHostPath: bind.create_host_path === true,
    ...(bind.propagation ? { propagation: bind.propagation as Propagation } : {}),
    ...(bind.selinux ? { selinux: bind.selinux } : {}),
    ...(bind.recursive && RECURSIVE.has(bind.recursive) ? { recursive: bind.recursive as Recursive } : {}),
  };
}

function fileMount(
  project: Project,
  serviceName: string,
  kind: "secrets" | "configs",
  base: string,
  ref: ServiceSecret,
  index: number,
): MountSpec | undefined {
  const definition = project[kind][ref.source];
  if (!definition) return undefined;
  if (definition.external) {
    throw new ProjectError("E_MOUNT_UNSUPPORTED", `service "${serviceName}" uses external ${kind.slice(0, -1)} "${ref.source}", which only Swarm provides`, {
      hint: `Give ${kind}.${ref.source} a file, an environment variable or (configs) inline content.`,
      path: ["services", serviceName, kind, index],
    });
  }
  if (definition.file === undefined) return undefined;
  const target = ref.target ? path.posix.resolve(base, ref.target) : path.posix.join(base, ref.source);
  // Compose gives a secret's mount empty bind options (no host path creation) and a config's none.
  const file = kind === "secrets" ? { file: "secret" as const, createHostPath: false } : { file: "config" as const };
  return { type: "bind", source: definition.file, target, readOnly: true, ...file };
}

/**
 * A service's `tmpfs:` list as the engine's path → options map: `/run:size=64m,mode=1777`
 * splits at the first colon; a bare path has empty options.
 */
export function tmpfsMap(service: ServiceConfig): Record<string, string> | undefined {
  if (!service.tmpfs || service.tmpfs.length === 0) return undefined;
  const out: Record<string, string> = {};
  for (const entry of service.tmpfs) {
    const colon = entry.indexOf(":");
    if (colon < 0) out[entry] = "";
    else out[entry.slice(0, colon)] = entry.slice(colon + 1);
  }
  return out;
}

/**
 * `volumes_from` as the engine's `container[:ro|rw]` list: `service[:mode]` is resolved to that
 * service's container (an `E_SERVICE_CONTAINER_MISSING` error when it has none), `container:x[:mode]`
 * becomes `x[:mode]`. Unlike Compose, the access mode is kept.
 */
export function volumesFrom(serviceName: string, service: ServiceConfig, resolve: ServiceContainerResolver): string[] | undefined {
  if (!service.volumes_from || service.volumes_from.length === 0) return undefined;
  return service.volumes_from.map((entry) => {
    const parts = entry.split(":");
    if (parts[0] === "container") return parts.slice(1).join(":");
    const [target = "", mode] = parts;
    const container = resolveServiceContainer(target, "volumes_from", serviceName, resolve);
    return mode === undefined ? container : `${container}:${mode}`;
  });
}
