import { randomBytes } from "node:crypto";
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/** What a project's watch lock file holds: who watches, since when, from where. */
export interface WatchLockInfo {
  readonly pid: number;
  /** ISO time the watcher started. */
  readonly startedAt: string;
  readonly cwd: string;
  readonly project: string;
  /** The log file of a background (`--detach`) watcher. */
  readonly log?: string;
}

/** A lock this process holds; `release()` removes the file (only while it is still ours) and is idempotent. */
export interface HeldWatchLock {
  readonly path: string;
  release(): void;
}

/** The outcome of trying to take a project's lock: held, or refused with the live holder. */
export type WatchLockResult = { readonly held: HeldWatchLock } | { readonly holder: WatchLockInfo };

/** `${XDG_RUNTIME_DIR:-tmpdir}/tscompose`: where watch locks and background-watch logs live. */
export function watchStateDir(env: Readonly<Record<string, string | undefined>>): string {
  const base = env["XDG_RUNTIME_DIR"] || os.tmpdir();
  return path.join(base, "tscompose");
}

/** The lock file of `project` in `dir` (project names are already `[a-z0-9_-]`; anything else is replaced). */
export function watchLockPath(dir: string, project: string): string {
  return path.join(dir, `watch-${project.replace(/[^a-zA-Z0-9_.-]/g, "_")}.lock`);
}

/** The log file a background watcher of `project` writes to. */
export function watchLogPath(dir: string, project: string): string {
  return watchLockPath(dir, project).replace(/\.lock$/, ".log");
}

/**
 * True when a process with this pid exists (EPERM means it exists but belongs to someone else). A
 * zombie (exited, not yet reaped: a background watcher whose parent never waits) counts as gone.
 */
export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
  return !isZombie(pid);
}

/** Linux: the state letter after the `(comm)` field of /proc/PID/stat is `Z` for a zombie. */
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) === "Z";
  } catch {
    return false;
  }
}

/** Reads a lock file; undefined when it is absent or unreadable (a torn file counts as absent). */
export function readWatchLock(file: string): WatchLockInfo | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  try {
    const info = JSON.parse(text) as Partial<WatchLockInfo>;
    if (typeof info.pid !== "number") return undefined;
    return {
      pid: info.pid,
      startedAt: String(info.startedAt ?? ""),
      cwd: String(info.cwd ?? ""),
      project: String(info.project ?? ""),
      ...(typeof info.log === "string" ? { log: info.log } : {}),
    };
  } catch {
    return undefined;
  }
}

/** The lock's holder when it is a live process; undefined when there is no lock or it is stale. */
export function liveWatchLock(file: string, alive: (pid: number) => boolean = pidAlive): WatchLockInfo | undefined {
  const info = readWatchLock(file);
  return info && alive(info.pid) ? info : undefined;
}

/**
 * Takes the lock at `file` for `info.pid`. The file appears with its whole content at once (written
 * beside it, then hard-linked into place, which fails if the name exists), so a reader never sees a
 * half-written lock. A lock whose pid is not alive (or that cannot be read) is stale and taken over.
 * Two processes taking over the same stale lock at the same instant could both succeed; that window
 * is a few microseconds and needs a watcher to have died without cleaning up first.
 */
export function acquireWatchLock(file: string, info: WatchLockInfo, alive: (pid: number) => boolean = pidAlive): WatchLockResult {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${info.pid}.${randomBytes(4).toString("hex")}`;
  writeFileSync(temp, `${JSON.stringify(info)}\n`, { mode: 0o600 });
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        linkSync(temp, file);
        return { held: heldLock(file, info.pid) };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      }
      const holder = readWatchLock(file);
      if (holder && holder.pid !== info.pid && alive(holder.pid)) return { holder };
      removeQuietly(file);
    }
    throw new Error(`could not take the watch lock ${file}`);
  } finally {
    removeQuietly(temp);
  }
}

function heldLock(file: string, pid: number): HeldWatchLock {
  let released = false;
  return {
    path: file,
    release() {
      if (released) return;
      released = true;
      if (readWatchLock(file)?.pid === pid) removeQuietly(file);
    },
  };
}

/** Removes a file, ignoring that it is already gone. */
export function removeQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // already gone
  }
}
