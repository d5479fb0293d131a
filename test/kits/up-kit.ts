import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import type { DockerRuntime } from "../../engine/docker/docker-runtime.js";
import type { ContainerSummary, RuntimeEvent } from "../../engine/runtime/runtime.js";
import { assertCliBuilt, CLI_PATH, type CliResult, CHILD_ENV_KEYS } from "../helpers/cli.js";
import { cleanupProject, PROJECT_LABEL, uniqueProject } from "../helpers/engine.js";

/** The directory of the `up-*` fixtures. */
export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures");

/** `test/fixtures/<name>`: one fixture directory per test. */
export function fixture(name: string): string {
  return path.join(FIXTURES, name);
}

/** How to run one `tscompose -p PROJECT …` command. */
export interface ComposeRun {
  readonly env?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
  readonly cwd?: string;
}

/**
 * Projects of one test file: each `next()` is a fresh name, and `cleanup()` removes everything
 * carrying any of their labels (call it from afterEach/afterAll; it never throws), plus the
 * anonymous volumes their containers mount: a recreate mounts the inherited volume by name, and
 * the engine's `rm -v` keeps volumes mounted by name (as with Docker Compose).
 */
export class Projects {
  private readonly names: string[] = [];
  private readonly volumes = new Set<string>();

  constructor(private readonly runtime: () => DockerRuntime | undefined) {}

  /** A fresh project name, remembered for cleanup. */
  next(prefix: string): string {
    const name = uniqueProject(prefix);
    this.names.push(name);
    return name;
  }

  /** A volume without the project label that the test knows it left behind. */
  volume(name: string): void {
    this.volumes.add(name);
  }

  /** Removes every container, network and volume of every project handed out so far. */
  async cleanup(): Promise<void> {
    const runtime = this.runtime();
    if (!runtime) return;
    const names = this.names.splice(0);
    const mounted = await Promise.all(names.map((n) => containersOf(runtime, n).catch(() => [])));
    for (const c of mounted.flat()) {
      for (const m of c.mounts) if (m.type === "volume" && m.name && /^[0-9a-f]{64}$/.test(m.name)) this.volumes.add(m.name);
    }
    await Promise.allSettled(names.map((n) => cleanupProject(runtime, n)));
    const volumes = [...this.volumes];
    this.volumes.clear();
    await Promise.allSettled(volumes.map((v) => runtime.removeVolume(v, { force: true })));
  }
}

/**
 * Runs `tscompose --progress plain -p PROJECT ARGS` in the fixture directory `dir` (or
 * `run.cwd`). Like the shared `runCli` (clean environment: PATH, HOME and `env`), but a run that
 * outlives its timeout gets SIGKILL: the CLI treats SIGTERM as Ctrl-C and may keep stopping.
 */
export function compose(dir: string, project: string, args: readonly string[], run: ComposeRun = {}): Promise<CliResult> {
  return runBin("tscompose", run.cwd ?? dir, ["--progress", "plain", "-p", project, ...args], run.env ?? {}, run.timeoutMs);
}

/** Fails with the CLI's output when it did not exit with `code`. */
export function expectExit(result: CliResult, code: number): void {
  expect(result.code, `exit code; stdout:\n${result.stdout}\nstderr:\n${result.stderr}`).toBe(code);
}

/** The project's containers (all states), by name. */
export async function containersOf(runtime: DockerRuntime, project: string): Promise<ContainerSummary[]> {
  const list = await runtime.listContainers({ all: true, labels: { [PROJECT_LABEL]: project } });
  return list.sort((a, b) => a.name.localeCompare(b.name));
}

/** Container name → id, for comparing two states of a project. */
export async function idsByName(runtime: DockerRuntime, project: string): Promise<Record<string, string>> {
  return Object.fromEntries((await containersOf(runtime, project)).map((c) => [c.name, c.id]));
}

/** Runs a command in a running container and returns its exit code and output. */
export async function execIn(runtime: DockerRuntime, container: string, cmd: readonly string[]): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  return runtime.exec(container, { cmd });
}

/** The engine's container events of the project between `since` (ms) and now. */
export async function projectEvents(runtime: DockerRuntime, project: string, sinceMs: number): Promise<RuntimeEvent[]> {
  const out: RuntimeEvent[] = [];
  const events = runtime.events({
    since: sinceMs / 1000,
    until: Date.now() / 1000,
    filters: { type: ["container"], label: { [PROJECT_LABEL]: project } },
  });
  for await (const e of events) out.push(e);
  return out;
}

/** The time (ms) of the first event of `container` with `action` (and health `status`), or throws. */
export function eventTime(events: readonly RuntimeEvent[], container: string, action: string, status?: string): number {
  const found = events.find((e) => e.attributes["name"] === container && e.action === action && (status === undefined || e.status === status));
  if (!found) {
    const seen = events.map((e) => `${e.attributes["name"]}:${e.action}${e.status ? `:${e.status}` : ""}`).join(", ");
    throw new Error(`no ${action}${status ? ` ${status}` : ""} event for ${container}; seen: ${seen}`);
  }
  return found.timeNano / 1e6;
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A CLI process the test drives: its output so far, a wait for a pattern, its end. */
export interface LiveCli {
  readonly child: ChildProcessWithoutNullStreams;
  output(): { stdout: string; stderr: string };
  /** Resolves once stdout or stderr matches `pattern`; rejects after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Resolves with the exit code (null when killed by a signal) and the whole output. */
  readonly done: Promise<CliResult>;
}

/** Starts `tscompose -p PROJECT ARGS` without waiting for it, so the test can signal it. */
export function startCompose(dir: string, project: string, args: readonly string[], env: Readonly<Record<string, string>> = {}): LiveCli {
  return startBin("tscompose", dir, ["--progress", "plain", "-p", project, ...args], env);
}

/** Runs one of the built binaries (`tsc-up`, `tsc-down`, `tscompose`) in `dir` to its end (SIGKILL after `timeoutMs`). */
export function runBin(bin: Bin, dir: string, args: readonly string[], env: Readonly<Record<string, string>> = {}, timeoutMs = 90_000): Promise<CliResult> {
  const live = startBin(bin, dir, args, env);
  const timer = setTimeout(() => live.child.kill("SIGKILL"), timeoutMs);
  return live.done.finally(() => clearTimeout(timer));
}

/** The binaries `npm run build` writes. */
export type Bin = "tscompose" | "tsc-up" | "tsc-down";

/** Starts a built binary with a clean environment (PATH and HOME plus `env`), stdin closed. */
export function startBin(bin: Bin, dir: string, args: readonly string[], env: Readonly<Record<string, string>> = {}): LiveCli {
  assertCliBuilt();
  const childEnv: Record<string, string> = { ...env };
  for (const key of CHILD_ENV_KEYS) {
    const value = process.env[key];
    if (value !== undefined && childEnv[key] === undefined) childEnv[key] = value;
  }
  const script = path.join(path.dirname(CLI_PATH), `${bin}.js`);
  const child = spawn(process.execPath, ["--", script, ...args], { cwd: dir, env: childEnv, stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  const listeners = new Set<() => void>();
  const changed = () => listeners.forEach((l) => l());
  child.stdout.setEncoding("utf8").on("data", (c: string) => ((stdout += c), changed()));
  child.stderr.setEncoding("utf8").on("data", (c: string) => ((stderr += c), changed()));
  child.stdin.end();
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
  const waitFor = (pattern: RegExp, timeoutMs = 60_000) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!pattern.test(stdout) && !pattern.test(stderr)) return;
        finish();
        resolve();
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`timed out waiting for ${pattern}; stdout:\n${stdout}\nstderr:\n${stderr}`));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        listeners.delete(check);
      };
      listeners.add(check);
      void done.then(() => {
        if (!listeners.has(check)) return;
        finish();
        if (pattern.test(stdout) || pattern.test(stderr)) resolve();
        else reject(new Error(`the CLI exited before printing ${pattern}; stdout:\n${stdout}\nstderr:\n${stderr}`));
      });
      check();
    });
  return { child, output: () => ({ stdout, stderr }), waitFor, done };
}

/** Polls `check` every 100 ms until it returns true, or fails after `timeoutMs`. */
export async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out: ${what}`);
}

/** Runs the `docker` CLI (for objects the test makes outside tscompose, with no labels). */
export function docker(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("docker", args, { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
    child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout: stdout.trim(), stderr: stderr.trim() }));
  });
}

/** `docker run -d --name NAME` of a long-running test container without any label; returns its id. */
export async function foreignContainer(name: string, ...extra: string[]): Promise<string> {
  const r = await docker("run", "-d", "--name", name, ...extra, "tscompose-busybox:latest", "sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1 & wait $!; done");
  if (r.code !== 0) throw new Error(`docker run ${name} failed: ${r.stderr}`);
  return r.stdout;
}
