import { posix } from "node:path";
import type { ContainerSpec, HealthcheckSpec } from "../runtime/runtime-container-spec.js";
import { createsMissingSource, type MountSpec } from "../runtime/runtime-mount-spec.js";
import { RuntimeError, notFound } from "../runtime/runtime-errors.js";
import { FsError, MemFs, normalizePath } from "./mem-fs.js";
import { containerFs } from "./memory-process.js";
import type { MemContainer, MemEndpoint, MemMount, MemVolume, MemoryState } from "./memory-state.js";
import { containerEventAttributes } from "./memory-views.js";

const NAME = /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;
const ROOT_DIRS = ["/bin", "/dev", "/etc", "/home/app", "/proc", "/root", "/sys", "/tmp", "/var/tmp"];

/** Finds or creates a named volume (the engine creates missing ones on container create). */
export function ensureVolume(state: MemoryState, name: string | undefined, labels: Record<string, string> = {}): MemVolume {
  const key = name || state.newId("volume");
  const existing = state.volumes.get(key);
  if (existing) return existing;
  const volume: MemVolume = {
    name: key,
    driver: "local",
    labels: name ? labels : { ...labels, "com.docker.volume.anonymous": "" },
    options: {},
    createdAt: new Date().toISOString(),
    fs: new MemFs(),
    anonymous: !name,
  };
  state.volumes.set(key, volume);
  state.events.emit("volume", "create", key, { driver: "local" });
  return volume;
}

function mount(state: MemoryState, m: MountSpec): MemMount {
  const destination = normalizePath(m.target);
  switch (m.type) {
    case "bind": {
      const source = normalizePath(m.source);
      if (createsMissingSource(m)) state.hostFs.mkdirp(source);
      else if (!state.hostFs.get(source)) {
        throw new RuntimeError("other", `invalid mount config for type "bind": bind source path does not exist: ${source}`, { status: 400 });
      }
      return { info: { type: "bind", source, destination, readOnly: m.readOnly ?? false }, fs: state.hostFs, root: source };
    }
    case "volume": {
      // As the engine: a volume the mount creates gets the mount's labels (`volume.labels`).
      const volume = ensureVolume(state, m.source, { ...m.labels });
      const info = { type: "volume" as const, name: volume.name, source: `/var/lib/docker/volumes/${volume.name}/_data`, destination, readOnly: m.readOnly ?? false, driver: "local" };
      return { info, fs: volume.fs, root: normalizePath(m.subpath ?? "/"), volume };
    }
    case "tmpfs":
      return { info: { type: "tmpfs", source: "", destination, readOnly: false }, fs: new MemFs(), root: "/", tmpfs: true };
    case "image": {
      // Docker 28 mounts the image's filesystem (or one of its directories) read-only.
      const image = state.findImage(m.source);
      if (!image) throw notFound("image", m.source);
      const info = { type: "image" as const, name: m.source, source: "", destination, readOnly: true };
      return { info, fs: image.rootfs ? image.rootfs.clone() : new MemFs(), root: normalizePath(m.subpath ?? "/") };
    }
    case "npipe":
    case "cluster":
      throw new RuntimeError("other", `invalid mount config for type "${m.type}": mount type unknown`, { status: 400 });
  }
}

function mounts(state: MemoryState, spec: ContainerSpec, imageVolumes: readonly string[]): MemMount[] {
  const out = (spec.mounts ?? []).map((m) => mount(state, m));
  for (const [target] of Object.entries(spec.tmpfs ?? {})) {
    out.push({ info: { type: "tmpfs", source: "", destination: normalizePath(target), readOnly: false }, fs: new MemFs(), root: "/", tmpfs: true, hidden: true });
  }
  for (const entry of spec.volumesFrom ?? []) {
    const [ref = "", mode] = entry.split(":");
    for (const m of state.container(ref).mounts.filter((x) => !x.tmpfs)) {
      if (out.some((o) => o.info.destination === m.info.destination)) continue;
      out.push({ ...m, info: { ...m.info, readOnly: mode === "ro" || m.info.readOnly } });
    }
  }
  for (const target of imageVolumes) {
    if (!out.some((o) => o.info.destination === normalizePath(target))) out.push(mount(state, { type: "volume", target }));
  }
  return out;
}

function endpoints(state: MemoryState, spec: ContainerSpec): Map<string, MemEndpoint> {
  const out = new Map<string, MemEndpoint>();
  const list = spec.networks?.length ? spec.networks : [];
  const mode = spec.networkMode ?? (list.length === 0 ? "bridge" : undefined);
  if (mode !== undefined && !mode.startsWith("container:") && !list.some((e) => e.network === mode)) {
    const network = state.network(mode === "default" ? "bridge" : mode);
    out.set(network.id, { networkId: network.id, endpointId: "", aliases: [] });
  }
  for (const e of list) {
    const network = state.network(e.network);
    out.set(network.id, {
      networkId: network.id,
      endpointId: "",
      aliases: [...(e.aliases ?? [])],
      ...(e.ipv4Address ? { requestedIpv4: e.ipv4Address } : {}),
      ...(e.ipv6Address ? { requestedIpv6: e.ipv6Address } : {}),
      ...(e.macAddress ? { macAddress: e.macAddress } : {}),
    });
  }
  return out;
}

function mergeEnv(image: readonly string[], own: Readonly<Record<string, string | null>> | undefined): string[] {
  const env = new Map(image.map((kv) => [kv.slice(0, kv.indexOf("=")), kv] as const));
  for (const [k, v] of Object.entries(own ?? {})) env.set(k, v === null ? k : `${k}=${v}`);
  return [...env.values()];
}

/**
 * Creates a container like the engine: checks the name (format, uniqueness), the image and the
 * networks, creates missing named and anonymous volumes, merges the image's config, and emits
 * `create`. Nothing is changed when a check fails.
 */
export function createContainer(state: MemoryState, spec: ContainerSpec): string {
  if (spec.name !== undefined && !NAME.test(spec.name)) {
    throw new RuntimeError("other", `Invalid container name (${spec.name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`, { status: 400 });
  }
  const name = spec.name?.replace(/^\//, "");
  const taken = name === undefined ? undefined : [...state.containers.values()].find((c) => c.name === name);
  if (taken) {
    throw new RuntimeError("conflict", `Conflict. The container name "/${name}" is already in use by container "${taken.id}". You have to remove (or rename) that container to be able to reuse that name.`, {
      status: 409,
    });
  }
  const image = state.findImage(spec.image);
  if (!image) throw notFound("image", spec.image);
  const eps = endpoints(state, spec);
  const id = state.newId("container");
  const seed = image.seed;
  const healthcheck: HealthcheckSpec | undefined =
    spec.healthcheck || seed.healthcheck ? ({ ...seed.healthcheck, ...spec.healthcheck } as HealthcheckSpec) : undefined;
  const rootfs = image.rootfs ? image.rootfs.clone() : new MemFs();
  for (const dir of ROOT_DIRS) rootfs.mkdirp(dir, dir === "/tmp" || dir === "/var/tmp" ? 0o1777 : 0o755);
  const c: MemContainer = {
    id,
    name: name ?? `mem_${id.slice(0, 12)}`,
    created: new Date().toISOString(),
    spec: { ...spec, labels: { ...spec.labels } },
    image,
    config: {
      cmd: [...(spec.cmd ?? (spec.entrypoint !== undefined ? [] : (seed.cmd ?? ["sh"])))],
      entrypoint: [...(spec.entrypoint ?? seed.entrypoint ?? [])],
      env: mergeEnv(seed.env ?? ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"], spec.env),
      user: spec.user ?? seed.user ?? "",
      workingDir: spec.workingDir ?? seed.workingDir ?? "",
      hostname: spec.hostname ?? id.slice(0, 12),
      ...(healthcheck ? { healthcheck } : {}),
    },
    status: "created",
    pid: 0,
    exitCode: 0,
    health: "none",
    failingStreak: 0,
    healthLog: [],
    restartCount: 0,
    endpoints: eps,
    mounts: mounts(state, spec, seed.volumes ?? []),
    rootfs,
    logs: [],
    logListeners: new Set(),
    exitWaiters: [],
    ports: [],
  };
  writeFiles(c);
  state.containers.set(id, c);
  state.events.emit("container", "create", id, containerEventAttributes(c));
  return id;
}

/**
 * Writes the spec's `files` as the engine's archive API does for Compose: missing parents made
 * (0755, root), each file with its mode, root's unless a uid or gid is given, and then the
 * container's user's when it has one (`copyUIDGID`), else the given ids. A read-only root
 * filesystem refuses them, as the engine does.
 */
function writeFiles(c: MemContainer): void {
  if (!c.spec.files?.length) return;
  const fs = containerFs(c);
  const mtime = new Date();
  const user = c.config.user ? userIds(c.config.user) : undefined;
  for (const f of c.spec.files) {
    const path = normalizePath(f.path);
    const owned = f.uid !== undefined || f.gid !== undefined;
    const ids = owned ? (user ?? { uid: f.uid ?? 0, gid: f.gid ?? 0 }) : { uid: 0, gid: 0 };
    try {
      fs.mkdirp(posix.dirname(path));
      fs.write(path, Buffer.from(f.content, "utf8"), { mode: f.mode, mtime, ...ids });
    } catch (e) {
      if (!(e instanceof FsError)) throw e;
      throw new RuntimeError("other", `copying ${path} into ${c.name}: ${e.message}`, { status: 500 });
    }
  }
}

/** The ids of a container's `user` (`uid[:gid]`; a name other than root counts as 1000, as exec does; no group is 0). */
function userIds(user: string): { uid: number; gid: number } {
  const [name = "", group] = user.split(":");
  const id = (s: string) => (/^\d+$/.test(s) ? Number(s) : s === "" || s === "root" ? 0 : 1000);
  return { uid: id(name), gid: group === undefined ? 0 : id(group) };
}
