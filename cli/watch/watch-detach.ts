import { spawn } from "node:child_process";
import { closeSync, mkdirSync, openSync, readFileSync } from "node:fs";
import path from "node:path";
import { ComposeError } from "../../spec/errors.js";
import { interruptOnSignal } from "../commands/shared/interrupt.js";
import type { CliContext } from "../context.js";
import { liveWatchLock, pidAlive, readWatchLock, removeQuietly, watchLogPath, type WatchLockInfo } from "./watch-lock.js";

/** The environment variable that tells a background watcher where its own log is (for `--stop`'s message). */
export const WATCH_LOG_ENV = "TSCOMPOSE_WATCH_LOG";

/** The line a watcher prints once it watches (see `readyLine`); a background start waits for it. */
export function readyPattern(project: string, pid: number): RegExp {
  return new RegExp(`watching .*\\(project ${project.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}, pid ${pid}\\)`);
}

/** `watching ./src, ./Dockerfile (project app, pid 42)`: printed by a watcher once it is ready. */
export function readyLine(paths: readonly string[], project: string, pid: number): string {
  return `watching ${paths.join(", ")} (project ${project}, pid ${pid})`;
}

/** `argv` without `--detach`/`-d`: the same command, run in the foreground by the background copy. */
export function withoutDetach(argv: readonly string[]): string[] {
  return argv.filter((a) => a !== "--detach" && a !== "-d");
}

/** The watcher's holder line for messages: `pid 42 (since 17:02:03, in /src)`. */
export function describeHolder(h: WatchLockInfo): string {
  const since = h.startedAt ? `since ${h.startedAt}` : "";
  const where = h.cwd ? `in ${h.cwd}` : "";
  return `pid ${h.pid}${since || where ? ` (${[since, where].filter(Boolean).join(", ")})` : ""}`;
}

/** The error for a project that already has a watcher: who holds it and how to stop it. */
export function alreadyWatched(project: string, holder: WatchLockInfo): ComposeError {
  return new ComposeError("E_WATCH_LOCKED", `project "${project}" is already being watched by ${describeHolder(holder)}`, {
    hint: `Stop that watcher first: tscompose -p ${project} watch --stop (or kill ${holder.pid}).${holder.log ? ` Its log: ${holder.log}` : ""}`,
  });
}

/** What a background start needs to know. */
export interface DetachRequest {
  readonly project: string;
  readonly stateDir: string;
  readonly lockPath: string;
  /** The CLI's own arguments (after `node script`), `--detach` included. */
  readonly argv: readonly string[];
  /** Node and the bin script that run the background copy. */
  readonly node: string;
  readonly script: string;
  readonly execArgv?: readonly string[];
}

/**
 * `watch --detach`: refuses when the project already has a live watcher, else starts a detached
 * copy of this command without `--detach`, its output appended to a log file in the state
 * directory, and waits until it prints its ready line (then prints the pid and log path) or exits
 * (then shows its log and fails). Ctrl-C while waiting stops the copy.
 */
export async function startDetachedWatch(ctx: CliContext, req: DetachRequest): Promise<void> {
  const holder = liveWatchLock(req.lockPath);
  if (holder) throw alreadyWatched(req.project, holder);
  mkdirSync(req.stateDir, { recursive: true, mode: 0o700 });
  const log = watchLogPath(req.stateDir, req.project);
  const fd = openSync(log, "w", 0o600);
  const child = spawn(req.node, [...(req.execArgv ?? []), req.script, ...withoutDetach(req.argv)], {
    cwd: ctx.cwd,
    env: { ...ctx.env, [WATCH_LOG_ENV]: log },
    stdio: ["ignore", fd, fd],
    detached: true,
  });
  closeSync(fd);
  const pid = child.pid;
  if (pid === undefined) throw new ComposeError("E_WATCH_DETACH_FAILED", "could not start the background watcher");
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  child.unref();
  const interrupt = interruptOnSignal();
  try {
    const outcome = await waitReady(log, readyPattern(req.project, pid), exited, interrupt.signal);
    if (outcome === "interrupted") {
      child.kill("SIGTERM");
      throw new ComposeError("E_INTERRUPTED", "interrupted before the background watcher was ready; it was stopped", { kind: "interrupted" });
    }
    if (outcome !== "ready") {
      ctx.stderr.write(readText(log));
      throw new ComposeError("E_WATCH_DETACH_FAILED", `the background watcher exited with code ${outcome ?? "null"} before it was ready`, {
        hint: `Its output is above and in ${log}.`,
      });
    }
  } finally {
    interrupt.dispose();
  }
  ctx.stdout.write(`Watching project ${req.project} in the background (pid ${pid}); log: ${log}\n`);
  ctx.stdout.write(`Stop it with: tscompose -p ${req.project} watch --stop\n`);
}

function readText(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

/** Polls the log every 50 ms for the ready line; the child's exit code if it ends first. */
async function waitReady(log: string, ready: RegExp, exited: Promise<number | null>, signal: AbortSignal): Promise<"ready" | "interrupted" | number | null> {
  let exit: { code: number | null } | undefined;
  void exited.then((code) => (exit = { code }));
  for (;;) {
    if (ready.test(readText(log))) return "ready";
    if (exit) return ready.test(readText(log)) ? "ready" : exit.code;
    if (signal.aborted) return "interrupted";
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * `watch --stop`: sends SIGTERM to the project's live watcher and waits (up to `timeoutMs`) for
 * it to exit; a watcher that does not stop in time is killed. No live watcher: a message and exit 1
 * (a stale lock is removed on the way).
 */
export async function stopWatcher(ctx: CliContext, project: string, lockPath: string, timeoutMs = 30_000): Promise<void> {
  const holder = readWatchLock(lockPath);
  if (!holder || !pidAlive(holder.pid)) {
    if (holder) removeQuietly(lockPath);
    throw new ComposeError("E_WATCH_NOT_RUNNING", `no watcher is running for project "${project}"`, {
      hint: `Start one with: tscompose -p ${project} watch --detach`,
    });
  }
  process.kill(holder.pid, "SIGTERM");
  const until = Date.now() + timeoutMs;
  while (pidAlive(holder.pid) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  if (pidAlive(holder.pid)) {
    process.kill(holder.pid, "SIGKILL");
    removeQuietly(lockPath);
    ctx.stdout.write(`The watcher of project ${project} (pid ${holder.pid}) did not stop within ${timeoutMs / 1000} s and was killed\n`);
    return;
  }
  ctx.stdout.write(`Stopped the watcher of project ${project} (pid ${holder.pid})\n`);
}

/** The bin script this process runs (for the background copy). */
export function currentScript(argv: readonly string[]): string {
  return path.resolve(argv[1] ?? "");
}
