import { randomBytes } from "node:crypto";
import type { EngineEvent, EventSink } from "../engine/runtime/engine-events.js";
import type { PsEntry } from "../engine/verbs/ps.js";
import type { ProjectRef } from "../engine/verbs/project-view.js";
import type { Runtime } from "../engine/runtime/runtime.js";
import type { UpOutcome } from "../engine/verbs/up.js";
import type { Warning } from "../spec/errors.js";
import { loadProject, type LoadedProject } from "../spec/load.js";
import type { Project } from "../spec/project.js";
import type { CommandResult } from "./verbs/capture.js";
import { registerCleanup } from "./cleanup/cleanup.js";
import { connectEngine, engineConnection, type EngineConnection, type Environment } from "./connect/connect.js";
import { downStack } from "./verbs/down.js";
import { execCapture, type ExecOptions } from "./verbs/exec.js";
import { collectLogs, followLogs, formatLogs, type LogEntry, type LogsOptions } from "./verbs/logs.js";
import { publishedAddress, type HostPort, type PortOptions } from "./verbs/port.js";
import { runProbes } from "./probes/probe-runner.js";
import type { Probe } from "./probes/probes.js";
import { psStack, type PsOptions } from "./verbs/ps.js";
import { runCapture, type RunOptions } from "./verbs/run.js";
import { sweepProject } from "./cleanup/sweep.js";
import { upStack, type UpOptions } from "./verbs/up.js";

/** How to load a stack. */
export interface StackOptions {
  /** Compose files (relative to `cwd`); default: discovered in `cwd` as Compose does. */
  readonly files?: readonly string[];
  /** Working directory (default `process.cwd()`). */
  readonly cwd?: string;
  /** The project directory, when not the first file's directory. */
  readonly projectDirectory?: string;
  /** Project name; default a fresh `tsc-<8 hex>`, so parallel runs never collide. */
  readonly projectName?: string;
  /**
   * The environment for interpolation, `COMPOSE_*` settings and the engine connection
   * (`DOCKER_HOST`…). Default: empty; pass `process.env` to use the shell's.
   */
  readonly env?: Environment;
  /** `.env`-style files (default: `.env` in the project directory). */
  readonly envFiles?: readonly string[];
  /** Active profiles. */
  readonly profiles?: readonly string[];
  /** Remove the stack when the process ends, however it ends (default true). */
  readonly cleanup?: boolean;
  /** How to reach the engine; default from `env` (`DOCKER_HOST`…), else the local socket. */
  readonly docker?: EngineConnection;
  /** Receives every progress event (the `--progress json` events, typed). */
  readonly progress?: (event: EngineEvent) => void;
  /** Bound on parallel engine calls (default unbounded). */
  readonly concurrency?: number;
}

/** `tsc-<8 hex>`: a fresh project name. */
export function randomProjectName(): string {
  return `tsc-${randomBytes(4).toString("hex")}`;
}

/**
 * Loads a Compose project and connects to the engine. Throws the loader's ProjectErrors (every
 * problem in the files at once) before touching the engine, and a RuntimeError when the engine
 * cannot be reached.
 */
export async function loadStack(options: StackOptions = {}): Promise<Stack> {
  const env = options.env ?? {};
  const loaded = loadProject({
    workingDir: options.cwd ?? process.cwd(),
    env,
    projectName: options.projectName ?? randomProjectName(),
    ...(options.files ? { files: options.files } : {}),
    ...(options.projectDirectory ? { projectDirectory: options.projectDirectory } : {}),
    ...(options.envFiles ? { envFiles: options.envFiles } : {}),
    ...(options.profiles ? { profiles: options.profiles } : {}),
  });
  const connection = options.docker ?? engineConnection(env);
  const runtime = await connectEngine(connection);
  return new Stack(loaded, runtime, connection, options);
}

/** A stack `up` brought up: the project's services. */
export interface StackUpOptions extends UpOptions {
  /** Aborting stops the `up` (nothing new is started) with an InterruptedError. */
  readonly signal?: AbortSignal;
}

/** What `down` removes; by default everything of the stack, named volumes included. */
export interface StackDownOptions {
  /** Remove the project's named and anonymous volumes (default true: an API stack is throwaway). */
  readonly volumes?: boolean;
  /** Seconds each container gets to stop before SIGKILL (default: its own, usually 10). */
  readonly timeoutSeconds?: number;
}

/**
 * One loaded Compose project on one engine. Every method works on the project's containers by
 * label, so two stacks of the same files under different names never meet.
 */
export class Stack {
  /** The project name (the label every object of the stack carries). */
  readonly name: string;
  /** The typed, normalized project. */
  readonly project: Project;
  /** Loader warnings (unsupported keys, unset variables…). */
  readonly warnings: readonly Warning[];
  private readonly sink: EventSink;
  private readonly stop = new AbortController();
  private unregister: (() => void) | undefined;

  /** Use `loadStack`; this is for callers that loaded the project and connected themselves. */
  constructor(
    readonly loaded: LoadedProject,
    readonly runtime: Runtime,
    readonly connection: EngineConnection,
    private readonly options: Pick<StackOptions, "cleanup" | "progress" | "concurrency"> = {},
  ) {
    this.name = loaded.project.name;
    this.project = loaded.project;
    this.warnings = loaded.warnings;
    const progress = options.progress;
    this.sink = { emit: (event) => progress?.(event) };
  }

  private deps(signal?: AbortSignal) {
    const combined = signal ? AbortSignal.any([signal, this.stop.signal]) : this.stop.signal;
    return {
      runtime: this.runtime,
      sink: this.sink,
      signal: combined,
      connection: this.connection,
      ...(this.options.concurrency !== undefined ? { concurrency: this.options.concurrency } : {}),
    };
  }

  private get ref(): ProjectRef {
    return { name: this.name, project: this.project, disabledServices: this.loaded.disabledServices };
  }

  /**
   * Brings the stack up and, by default, waits until every service runs (healthy when it has a
   * healthcheck), then runs `probes`. Pass `wait: false` to return once started. From here on
   * the stack is removed when the process ends, unless `cleanup: false` was given.
   */
  async up(options: StackUpOptions = {}): Promise<UpOutcome> {
    if (this.options.cleanup !== false && !this.unregister) {
      this.unregister = registerCleanup({
        projectName: this.name,
        connection: this.connection,
        abort: () => this.stop.abort(),
        remove: () => this.removeAll(),
      });
    }
    const { signal, wait, ...rest } = options;
    return upStack(this.deps(signal), this.loaded, { ...rest, wait: wait ?? true });
  }

  /** Runs readiness probes against the running stack (all side by side); rejects with a ProbeError. */
  async waitFor(probes: readonly Probe[], options: { signal?: AbortSignal } = {}): Promise<void> {
    await runProbes(probes, { runtime: this.runtime, projectName: this.name, connection: this.connection, signal: this.deps(options.signal).signal });
  }

  /** Stops and removes the stack (containers, one-offs, networks, and by default volumes) and cancels the automatic cleanup. */
  async down(options: StackDownOptions = {}): Promise<void> {
    await downStack(this.deps(), { projectName: this.name, project: this.project }, {
      volumes: options.volumes ?? true,
      removeOrphans: true,
      ...(options.timeoutSeconds !== undefined ? { timeoutSeconds: options.timeoutSeconds } : {}),
    });
    this.unregister?.();
    this.unregister = undefined;
  }

  /** The stack's containers as `ps --format json` prints them (running ones unless `all`). */
  ps(options: PsOptions = {}): Promise<PsEntry[]> {
    return psStack(this.runtime, this.ref, options);
  }

  /** The logs so far as text, `web-1  | line` (`prefix: false` for bare lines). */
  async logs(options: LogsOptions & { prefix?: boolean } = {}): Promise<string> {
    const { prefix, ...rest } = options;
    return formatLogs(await collectLogs(this.runtime, this.ref, rest), this.name, prefix === false ? { prefix: false } : {});
  }

  /** The log lines so far, one object per line. */
  logEntries(options: LogsOptions = {}): Promise<LogEntry[]> {
    return collectLogs(this.runtime, this.ref, options);
  }

  /** Follows the logs as an async iterable until the containers stop, `signal` aborts or the loop breaks. */
  followLogs(options: LogsOptions = {}): AsyncGenerator<LogEntry, void, undefined> {
    return followLogs(this.runtime, this.ref, options);
  }

  /** Runs a command in a running service container (a string runs through `sh -c`). */
  exec(service: string, command: string | readonly string[], options: ExecOptions = {}): Promise<CommandResult> {
    return execCapture(this.runtime, this.name, service, toArgv(command), options);
  }

  /**
   * Runs a one-off container of the service (dependencies started first), removed afterwards
   * unless `rm: false`; without a command, the service's own.
   */
  run(service: string, command?: string | readonly string[], options: RunOptions = {}): Promise<CommandResult> {
    return runCapture(this.deps(), this.loaded, service, { rm: true, ...options, ...(command !== undefined ? { command: toArgv(command) } : {}) });
  }

  /** Where to connect from here to a published container port of the service. */
  port(service: string, containerPort: number, options: PortOptions = {}): Promise<HostPort> {
    return publishedAddress(this.runtime, this.connection, this.name, service, containerPort, options);
  }

  /** `http://host:port/path` for a published container port of the service. */
  async url(service: string, containerPort: number, path = "/"): Promise<string> {
    const { host, port } = await this.port(service, containerPort);
    return `http://${host.includes(":") ? `[${host}]` : host}:${port}${path.startsWith("/") ? path : `/${path}`}`;
  }

  /** What the automatic cleanup does: down with volumes, then anything left with the label. */
  private async removeAll(): Promise<void> {
    await downStack({ runtime: this.runtime, sink: this.sink }, { projectName: this.name, project: this.project }, { volumes: true, removeOrphans: true }).catch(() => undefined);
    await sweepProject(this.runtime, this.name).catch(() => undefined);
  }
}

function toArgv(command: string | readonly string[]): readonly string[] {
  return typeof command === "string" ? ["sh", "-c", command] : command;
}
