import { createHash } from "node:crypto";
import { packTar, type TarEntry } from "../oneoff/archive.js";
import { COMMIT_CHANGE_KEYWORDS } from "../verbs/commit-options.js";
import type { CommitContainerOptions, ExportContainerOptions } from "../runtime/runtime-export-commit-types.js";
import { RuntimeError } from "../runtime/runtime-errors.js";
import type { MemFs } from "./mem-fs.js";
import { applyInstruction, type Mutable } from "./memory-build.js";
import { normalizeRef, type ImageSeed, type MemContainer, type MemImage, type MemoryState } from "./memory-state.js";
import { containerEventAttributes } from "./memory-views.js";

const COMMIT_KEYWORDS = new Set(COMMIT_CHANGE_KEYWORDS);

/**
 * A tar of the container's root filesystem, as `GET /containers/{id}/export` streams it: entry
 * names relative to `/` (directories with a trailing slash), mount points as empty directories,
 * never the contents of volumes, binds or tmpfs mounts. An unknown container fails at the first read.
 */
export async function* exportContainer(state: MemoryState, ref: string, options: ExportContainerOptions = {}): AsyncGenerator<Uint8Array> {
  const c = state.container(ref);
  if (options.signal?.aborted) return;
  yield await packTar(rootfsEntries(c.rootfs));
}

function rootfsEntries(fs: MemFs): TarEntry[] {
  return fs.walk("/").flatMap((path): TarEntry[] => {
    const n = fs.get(path);
    if (!n || path === "/") return [];
    const common = { mode: n.mode, mtime: n.mtime, uid: n.uid, gid: n.gid };
    const name = path.slice(1);
    if (n.type === "dir") return [{ ...common, name: `${name}/`, type: "directory" }];
    if (n.type === "symlink") return [{ ...common, name, type: "symlink", linkTarget: n.linkTarget ?? "" }];
    return [{ ...common, name, type: "file", content: n.data }];
  });
}

/**
 * `POST /commit` on the memory runtime: a new image whose config is the container's (command,
 * entrypoint, env, user, working directory, exposed ports, labels, healthcheck) with `changes`
 * applied, and whose files are a copy of the container's root filesystem (volumes excluded), so
 * a container created from it sees them. Tagged `repo:tag` when a repository is given (the tag
 * moves from any other image), else untagged. Emits the container's `commit` event.
 */
export function commitContainer(state: MemoryState, ref: string, options: CommitContainerOptions = {}): string {
  const c = state.container(ref);
  const seed: Mutable<ImageSeed> = { ...baseConfig(c), ref: "" };
  for (const change of options.changes ?? []) {
    const { keyword, value } = parseChange(change);
    applyInstruction(seed, keyword, value);
  }
  const id = `sha256:${createHash("sha256").update(state.newId("commit")).digest("hex")}`;
  const tag = options.repo ? normalizeRef(`${options.repo}:${options.tag || "latest"}`) : undefined;
  if (tag) for (const other of state.images.values()) other.tags = other.tags.filter((t) => t !== tag);
  const image: MemImage = { id, tags: tag ? [tag] : [], seed: { ...seed, ref: tag ?? id, buildDigest: id }, created: state.now(), rootfs: c.rootfs.clone() };
  state.images.set(id, image);
  state.events.emit("container", "commit", c.id, containerEventAttributes(c, { comment: options.comment ?? "", imageID: id, imageRef: tag ?? "" }));
  return id;
}

function baseConfig(c: MemContainer): Omit<ImageSeed, "ref"> {
  const exposed = [...(c.image.seed.exposedPorts ?? []), ...(c.spec.exposedPorts ?? []), ...(c.spec.portBindings ?? []).map((p) => `${p.containerPort}/${p.protocol ?? "tcp"}`)];
  return {
    labels: { ...c.image.seed.labels, ...c.spec.labels },
    cmd: [...c.config.cmd],
    entrypoint: [...c.config.entrypoint],
    env: [...c.config.env],
    workingDir: c.config.workingDir,
    user: c.config.user,
    exposedPorts: [...new Set(exposed)],
    volumes: [...(c.image.seed.volumes ?? [])],
    ...(c.config.healthcheck ? { healthcheck: c.config.healthcheck } : {}),
  };
}

/** One `changes` entry split as the engine's Dockerfile parser does, refused as the engine refuses it. */
function parseChange(change: string): { keyword: string; value: string } {
  const m = /^\s*(\S+)\s*([\s\S]*?)\s*$/.exec(change);
  const keyword = (m?.[1] ?? "").toUpperCase();
  const value = m?.[2] ?? "";
  if (!COMMIT_KEYWORDS.has(keyword)) throw new RuntimeError("other", `${keyword.toLowerCase()} is not a valid change command`, { status: 400 });
  if (value === "") throw new RuntimeError("other", `${keyword} requires at least one argument`, { status: 400 });
  return { keyword, value };
}
