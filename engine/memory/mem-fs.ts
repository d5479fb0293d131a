import { posix } from "node:path";

/** One node of an in-memory filesystem. */
export interface FsNode {
  type: "file" | "dir" | "symlink";
  data: Buffer;
  mode: number;
  mtime: Date;
  uid: number;
  gid: number;
  linkTarget?: string;
}

/** Why a filesystem operation failed, with the errno name a shell would print. */
export class FsError extends Error {
  constructor(
    readonly errno: "ENOENT" | "ENOTDIR" | "EISDIR" | "EROFS" | "EEXIST",
    readonly path: string,
  ) {
    super(`${path}: ${FS_MESSAGES[errno]}`);
    this.name = "FsError";
  }
}

const FS_MESSAGES = {
  ENOENT: "No such file or directory",
  ENOTDIR: "Not a directory",
  EISDIR: "Is a directory",
  EROFS: "Read-only file system",
  EEXIST: "File exists",
};

/** Normalizes to an absolute posix path without trailing slash (`/` stays `/`). */
export function normalizePath(path: string, cwd = "/"): string {
  const abs = posix.resolve(cwd, path);
  return abs.length > 1 && abs.endsWith("/") ? abs.slice(0, -1) : abs;
}

/**
 * A tiny in-memory filesystem: a map from absolute path to node, with the root always present.
 * Used for container root filesystems, volumes, tmpfs mounts and the memory runtime's "host".
 */
export class MemFs {
  private readonly nodes = new Map<string, FsNode>();

  constructor() {
    this.nodes.set("/", { type: "dir", data: Buffer.alloc(0), mode: 0o755, mtime: new Date(), uid: 0, gid: 0 });
  }

  /** The node at `path`, or undefined. */
  get(path: string): FsNode | undefined {
    return this.nodes.get(normalizePath(path));
  }

  /** Creates a directory and its missing parents; fails when a file is in the way. */
  mkdirp(path: string, mode = 0o755): void {
    const p = normalizePath(path);
    if (p === "/") return;
    this.mkdirp(posix.dirname(p));
    const existing = this.nodes.get(p);
    if (existing) {
      if (existing.type !== "dir") throw new FsError("ENOTDIR", p);
      return;
    }
    this.nodes.set(p, { type: "dir", data: Buffer.alloc(0), mode, mtime: new Date(), uid: 0, gid: 0 });
  }

  /** Writes a file (the parent directory must exist); `append` adds to an existing file. */
  writeFile(path: string, data: Uint8Array, options: { append?: boolean; mode?: number; mtime?: Date; uid?: number; gid?: number } = {}): void {
    const p = normalizePath(path);
    const parent = this.nodes.get(posix.dirname(p));
    if (!parent) throw new FsError("ENOENT", p);
    if (parent.type !== "dir") throw new FsError("ENOTDIR", p);
    const existing = this.nodes.get(p);
    if (existing?.type === "dir") throw new FsError("EISDIR", p);
    const base = options.append && existing ? existing.data : Buffer.alloc(0);
    this.nodes.set(p, {
      type: "file",
      data: Buffer.concat([base, Buffer.from(data)]),
      mode: options.mode ?? existing?.mode ?? 0o644,
      mtime: options.mtime ?? new Date(),
      uid: options.uid ?? existing?.uid ?? 0,
      gid: options.gid ?? existing?.gid ?? 0,
    });
  }

  /** Creates a symlink (not followed by this filesystem; kept for archives). */
  symlink(path: string, target: string): void {
    const p = normalizePath(path);
    if (!this.nodes.get(posix.dirname(p))) throw new FsError("ENOENT", p);
    this.nodes.set(p, { type: "symlink", data: Buffer.alloc(0), mode: 0o777, mtime: new Date(), uid: 0, gid: 0, linkTarget: target });
  }

  /** Reads a file. */
  readFile(path: string): Buffer {
    const p = normalizePath(path);
    const node = this.nodes.get(p);
    if (!node) throw new FsError("ENOENT", p);
    if (node.type === "dir") throw new FsError("EISDIR", p);
    return node.data;
  }

  /** Removes a node (and, when `recursive`, everything under it). */
  remove(path: string, recursive = false): void {
    const p = normalizePath(path);
    const node = this.nodes.get(p);
    if (!node || p === "/") throw new FsError("ENOENT", p);
    const children = this.list(p);
    if (node.type === "dir" && children.length > 0 && !recursive) throw new FsError("EEXIST", p);
    for (const key of [...this.nodes.keys()]) if (key === p || key.startsWith(`${p}/`)) this.nodes.delete(key);
  }

  /** Names of the direct children of a directory, sorted. */
  list(path: string): string[] {
    const p = normalizePath(path);
    const prefix = p === "/" ? "/" : `${p}/`;
    const out: string[] = [];
    for (const key of this.nodes.keys()) {
      if (key !== p && key.startsWith(prefix) && !key.slice(prefix.length).includes("/")) out.push(key.slice(prefix.length));
    }
    return out.sort();
  }

  /** An independent copy of every node (a committed image's files, a container's from them). */
  clone(): MemFs {
    const copy = new MemFs();
    for (const [path, node] of this.nodes) copy.nodes.set(path, { ...node, mtime: new Date(node.mtime) });
    return copy;
  }

  /** Every path at or under `path`, parents before children. */
  walk(path: string): string[] {
    const p = normalizePath(path);
    return [...this.nodes.keys()].filter((k) => k === p || k.startsWith(p === "/" ? "/" : `${p}/`)).sort();
  }
}
