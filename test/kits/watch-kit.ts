import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pidAlive } from "../../cli/watch/watch-lock.js";
import type { DockerRuntime } from "../../engine/docker/docker-runtime.js";
import { compose, eventually, startCompose, type LiveCli } from "./up-kit.js";

/** The test image's long-running command, written for a compose file (`$$` escapes `$`). */
export const LONG_RUNNING_YAML = `["sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1 & wait $$!; done"]`;

/**
 * Temporary project directories and watchers of one test file: `dir()` writes a project from
 * strings, `watch()` starts `tscompose watch`, `cleanup()` stops every watcher (SIGKILL if a
 * graceful stop hangs) and removes the directories.
 */
export class WatchTests {
  private readonly dirs: string[] = [];
  private readonly live: LiveCli[] = [];
  /** A private lock directory for this file's watchers (XDG_RUNTIME_DIR of every CLI run). */
  readonly stateDir = mkdtempSync(path.join(os.tmpdir(), "tsc-watch-state-"));

  /** The environment every CLI run of these tests gets. */
  env(extra: Readonly<Record<string, string>> = {}): Record<string, string> {
    return { XDG_RUNTIME_DIR: this.stateDir, ...extra };
  }

  /** A fresh temporary directory holding `files` (relative path → content). */
  dir(files: Readonly<Record<string, string>>): string {
    const dir = mkdtempSync(path.join(os.tmpdir(), "tsc-watch-"));
    this.dirs.push(dir);
    for (const [rel, text] of Object.entries(files)) write(dir, rel, text);
    return dir;
  }

  /** Starts `tscompose --progress plain -p PROJECT ARGS` (e.g. `["watch"]`) and remembers it for cleanup. */
  start(dir: string, project: string, args: readonly string[], env: Readonly<Record<string, string>> = {}): LiveCli {
    const live = startCompose(dir, project, args, this.env(env));
    this.live.push(live);
    return live;
  }

  /** Runs one CLI command to its end with this file's environment. */
  run(dir: string, project: string, args: readonly string[], env: Readonly<Record<string, string>> = {}) {
    return compose(dir, project, args, { env: this.env(env), timeoutMs: 120_000 });
  }

  /** Stops every watcher still running (background ones by their lock), then removes the temporary directories. */
  async cleanup(): Promise<void> {
    await Promise.all(this.live.splice(0).map((l) => stopLive(l)));
    await stopBackgroundWatchers(path.join(this.stateDir, "tscompose"));
    for (const d of this.dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  }
}

/** SIGTERM to the pid of every lock file in `dir` (background watchers a failed test left), then waits for them. */
async function stopBackgroundWatchers(dir: string): Promise<void> {
  const locks = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".lock")) : [];
  for (const f of locks) {
    const pid = Number((JSON.parse(readFileSync(path.join(dir, f), "utf8")) as { pid?: number }).pid);
    try {
      process.kill(pid, "SIGTERM");
    } catch {
      continue;
    }
    await eventually(async () => !pidAlive(pid), `background watcher ${pid} to stop`, 30_000).catch(() => process.kill(pid, "SIGKILL"));
  }
}

/** SIGINT, then SIGKILL after 15 s; resolves with the exit code. */
export async function stopLive(live: LiveCli): Promise<number | null> {
  if (live.child.exitCode !== null || live.child.signalCode !== null) return live.child.exitCode;
  live.child.kill("SIGINT");
  const timer = setTimeout(() => live.child.kill("SIGKILL"), 15_000);
  const r = await live.done;
  clearTimeout(timer);
  return r.code;
}

/** Writes a file below `dir`, creating its directories. */
export function write(dir: string, rel: string, text: string): void {
  const file = path.join(dir, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

/** Removes a file below `dir`. */
export function remove(dir: string, rel: string): void {
  unlinkSync(path.join(dir, rel));
}

/** The ready line a watcher of `project` prints. */
export function ready(project: string): RegExp {
  return new RegExp(`watching .*\\(project ${project}, pid \\d+\\)`);
}

/** A file's content inside a running container, or undefined when it does not exist. */
export async function fileIn(runtime: DockerRuntime, container: string, file: string): Promise<string | undefined> {
  const r = await runtime.exec(container, { cmd: ["cat", file] }).catch(() => undefined);
  return r && r.exitCode === 0 ? r.stdout : undefined;
}

/** Waits until `file` in `container` holds `content` (undefined: until it is absent). */
export async function expectFile(runtime: DockerRuntime, container: string, file: string, content: string | undefined, timeoutMs = 20_000): Promise<void> {
  let last: string | undefined;
  await eventually(
    async () => (last = await fileIn(runtime, container, file)) === content,
    `${container}:${file} to be ${content === undefined ? "absent" : JSON.stringify(content)} (last seen: ${JSON.stringify(last)})`,
    timeoutMs,
  ).catch((err: Error) => {
    throw new Error(`${err.message} (last seen: ${JSON.stringify(last)})`);
  });
}
