import { InterruptedError, ReadinessError } from "../execute/execute-errors.js";
import { LABELS } from "../runtime/labels.js";
import { ExternalHealthRunner, type HealthResult, type HealthRunner } from "../health/health-runner.js";
import { EventFeed } from "./readiness-feed.js";
import { evaluateState, lastCheck, type ReadinessCondition, type Verdict } from "./readiness-state.js";
import type { ContainerDetails, Runtime, RuntimeEvent } from "../runtime/runtime.js";
import { isRuntimeError } from "../runtime/runtime-errors.js";

export { evaluateState, type ReadinessCondition, type Verdict } from "./readiness-state.js";

/** A condition that was met, and when. */
export interface ReadinessObservation {
  readonly container: string;
  readonly id: string;
  readonly condition: ReadinessCondition;
  /** When the condition was met, ms since the epoch: the engine's event time, or the state's own time when it already held. */
  readonly observedAt: number;
  /** When tscompose learnt it (local clock, ms). */
  readonly receivedAt: number;
  readonly via: "event" | "inspect";
  /** The exit code, for `completed_successfully`. */
  readonly exitCode?: number;
}

/** Options of a wait. */
export interface WaitOptions {
  /** Fail with E_WAIT_TIMEOUT after this long; default: wait until aborted, like Compose. */
  readonly timeoutMs?: number;
  /** Stops waiting with an InterruptedError. */
  readonly signal?: AbortSignal;
}

/** Options of a wait for every container of a service. */
export interface ServiceWaitOptions extends WaitOptions {
  /** Told which containers are awaited, before waiting. */
  readonly onWaiting?: (containers: readonly { id: string; name: string }[]) => void;
  /** Told as soon as each container meets the condition. */
  readonly onMet?: (observation: ReadinessObservation) => void;
}

/** Options of a Readiness. */
export interface ReadinessOptions {
  /** Only this project's containers are followed. */
  readonly project: string;
  /** Log lines shown with a failure (default 10). */
  readonly logLines?: number;
  /** How far before `start()` the subscription replays events, to cover the engine's set-up time (default 5000 ms). */
  readonly replayMs?: number;
  /**
   * Runs the healthchecks of awaited containers where the engine does not (Podman without
   * systemd); default: an ExternalHealthRunner on the same runtime.
   */
  readonly health?: HealthRunner;
}

interface Waiter {
  readonly ref: string;
  readonly condition: ReadinessCondition;
  id?: string;
  name: string;
  /** Events of an earlier run of the container (before this time, ms) are ignored. */
  startedAtMs: number;
  hasHealthcheck: boolean;
  /** The signal of a `kill` event of this run: someone stopped it (docker stop, an engine shutdown). */
  killSignal?: string;
  /** Events that arrived before the first inspect answered. */
  buffer?: RuntimeEvent[];
  /** Stops the health runner's watch of this container (set while one is on). */
  unwatch?: () => void;
  chain: Promise<void>;
  settled: boolean;
  resolve(o: ReadinessObservation): void;
  reject(e: unknown): void;
}

// The engine stamps StartedAt a moment before the `start` event; the memory runtime may be a
// few ms off the other way. Events this much older than the run's start still count as its own.
const FRESH_SLACK_MS = 250;

/**
 * Event-driven readiness: ONE subscription to the engine's container events for the project
 * (replaying from a little before `start()`, so nothing is lost while the engine sets it up),
 * plus an inspect per wait that catches states reached earlier; a wait whose inspect settles it
 * opens no subscription. No polling interval: a wait
 * settles on the event that decides it. Call `close()` when done (the subscription keeps a
 * connection open).
 */
export class Readiness {
  private readonly waiters = new Set<Waiter>();
  private readonly feed: EventFeed;
  private readonly logLines: number;
  private readonly health: HealthRunner;

  constructor(
    private readonly runtime: Runtime,
    private readonly options: ReadinessOptions,
  ) {
    this.logLines = options.logLines ?? 10;
    this.health = options.health ?? new ExternalHealthRunner(runtime);
    this.feed = new EventFeed(runtime, options.project, options.replayMs ?? 5000, {
      onEvent: (e) => this.dispatch(e),
      onResubscribed: () => this.resubscribed(),
      onLost: (error) => this.lost(error),
    });
  }

  /**
   * Subscribes to the engine's events (idempotent), replaying from a little before now (or before
   * `fromMs`). Call it before starting containers.
   */
  start(fromMs?: number): void {
    this.feed.start(fromMs);
  }

  /** Ends the subscription; pending waits reject with an InterruptedError. */
  close(): void {
    this.feed.stop();
    for (const w of this.waiters) w.reject(new InterruptedError(`stopped waiting for container ${w.name}`));
  }

  /** The project's containers of `service` (one-offs excluded), lowest number first. */
  async serviceContainers(service: string): Promise<{ id: string; name: string }[]> {
    const list = await this.runtime.listContainers({ all: true, labels: { [LABELS.project]: this.options.project, [LABELS.service]: service } });
    const number = (labels: Readonly<Record<string, string>>) => Number(labels[LABELS.containerNumber] ?? 0);
    return list
      .filter((c) => c.labels[LABELS.oneoff] !== "True")
      .sort((a, b) => number(a.labels) - number(b.labels))
      .map((c) => ({ id: c.id, name: c.name }));
  }

  /** Waits until every container of `service` meets the condition; fails on the first that cannot. */
  async waitForService(service: string, condition: ReadinessCondition, options: ServiceWaitOptions = {}): Promise<ReadinessObservation[]> {
    const containers = await this.serviceContainers(service);
    if (containers.length === 0) throw new ReadinessError("E_NO_CONTAINER", service, `service "${service}" has no container`);
    options.onWaiting?.(containers);
    const controller = new AbortController();
    const forward = () => controller.abort();
    options.signal?.addEventListener("abort", forward, { once: true });
    if (options.signal?.aborted) controller.abort();
    try {
      const { timeoutMs, onMet } = options;
      const waits = containers.map(async (c) => {
        const o = await this.waitFor(c.id, condition, { ...(timeoutMs !== undefined ? { timeoutMs } : {}), signal: controller.signal });
        onMet?.(o);
        return o;
      });
      return await Promise.all(waits.map((p) => p.catch((error: unknown) => (controller.abort(), Promise.reject(error)))));
    } finally {
      options.signal?.removeEventListener("abort", forward);
      controller.abort();
    }
  }

  /**
   * Resolves once the container (name or id) meets `condition`, with the time it did; rejects
   * with a ReadinessError (its last log lines attached) when it cannot any more or the timeout
   * passes, with an InterruptedError on abort.
   */
  waitFor(container: string, condition: ReadinessCondition, options: WaitOptions = {}): Promise<ReadinessObservation> {
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const onAbort = () => w.reject(new InterruptedError(`stopped waiting for container ${w.name}`));
      const done = () => {
        w.settled = true;
        w.unwatch?.();
        clearTimeout(timer);
        options.signal?.removeEventListener("abort", onAbort);
        this.waiters.delete(w);
      };
      const w: Waiter = {
        ref: container,
        condition,
        name: container,
        startedAtMs: 0,
        hasHealthcheck: false,
        buffer: [],
        chain: Promise.resolve(),
        settled: false,
        resolve: (o) => void (w.settled || (done(), resolve(o))),
        reject: (e) => void (w.settled || (done(), reject(e))),
      };
      if (options.signal?.aborted) return onAbort();
      options.signal?.addEventListener("abort", onAbort, { once: true });
      if (options.timeoutMs !== undefined) timer = setTimeout(() => void this.timedOut(w, options.timeoutMs ?? 0), options.timeoutMs);
      this.waiters.add(w);
      // The state first: a condition that already holds needs no subscription (the common case of
      // a converged project). Otherwise the subscription starts now; it replays from before the
      // inspect, so a change in between is not missed.
      const askedAt = Date.now();
      w.chain = this.check(w).then(async () => {
        const buffered = w.buffer ?? [];
        w.buffer = undefined;
        for (const e of buffered) await this.onEvent(w, e);
        if (!w.settled) this.start(askedAt);
      });
      w.chain = w.chain.catch((error: unknown) => w.reject(error));
    });
  }

  private resubscribed(): void {
    // Events may have been lost while the stream was down: the state decides every pending wait.
    for (const w of this.waiters) if (!w.buffer) w.chain = w.chain.then(() => this.check(w)).catch((error: unknown) => w.reject(error));
  }

  private lost(error: unknown): void {
    for (const w of this.waiters) {
      if (isRuntimeError(error, "unreachable")) w.reject(error);
      else {
        const why = error instanceof Error ? `: ${error.message}` : "";
        w.reject(new ReadinessError("E_EVENTS_LOST", w.name, `lost the engine's event stream while waiting for container ${w.name}${why}`, { cause: error }));
      }
    }
  }

  private dispatch(e: RuntimeEvent): void {
    for (const w of this.waiters) {
      if (!matches(w, e)) continue;
      if (w.buffer) w.buffer.push(e);
      else w.chain = w.chain.then(() => this.onEvent(w, e)).catch((error: unknown) => w.reject(error));
    }
  }

  private async onEvent(w: Waiter, e: RuntimeEvent): Promise<void> {
    if (w.settled) return;
    const at = e.timeNano / 1e6;
    const fresh = at >= w.startedAtMs - FRESH_SLACK_MS;
    switch (e.action) {
      case "start":
        if (!fresh) return;
        w.startedAtMs = Math.max(w.startedAtMs, at);
        if (w.condition === "running" || (w.condition === "running_or_healthy" && !w.hasHealthcheck)) this.met(w, at, "event");
        return;
      case "health_status":
        if (e.status === "healthy" && fresh && (w.condition === "healthy" || w.condition === "running_or_healthy")) this.met(w, at, "event");
        else if (e.status === "unhealthy") await this.check(w, e);
        return;
      case "kill":
        if (fresh) w.killSignal = e.attributes.signal ?? "?";
        return;
      case "die":
        // A restart policy may bring it back at once: the state decides, not the event alone.
        return this.check(w, e);
      case "destroy":
        return this.fail(w, { kind: "failed", code: "E_CONTAINER_REMOVED", message: `container ${w.name} was removed` });
    }
  }

  /** Inspects the container and settles the wait when its state decides it. */
  private async check(w: Waiter, event?: RuntimeEvent): Promise<void> {
    if (w.settled) return;
    let details: ContainerDetails;
    try {
      details = await this.runtime.inspectContainer(w.id ?? w.ref);
    } catch (error) {
      if (!isRuntimeError(error, "not-found")) throw error;
      if (event?.action === "die" && w.condition === "completed_successfully" && event.attributes.exitCode === "0") {
        return this.met(w, event.timeNano / 1e6, "event", 0);
      }
      return this.fail(w, { kind: "failed", code: w.id ? "E_CONTAINER_REMOVED" : "E_NO_SUCH_CONTAINER", message: w.id ? `container ${w.name} was removed` : `no such container: ${w.ref}` });
    }
    w.id = details.id;
    w.name = details.name;
    w.hasHealthcheck = details.config.hasHealthcheck;
    if (details.state.startedAt) w.startedAtMs = Math.max(w.startedAtMs, Date.parse(details.state.startedAt) || 0);
    const verdict = evaluateState(w.condition, details);
    if (verdict.kind === "met") this.met(w, event ? event.timeNano / 1e6 : verdict.at, event ? "event" : "inspect", verdict.exitCode);
    else if (verdict.kind === "failed") await this.fail(w, stoppedVerdict(w, verdict, details.state.exitCode));
    else if (awaitsHealth(w) && details.state.status === "running" && !w.unwatch) w.unwatch = this.health.watch(details, (r) => this.onHealth(w, r));
  }

  /** A check the health runner ran: the engine's state decides, or (exec) the runner's own verdict. */
  private onHealth(w: Waiter, r: HealthResult): void {
    if (w.settled) return;
    if (r.via === "engine") {
      w.chain = w.chain.then(() => this.check(w)).catch((error: unknown) => w.reject(error));
    } else if (r.status === "healthy") {
      this.met(w, Date.now(), "inspect");
    } else if (r.status === "unhealthy") {
      const output = (r.output ?? "").trim();
      const last = ` (last check: exit ${r.exitCode ?? -1}${output ? `, "${output.split("\n")[0]?.slice(0, 200)}"` : ""})`;
      void this.fail(w, {
        kind: "failed",
        code: "E_CONTAINER_UNHEALTHY",
        message: `container ${w.name} is unhealthy${last}`,
        hint: "Its healthcheck keeps failing: check its logs and its healthcheck command.",
        healthOutput: output,
      });
    }
  }

  private met(w: Waiter, at: number, via: "event" | "inspect", exitCode?: number): void {
    w.resolve({
      container: w.name,
      id: w.id ?? w.ref,
      condition: w.condition,
      observedAt: at,
      receivedAt: Date.now(),
      via,
      ...(exitCode !== undefined ? { exitCode } : {}),
    });
  }

  private async fail(w: Waiter, v: Extract<Verdict, { kind: "failed" }>): Promise<void> {
    if (w.settled) return;
    const logs = await this.tail(w.id ?? w.ref);
    w.reject(
      new ReadinessError(v.code, w.name, v.message, {
        ...(v.hint !== undefined ? { hint: v.hint } : {}),
        ...(v.healthOutput !== undefined ? { healthOutput: v.healthOutput } : {}),
        logs,
      }),
    );
  }

  private async timedOut(w: Waiter, timeoutMs: number): Promise<void> {
    const goal = { running: "become running", healthy: "become healthy", completed_successfully: "complete", running_or_healthy: "become running or healthy" }[w.condition];
    const seconds = Math.round(timeoutMs / 100) / 10;
    // A healthcheck still failing when time runs out says more than the timeout itself (CI logs).
    const health = w.condition === "healthy" || w.condition === "running_or_healthy" ? await this.failingCheck(w) : undefined;
    await this.fail(w, {
      kind: "failed",
      code: "E_WAIT_TIMEOUT",
      message: `container ${w.name} did not ${goal} within ${seconds}s${health?.last ?? ""}`,
      hint: "Check its logs; if it is only slow, allow it more time (e.g. `--wait-timeout`).",
      ...(health ? { healthOutput: health.output } : {}),
    });
  }

  /** The last health probe of the waited container when it failed; undefined when none did or it cannot be read. */
  private async failingCheck(w: Waiter): Promise<{ last: string; output: string } | undefined> {
    try {
      const d = await this.runtime.inspectContainer(w.id ?? w.ref);
      const log = d.state.lastHealthLog;
      if (!log || log.exitCode === 0) return undefined;
      return { last: lastCheck(d), output: log.output.trim() };
    } catch {
      return undefined;
    }
  }

  /** The container's last log lines; empty when they cannot be read quickly. */
  private async tail(ref: string): Promise<string[]> {
    const lines: string[] = [];
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 2000);
    try {
      for await (const line of this.runtime.logs(ref, { tail: this.logLines, signal: controller.signal })) lines.push(line.text);
    } catch {
      // Logs are a courtesy in an error report; failing to read them must not hide the error.
    } finally {
      clearTimeout(timer);
    }
    return lines.slice(-this.logLines);
  }
}

const HEX_ID = /^[0-9a-f]{12,64}$/;

/**
 * An exit after a `kill` event was not the container's own doing: say it was stopped, so an
 * engine restart or a `docker stop` during `up` does not read like a crash of the service.
 */
function stoppedVerdict(w: Waiter, verdict: Extract<Verdict, { kind: "failed" }>, exitCode: number): Extract<Verdict, { kind: "failed" }> {
  if (verdict.code !== "E_CONTAINER_EXITED" || w.killSignal === undefined) return verdict;
  return {
    kind: "failed",
    code: "E_CONTAINER_STOPPED",
    message: `container ${w.name} was stopped by signal ${w.killSignal} (exit ${exitCode}) while being waited for`,
    hint: "Something outside this run stopped it (docker stop or kill, or an engine restart); run up again to start it.",
  };
}

/** Whether the wait is decided by the container's healthcheck (once it has one). */
function awaitsHealth(w: Waiter): boolean {
  return w.hasHealthcheck && (w.condition === "healthy" || w.condition === "running_or_healthy");
}

function matches(w: Waiter, e: RuntimeEvent): boolean {
  if (e.type !== "container") return false;
  if (w.id) return e.id === w.id;
  return e.id === w.ref || e.attributes.name === w.ref || (HEX_ID.test(w.ref) && e.id.startsWith(w.ref));
}
