import type { EngineEvent, EventSink } from "../../engine/runtime/engine-events.js";
import type { Runtime } from "../../engine/runtime/runtime.js";
import type { SwarmClient } from "../../engine/swarm/client.js";
import type { DeployOutcome } from "../../engine/swarm/deploy.js";
import type { StackRunOptions } from "../../engine/swarm/oneoff.js";
import { stackWarnings, throwStackErrors } from "../../engine/swarm/stack-diagnostics.js";
import type { StackLogLine } from "../../engine/swarm/stack-logs.js";
import type { SwarmStack } from "../../engine/swarm/stack-types.js";
import type { StackServiceRow, StackTaskRow } from "../../engine/swarm/stack-views.js";
import type { Warning } from "../../spec/errors.js";
import { loadProject, type LoadedProject } from "../../spec/load.js";
import type { Project } from "../../spec/project.js";
import { TextCapture, type CommandResult } from "../verbs/capture.js";
import { connectEngine, engineConnection, type EngineConnection, type Environment } from "../connect/connect.js";
import { connectSwarm } from "./swarm.js";

/** How to load a stack for a Swarm. */
export interface ClusterStackOptions {
  /** Compose files (relative to `cwd`); default: discovered in `cwd` as Compose does. */
  readonly files?: readonly string[];
  /** Working directory (default `process.cwd()`). */
  readonly cwd?: string;
  /** The project directory, when not the first file's directory. */
  readonly projectDirectory?: string;
  /** Project name; default the file's `name:`, else the project directory's name, as the CLI. */
  readonly projectName?: string;
  /** The stack's name on the Swarm (prefix of its services, networks…); default the project name. */
  readonly stackName?: string;
  /**
   * The environment for interpolation, `COMPOSE_*` settings, `environment:` secrets and the engine
   * connection (`DOCKER_HOST`…). Default: empty; pass `process.env` to use the shell's.
   */
  readonly env?: Environment;
  /** `.env`-style files (default: `.env` in the project directory). */
  readonly envFiles?: readonly string[];
  /** Active profiles. */
  readonly profiles?: readonly string[];
  /** How to reach the Swarm manager; default from `env` (`DOCKER_HOST`…), else the local socket. */
  readonly connection?: EngineConnection;
  /** Receives every progress event (the `--progress json` events, typed). */
  readonly progress?: (event: EngineEvent) => void;
}

/** How `deploy` converges. */
export interface ClusterDeployOptions {
  /** Wait until every service's tasks run, healthy where checked (default true). */
  readonly wait?: boolean;
  /** Give up waiting after this long (default: never). */
  readonly timeoutMs?: number;
  /** Remove the stack's services the files no longer declare (default: only reported). */
  readonly prune?: boolean;
  /** Aborting stops the wait with an error (what was deployed stays). */
  readonly signal?: AbortSignal;
}

/** How `scale` converges. */
export interface ClusterScaleOptions {
  /** Wait until the service runs as many tasks as asked (default true). */
  readonly wait?: boolean;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

/** Which log lines `logs` collects. */
export interface ClusterLogsOptions {
  /** Lines from the end of each task's log (default all). */
  readonly tail?: number;
  /** Fill each entry's `time`. */
  readonly timestamps?: boolean;
}

/** One line of a service's log, with where it came from (what `stack logs` prefixes it with). */
export type ClusterLogEntry = StackLogLine;

/** How `exec` runs a command in a service's task. */
export interface ClusterExecOptions {
  readonly user?: string;
  readonly workdir?: string;
  /** Added to the task's environment. */
  readonly env?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
}

/** How `run` shapes the one-off: the user, dir and environment over the service's. */
export type ClusterRunOptions = Omit<StackRunOptions, "command">;

/**
 * One compose project as a stack on a Docker Swarm, the Swarm counterpart of `Stack`: deployed
 * with `docker stack`'s names and labels (`<stack>_<service>`, `com.docker.stack.namespace`), so
 * `docker stack ls/ps/services/rm` see it. The engine it talks to must be a Swarm manager. The
 * project is converted when loaded: what Swarm cannot honour is in `warnings`, and what it cannot
 * deploy at all throws ProjectErrors from `load`, before the engine is asked anything.
 */
export class ClusterStack {
  /** The stack's name on the Swarm. */
  readonly name: string;
  /** The typed, normalized project. */
  readonly project: Project;
  /** The Swarm objects the project converts to (services, networks, secrets, configs). */
  readonly swarm: SwarmStack;
  /** Loader warnings, then the conversion's (attributes Swarm ignores), located in the files. */
  readonly warnings: readonly Warning[];
  private readonly sink: EventSink;

  /** Use `ClusterStack.load`; this is for callers that loaded, converted and connected themselves. */
  constructor(
    readonly loaded: LoadedProject,
    swarm: SwarmStack,
    readonly client: SwarmClient,
    readonly runtime: Runtime,
    options: Pick<ClusterStackOptions, "progress"> = {},
  ) {
    this.name = swarm.stack;
    this.project = loaded.project;
    this.swarm = swarm;
    this.warnings = [...loaded.warnings, ...stackWarnings(swarm, loaded.locate)];
    const progress = options.progress;
    this.sink = { emit: (event) => progress?.(event) };
  }

  /**
   * Loads a Compose project, converts it into a stack and connects to the engine. Throws the
   * loader's ProjectErrors, or the conversion's (`E_SWARM_UNSUPPORTED`, every problem at once),
   * before touching the engine, and a RuntimeError when the engine cannot be reached.
   */
  static async load(options: ClusterStackOptions = {}): Promise<ClusterStack> {
    const env = options.env ?? {};
    const loaded = loadProject({
      workingDir: options.cwd ?? process.cwd(),
      env,
      ...(options.projectName ? { projectName: options.projectName } : {}),
      ...(options.files ? { files: options.files } : {}),
      ...(options.projectDirectory ? { projectDirectory: options.projectDirectory } : {}),
      ...(options.envFiles ? { envFiles: options.envFiles } : {}),
      ...(options.profiles ? { profiles: options.profiles } : {}),
    });
    const [{ toSwarmStack }, { nodeStackSources }] = await Promise.all([import("../../engine/swarm/convert.js"), import("../../engine/swarm/stack-files.js")]);
    const swarm = toSwarmStack(loaded.project, options.stackName ?? loaded.project.name, nodeStackSources(loaded.lookup));
    throwStackErrors(swarm, loaded.locate, "Change the file for Swarm, or run it on one engine with `loadStack`.");
    const connection = options.connection ?? engineConnection(env);
    const [runtime, client] = await Promise.all([connectEngine(connection), connectSwarm(connection)]);
    return new ClusterStack(loaded, swarm, client, runtime, options);
  }

  /**
   * Creates or updates the stack's networks, secrets, configs and services (a service whose spec
   * did not change is left alone) and, by default, waits until every service converges; a task
   * that fails meanwhile ends the wait with its own error.
   */
  async deploy(options: ClusterDeployOptions = {}): Promise<DeployOutcome> {
    const { deployStack } = await import("../../engine/swarm/deploy.js");
    const outcome = await deployStack(this.client, this.swarm, this.sink, options.prune ? { prune: true } : {});
    if (options.wait !== false) await this.converge(this.swarm.services.map((s) => s.Name), outcome.startedAt, options);
    return outcome;
  }

  /** The stack's tasks, as `stack ps --format json` prints them (every state, newest first per slot). */
  async ps(): Promise<StackTaskRow[]> {
    const { stackTasks } = await import("../../engine/swarm/stack-views.js");
    return stackTasks(this.client, this.name);
  }

  /** The stack's services with their running/desired counts, as `stack services --format json` prints them. */
  async services(): Promise<StackServiceRow[]> {
    const { stackServices } = await import("../../engine/swarm/stack-views.js");
    return stackServices(this.client, this.name);
  }

  /** The log lines so far of one service (its name in the file), or of every service; every task, every node. */
  async logs(service?: string, options: ClusterLogsOptions = {}): Promise<ClusterLogEntry[]> {
    const { openStackLogs } = await import("../../engine/swarm/stack-logs.js");
    const logs = await openStackLogs(this.client, this.name, service === undefined ? [] : [service], { timestamps: options.timestamps === true, ...(options.tail !== undefined ? { tail: options.tail } : {}) });
    const out: ClusterLogEntry[] = [];
    for (const stream of logs.streams) for await (const line of stream) out.push(line);
    return out;
  }

  /** Sets a replicated service's replica count and, by default, waits until it runs that many tasks. */
  async scale(service: string, replicas: number, options: ClusterScaleOptions = {}): Promise<void> {
    const { scaleServices } = await import("../../engine/swarm/scale.js");
    const startedAt = Date.now();
    const scaled = await scaleServices(this.client, this.name, [{ service, replicas }], this.sink);
    if (options.wait !== false) await this.converge(scaled, startedAt, options);
  }

  /**
   * Runs a command in a running task of the service on the node this engine is (a string runs
   * through `sh -c`) and resolves with its exit code and output. A service whose tasks all run on
   * other nodes is an error naming them.
   */
  async exec(service: string, command: string | readonly string[], options: ClusterExecOptions = {}): Promise<CommandResult> {
    const { localTaskContainer } = await import("../../engine/swarm/task-container.js");
    const container = await localTaskContainer(this.client, this.name, service);
    const { exitCode, stdout, stderr } = await this.runtime.exec(container, {
      cmd: toArgv(command),
      ...(options.user ? { user: options.user } : {}),
      ...(options.workdir ? { workingDir: options.workdir } : {}),
      ...(options.env ? { env: options.env } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return { exitCode, stdout, stderr };
  }

  /**
   * Runs a one-off container of the service on this node, on the stack's overlay networks (not
   * under the service's name), from the service's spec as the Swarm has it; resolves with its exit
   * code and output once it exits, and removes it. Without a command, the service's own.
   */
  async run(service: string, command?: string | readonly string[], options: ClusterRunOptions = {}): Promise<CommandResult> {
    const { runStackOneOff } = await import("../../engine/swarm/oneoff.js");
    const stdout = new TextCapture();
    const stderr = new TextCapture();
    const exitCode = await runStackOneOff(
      { client: this.client, runtime: this.runtime, sink: this.sink },
      { stack: this.name, service, options: { ...options, ...(command !== undefined ? { command: toArgv(command) } : {}) } },
      { streams: { stdout, stderr } },
    );
    return { exitCode, stdout: stdout.text, stderr: stderr.text };
  }

  /**
   * Removes the stack as `docker stack rm` does: its services, then its networks, secrets and
   * configs once the tasks are gone. Volumes and external objects stay. Resolves false when the
   * stack had nothing left.
   */
  async rm(): Promise<boolean> {
    const { removeStack } = await import("../../engine/swarm/remove.js");
    return removeStack(this.client, this.name, this.sink);
  }

  private async converge(services: readonly string[], since: number, options: { timeoutMs?: number; signal?: AbortSignal }): Promise<void> {
    const { waitForStack } = await import("../../engine/swarm/converge.js");
    await waitForStack(this.client, this.name, services, this.sink, {
      since,
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  }
}

function toArgv(command: string | readonly string[]): readonly string[] {
  return typeof command === "string" ? ["sh", "-c", command] : command;
}
