import { chown, lstat, mkdir, readdir, readFile, readlink, rm, stat, symlink, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import type { TarEntry } from "./archive.js";

/**
 * The local half of `cp`: a host path read into tar entries, and tar entries written under a
 * host directory. Entries are whole in memory (cp copies test data and config files, not images).
 */

/** How a local tree is read. */
export interface ReadTreeOptions {
  /** The archive name of `root` (its base name, or a new name when the copy renames it). */
  readonly as: string;
  /** `-L`: follow a symlink at `root` (links inside the tree are always copied as links). */
  readonly followLink?: boolean;
  /** `-a`: record the files' uid/gid; otherwise root's (0). */
  readonly archive?: boolean;
}

/** Reads the file or directory `root` as tar entries named under `as`; throws ENOENT when it is missing. */
export async function readLocalTree(root: string, options: ReadTreeOptions): Promise<TarEntry[]> {
  const out: TarEntry[] = [];
  const visit = async (p: string, name: string, follow: boolean): Promise<void> => {
    const st = follow ? await stat(p) : await lstat(p);
    const common = { mode: st.mode & 0o7777, mtime: st.mtime, uid: options.archive ? st.uid : 0, gid: options.archive ? st.gid : 0 };
    if (st.isSymbolicLink()) {
      out.push({ ...common, name, type: "symlink", linkTarget: await readlink(p) });
    } else if (st.isDirectory()) {
      out.push({ ...common, name: `${name}/`, type: "directory" });
      for (const child of (await readdir(p)).sort()) await visit(path.join(p, child), `${name}/${child}`, false);
    } else if (st.isFile()) {
      out.push({ ...common, name, type: "file", content: await readFile(p) });
    }
  };
  await visit(root, options.as, options.followLink === true);
  return out;
}

/** Whether `p` exists on the host, and as what. */
export async function localKind(p: string): Promise<"file" | "directory" | "missing"> {
  try {
    return (await stat(p)).isDirectory() ? "directory" : "file";
  } catch {
    return "missing";
  }
}

/**
 * Writes entries under the host directory `dir` (which must exist), keeping modes and times; with
 * `archive` also the owners (where permitted). An entry that would land outside `dir` is refused.
 */
export async function writeLocalTree(dir: string, entries: readonly TarEntry[], archive = false): Promise<void> {
  const base = path.resolve(dir);
  for (const e of entries) {
    const target = path.resolve(base, e.name);
    if (target !== base && !target.startsWith(`${base}${path.sep}`)) throw new Error(`refusing to write ${e.name} outside ${dir}`);
    await mkdir(path.dirname(target), { recursive: true });
    if (e.type === "directory") {
      await mkdir(target, { recursive: true, mode: e.mode ?? 0o755 });
    } else if (e.type === "symlink") {
      await rm(target, { force: true });
      await symlink(e.linkTarget ?? "", target);
      continue;
    } else {
      await writeFile(target, e.content ?? new Uint8Array(), { mode: e.mode ?? 0o644 });
    }
    if (archive) await chown(target, e.uid ?? 0, e.gid ?? 0).catch(() => undefined);
    if (e.mtime) await utimes(target, e.mtime, e.mtime).catch(() => undefined);
  }
}
