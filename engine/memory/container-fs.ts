import { posix } from "node:path";
import { FsError, normalizePath, type FsNode, type MemFs } from "./mem-fs.js";

/** A filesystem mounted at `target` inside a container (`root` is the mounted folder of `fs`). */
export interface FsMount {
  readonly target: string;
  readonly fs: MemFs;
  readonly root: string;
  readonly readOnly: boolean;
}

/**
 * A container's view of files: its root filesystem with volumes, binds and tmpfs mounted over it
 * (the longest matching mount target wins). Writes under a read-only mount fail with EROFS.
 */
export class ContainerFs {
  private readonly mounts: FsMount[];

  constructor(
    private readonly rootfs: MemFs,
    mounts: readonly FsMount[],
    private readonly readOnlyRoot = false,
  ) {
    this.mounts = [...mounts].sort((a, b) => b.target.length - a.target.length);
    for (const m of this.mounts) {
      if (!rootfs.get(m.target)) rootfs.mkdirp(m.target);
      m.fs.mkdirp(m.root);
    }
  }

  private resolve(path: string): { fs: MemFs; inner: string; readOnly: boolean } {
    const p = normalizePath(path);
    for (const m of this.mounts) {
      if (p === m.target || p.startsWith(`${m.target}/`)) {
        return { fs: m.fs, inner: normalizePath(posix.join(m.root, p.slice(m.target.length) || "/")), readOnly: m.readOnly };
      }
    }
    return { fs: this.rootfs, inner: p, readOnly: this.readOnlyRoot };
  }

  private writable(path: string): { fs: MemFs; inner: string } {
    const r = this.resolve(path);
    if (r.readOnly) throw new FsError("EROFS", normalizePath(path));
    return r;
  }

  /** The node at a path, or undefined. */
  stat(path: string): FsNode | undefined {
    const r = this.resolve(path);
    return r.fs.get(r.inner);
  }

  /** Reads a file. */
  read(path: string): Buffer {
    const r = this.resolve(path);
    try {
      return r.fs.readFile(r.inner);
    } catch (e) {
      throw e instanceof FsError ? new FsError(e.errno, normalizePath(path)) : e;
    }
  }

  /** Writes (or appends to) a file. */
  write(path: string, data: Uint8Array, options: { append?: boolean; mode?: number; mtime?: Date; uid?: number; gid?: number } = {}): void {
    const w = this.writable(path);
    try {
      w.fs.writeFile(w.inner, data, options);
    } catch (e) {
      throw e instanceof FsError ? new FsError(e.errno, normalizePath(path)) : e;
    }
  }

  /** Creates a directory and its parents. */
  mkdirp(path: string, mode?: number): void {
    const w = this.writable(path);
    w.fs.mkdirp(w.inner, mode);
  }

  /** Creates a symlink. */
  symlink(path: string, target: string): void {
    const w = this.writable(path);
    w.fs.symlink(w.inner, target);
  }

  /** Removes a path. */
  remove(path: string, recursive = false): void {
    const w = this.writable(path);
    w.fs.remove(w.inner, recursive);
  }

  /** Children of a directory (mount points included). */
  list(path: string): string[] {
    const r = this.resolve(path);
    return r.fs.list(r.inner);
  }

  /** Every path at or under `path` (within one mount), as container paths, parents first. */
  walk(path: string): string[] {
    const p = normalizePath(path);
    const r = this.resolve(p);
    return r.fs.walk(r.inner).map((inner) => normalizePath(posix.join(p, posix.relative(r.inner, inner))));
  }
}
