import type { Stats } from "node:fs";
import { lstat } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pack, type Pack } from "tar-stream";
import type { Runtime } from "../engine/runtime/runtime.js";
import { writeHostEntries, type HostEntry } from "../engine/oneoff/tar-entries.js";
import { containerOwner, type Owner } from "./container-user.js";
import type { SyncEntry } from "./rules.js";

/** What to copy into, and remove from, every container of a service. */
export interface SyncRequest {
  /** Ids or names of the running containers of the service. */
  readonly containers: readonly string[];
  readonly writes: readonly SyncEntry[];
  /** Container paths to remove. */
  readonly deletes: readonly string[];
  /** The owner of written files in a container; default: its `Config.User`, resolved. */
  readonly ownerOf?: (container: string) => Promise<Owner>;
}

/** What a sync did, for the log line. */
export interface SyncResult {
  /** Files and symlinks written into each container. */
  readonly files: number;
  readonly bytes: number;
  /** Container paths removed. */
  readonly deleted: number;
  readonly ms: number;
}

/** Paths per `rm -rf` call, well under the engine's argument limits. */
const RM_CHUNK = 500;

/** One archive entry, planned from the host before any container is written. */
/** Host paths stat'ed at once while a batch is planned. */
const STAT_SLICE = 64;

/** `name`: the container path without the leading `/` (the archive is extracted at `/`). */
type Planned = HostEntry;

/**
 * Syncs one batch into every container: first the deletions (one `rm -rf --` exec per container,
 * as root), then one tar archive per container, streamed to the archive API at `/` as it is
 * produced (file contents are read one at a time, never the whole batch at once). Entries keep
 * the host's mode and mtime and carry the container user's uid/gid, so non-root images own their
 * files; directories between the rule's target and a file are included (created as needed,
 * owned by the user), the target's own ancestors never are; symlinks are stored as links and
 * never followed; paths gone from the host by now are skipped. Throws the first failure after
 * every container was attempted.
 */
export async function syncToContainers(runtime: Runtime, req: SyncRequest): Promise<SyncResult> {
  const started = Date.now();
  const planned = await planEntries(req.writes);
  const ownerOf = req.ownerOf ?? ((c: string) => containerOwner(runtime, c));
  const results = await Promise.allSettled(
    req.containers.map(async (container) => {
      if (req.deletes.length > 0) await removePaths(runtime, container, req.deletes);
      if (planned.length === 0) return;
      const owner = await ownerOf(container);
      const tar = pack();
      const produced = produce(tar, planned, owner);
      const put = runtime.putArchive(container, "/", Readable.from(tar, { objectMode: false })).catch((error: unknown) => {
        tar.destroy(error instanceof Error ? error : new Error(String(error)));
        throw error;
      });
      await Promise.all([put, produced]);
    }),
  );
  const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) throw failed.reason;
  const files = planned.filter((p) => p.type !== "directory");
  return {
    files: files.length,
    bytes: files.reduce((n, p) => n + (p.type === "file" ? p.stat.size : 0), 0),
    deleted: req.deletes.length,
    ms: Date.now() - started,
  };
}

/** Removes paths in a container with `rm -rf --`, in chunks; a non-zero exit is an error. */
async function removePaths(runtime: Runtime, container: string, paths: readonly string[]): Promise<void> {
  for (let i = 0; i < paths.length; i += RM_CHUNK) {
    const r = await runtime.exec(container, { cmd: ["rm", "-rf", "--", ...paths.slice(i, i + RM_CHUNK)], user: "0" });
    if (r.exitCode !== 0) throw new Error(`removing files in ${container} failed (exit ${r.exitCode}): ${r.stderr.trim()}`);
  }
}

/** The archive's entries in path order (parents first), each host path checked once. */
async function planEntries(writes: readonly SyncEntry[]): Promise<Planned[]> {
  const byName = new Map<string, { hostPath: string; dirOnly: boolean }>();
  for (const w of writes) {
    byName.set(stripRoot(w.containerPath), { hostPath: w.hostPath, dirOnly: false });
    let host = path.dirname(w.hostPath);
    for (let c = path.posix.dirname(w.containerPath); isStrictlyUnder(w.target, c); c = path.posix.dirname(c)) {
      const name = stripRoot(c);
      if (!byName.has(name)) byName.set(name, { hostPath: host, dirOnly: true });
      host = path.dirname(host);
    }
  }
  const names = [...byName.keys()].sort();
  // In slices: thousands of stats at once would queue the watcher's own file-system calls behind them.
  const stats: (Stats | undefined)[] = [];
  for (let i = 0; i < names.length; i += STAT_SLICE) {
    stats.push(...(await Promise.all(names.slice(i, i + STAT_SLICE).map((n) => lstat(byName.get(n)!.hostPath).catch(() => undefined)))));
  }
  const out: Planned[] = [];
  names.forEach((name, i) => {
    const st = stats[i];
    const entry = byName.get(name)!;
    const type = st?.isDirectory() ? "directory" : st?.isSymbolicLink() ? "symlink" : st?.isFile() ? "file" : undefined;
    if (!st || !type || (entry.dirOnly && type !== "directory")) return;
    out.push({ name, hostPath: entry.hostPath, stat: st, type });
  });
  return out;
}

/** Writes the planned entries into `tar`, then finalizes it; a failure destroys the archive. */
async function produce(tar: Pack, planned: readonly Planned[], owner: Owner): Promise<void> {
  try {
    await writeHostEntries(tar, planned, owner);
    tar.finalize();
  } catch (error) {
    tar.destroy(error instanceof Error ? error : new Error(String(error)));
    throw error;
  }
}

function stripRoot(p: string): string {
  return p.replace(/^\/+/, "");
}

/** True when container path `p` lies strictly under `base`. */
function isStrictlyUnder(base: string, p: string): boolean {
  const rel = path.posix.relative(base, p);
  return rel !== "" && !rel.startsWith("..") && !path.posix.isAbsolute(rel);
}
