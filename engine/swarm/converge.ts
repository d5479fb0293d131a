import type { EventSink } from "../runtime/engine-events.js";
import { RuntimeError } from "../runtime/runtime-errors.js";
import type { Service, Task } from "./api-types.js";
import type { SwarmClient } from "./client.js";

/** How long and how often `waitForStack` looks. */
export interface ConvergeOptions {
  /** Give up after this many milliseconds (default: never). */
  readonly timeoutMs?: number;
  /** Only tasks created at or after this time (ms since the epoch) can fail the wait: older ones ran the previous spec. */
  readonly since?: number;
  readonly signal?: AbortSignal;
  /** Milliseconds between looks (default 500). */
  readonly pollMs?: number;
}

/** Where one service stands. */
export interface ServiceProgress {
  readonly name: string;
  /** Tasks running (a job: tasks completed). */
  readonly running: number;
  /** Tasks meant to run (a job: completions it needs). */
  readonly desired: number;
  /** A job service (`replicated-job`, `global-job`): it converges once its tasks have completed. */
  readonly job?: boolean;
  /** The update's state when one is under way or ended badly (`updating`, `paused`, `rollback_completed`…). */
  readonly update?: string;
  readonly converged: boolean;
  /** The newest failed or rejected task since the deploy, with its error. */
  readonly failure?: { readonly task: Task; readonly error: string };
  /** Why a task still waits (`no suitable node …`), when the engine says. */
  readonly pending?: string;
}

// A task's states before it runs, in which the engine may explain why it waits.
const WAITING = new Set(["new", "allocated", "pending", "assigned", "accepted", "preparing", "ready", "starting"]);

/**
 * Where `service` stands, from its tasks and its desired count (`ServiceStatus.DesiredTasks`: the
 * replicas, or the eligible nodes of a global service). Only tasks meant to run that do run count
 * (an old task still running mid-update does not), and a task with a healthcheck runs only once
 * healthy: Swarm keeps it `starting` until then. Converged: as many run as are desired, and no
 * update is under way or failed. Pure.
 */
export function serviceProgress(service: Service, tasks: readonly Task[], since = 0): ServiceProgress {
  const mine = tasks.filter((t) => t.ServiceID === service.ID);
  if (service.Spec.Mode.ReplicatedJob || service.Spec.Mode.GlobalJob) return jobProgress(service, mine, since);
  const running = mine.filter((t) => t.DesiredState === "running" && t.Status.State === "running").length;
  const desired = service.ServiceStatus?.DesiredTasks ?? service.Spec.Mode.Replicated?.Replicas ?? 0;
  const update = service.UpdateStatus?.State;
  const updateOk = update === undefined || update === "completed";
  const failed = newestFailure(mine, since);
  const waiting = mine.find((t) => t.DesiredState === "running" && WAITING.has(t.Status.State) && (t.Status.Err || t.Status.Message));
  return {
    name: service.Spec.Name,
    running,
    desired,
    ...(update && !updateOk ? { update } : {}),
    converged: updateOk && running === desired,
    ...(failed ? { failure: { task: failed, error: taskError(failed) } } : {}),
    ...(waiting ? { pending: waiting.Status.Err || waiting.Status.Message || "" } : {}),
  };
}

/**
 * Where a job service stands: only the tasks of its current run count. A replicated job has
 * converged once `TotalCompletions` tasks (default `MaxConcurrent`, else 1) completed; a global job
 * once it has tasks (one per eligible node) and all of them completed. A failed task fails it.
 */
function jobProgress(service: Service, mine: readonly Task[], since: number): ServiceProgress {
  const iteration = service.JobStatus?.JobIteration?.Index ?? 0;
  const current = mine.filter((t) => (t.JobIteration?.Index ?? 0) === iteration);
  const completed = current.filter((t) => t.Status.State === "complete").length;
  const replicated = service.Spec.Mode.ReplicatedJob;
  const desired = replicated ? (replicated.TotalCompletions ?? replicated.MaxConcurrent ?? 1) : current.length;
  const converged = replicated ? completed >= desired : current.length > 0 && completed === current.length;
  const failed = newestFailure(current, since);
  const waiting = current.find((t) => WAITING.has(t.Status.State) && (t.Status.Err || t.Status.Message));
  return {
    name: service.Spec.Name,
    running: completed,
    desired,
    job: true,
    converged,
    ...(failed ? { failure: { task: failed, error: taskError(failed) } } : {}),
    ...(waiting && !converged ? { pending: waiting.Status.Err || waiting.Status.Message || "" } : {}),
  };
}

/** The newest task that failed or was rejected among those created since the deploy. */
function newestFailure(tasks: readonly Task[], since: number): Task | undefined {
  return tasks.filter((t) => (t.Status.State === "failed" || t.Status.State === "rejected") && createdAt(t) >= since).sort((a, b) => timeOf(b) - timeOf(a))[0];
}

// A task created before the deploy runs the previous spec: its failure is not this deploy's.
function createdAt(task: Task): number {
  const t = Date.parse(task.CreatedAt ?? "");
  return Number.isNaN(t) ? Infinity : t;
}

function timeOf(task: Task): number {
  const t = Date.parse(task.Status.Timestamp ?? task.UpdatedAt ?? task.CreatedAt ?? "");
  return Number.isNaN(t) ? 0 : t;
}

/** A failed task's error as `docker service ps` shows it, with its exit code when it has one. */
export function taskError(task: Task): string {
  const err = task.Status.Err || task.Status.Message || task.Status.State;
  const code = task.Status.ContainerStatus?.ExitCode;
  return code !== undefined && code !== 0 && !/exit/.test(err) ? `${err} (exit code ${code})` : err;
}

/**
 * Waits until every one of `serviceNames` (the stack's services, by name) has converged: as many
 * tasks running as desired (healthy, where the service has a healthcheck), no update under way.
 * Swarm has no task events, so this looks every `pollMs`; each change is reported to `sink` as a
 * service row (`Waiting 1/3`, `Running 3/3`). A task that fails or is rejected after `since`, an
 * update that pauses or rolls back, or the timeout ends the wait with an error naming the service
 * and the task's own error.
 */
export async function waitForStack(client: SwarmClient, stack: string, serviceNames: readonly string[], sink: EventSink, options: ConvergeOptions = {}): Promise<void> {
  const deadline = options.timeoutMs === undefined ? Infinity : Date.now() + options.timeoutMs;
  const wanted = new Set(serviceNames);
  const shown = new Map<string, string>();
  for (;;) {
    const [services, tasks] = await Promise.all([client.services(stack, { status: true }), client.tasks({ stack })]);
    const progress = services.filter((s) => wanted.has(s.Spec.Name)).map((s) => serviceProgress(s, tasks, options.since ?? 0));
    for (const p of progress) report(sink, shown, p);
    const failing = progress.find((p) => p.failure && !p.converged) ?? progress.find((p) => p.update && p.update !== "updating");
    if (failing) throw convergeError(stack, failing, await client.nodeHostnames().catch(() => new Map<string, string>()));
    if (progress.length === wanted.size && progress.every((p) => p.converged)) return;
    if (Date.now() >= deadline) throw timeoutError(stack, progress.filter((p) => !p.converged), options.timeoutMs ?? 0);
    await sleep(options.pollMs ?? 500, options.signal);
  }
}

function report(sink: EventSink, shown: Map<string, string>, p: ServiceProgress): void {
  const status = p.converged ? (p.job ? "Completed" : "Running") : "Waiting";
  const detail = `${p.running}/${p.desired}${p.job ? " completed" : ""}${p.pending && !p.converged ? `: ${p.pending}` : ""}`;
  const key = `${status} ${detail}`;
  if (shown.get(p.name) === key) return;
  shown.set(p.name, key);
  sink.emit({ type: "resource", kind: "service", name: p.name, status, detail, done: p.converged, time: Date.now() });
}

function convergeError(stack: string, p: ServiceProgress, nodes: ReadonlyMap<string, string>): RuntimeError {
  if (p.failure) {
    const id = p.failure.task.NodeID;
    const node = id ? ` on node ${nodes.get(id) ?? id.slice(0, 12)}` : "";
    return new RuntimeError("other", `service ${p.name} of stack ${stack} did not converge: task ${p.failure.task.ID.slice(0, 12)}${node} failed: ${p.failure.error}`, {
      hint: `See its logs with \`tscompose stack logs ${p.name.slice(stack.length + 1)}\` and its tasks with \`tscompose stack ps ${stack}\`.`,
    });
  }
  return new RuntimeError("other", `service ${p.name} of stack ${stack} did not converge: its update is ${p.update}`, {
    hint: `\`docker service inspect ${p.name}\` shows the update's message; \`tscompose stack ps ${stack}\` the tasks.`,
  });
}

function timeoutError(stack: string, pending: readonly ServiceProgress[], timeoutMs: number): RuntimeError {
  const what = pending.map((p) => `${p.name} ${p.running}/${p.desired}${p.job ? " completed" : ""}${p.pending ? ` (${p.pending})` : ""}`).join(", ");
  return new RuntimeError("other", `stack ${stack} did not converge within ${Math.round(timeoutMs / 1000)}s: ${what || "its services were not found"}`, {
    hint: `\`tscompose stack ps ${stack}\` shows each task's state and error.`,
  });
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
