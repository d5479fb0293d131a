import { InterruptedError, ReadinessError } from "../execute/execute-errors.js";
import { LABELS } from "../runtime/labels.js";
import { ExternalHealthRunner, type HealthResult, type HealthRunner } from "../health/health-runner.js";
import { EventFeed } from "./readiness-feed.js";
import { failingCheck, readinessError, stoppedVerdict, tailLogs, timeoutVerdict, unhealthyVerdict, type FailedVerdict } from "./readiness-failure.js";
import { evaluateState, type ReadinessCondition } from "./readiness-state.js";
import type { ReadinessObservation, ReadinessOptions, ServiceWaitOptions, WaitOptions } from "./readiness-types.js";
import { awaitsHealth, createWaiter, enqueue, matches, observation, readEvent, type Waiter } from "./readiness-waiter.js";
import type { ContainerDetails, Runtime, RuntimeEvent } from "../runtime/runtime.js";
import { isRuntimeError } from "../runtime/runtime-errors.js";

export { evaluateState, type ReadinessCondition, type Verdict } from "./readiness-state.js";

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
        clearTimeout(timer);
        options.signal?.removeEventListener("abort", onAbort);
        this.waiters.delete(w);
      };
      const w = createWaiter(container, condition, { done, resolve, reject });
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
    for (const w of this.waiters) if (!w.buffer) enqueue(w, () => this.check(w));
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
      else enqueue(w, () => this.onEvent(w, e));
    }
  }

  private async onEvent(w: Waiter, e: RuntimeEvent): Promise<void> {
    if (w.settled) return;
    const outcome = readEvent(w, e);
    if (outcome?.kind === "met") this.met(w, outcome.at, "event");
    else if (outcome?.kind === "check") await this.check(w, e);
    else if (outcome?.kind === "removed") await this.fail(w, { kind: "failed", code: "E_CONTAINER_REMOVED", message: `container ${w.name} was removed` });
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
    if (r.via === "engine") enqueue(w, () => this.check(w));
    else if (r.status === "healthy") this.met(w, Date.now(), "inspect");
    else if (r.status === "unhealthy") void this.fail(w, unhealthyVerdict(w.name, r));
  }

  private met(w: Waiter, at: number, via: "event" | "inspect", exitCode?: number): void {
    w.resolve(observation(w, at, via, exitCode));
  }

  private async fail(w: Waiter, v: FailedVerdict): Promise<void> {
    if (w.settled) return;
    const logs = await tailLogs(this.runtime, w.id ?? w.ref, this.logLines);
    w.reject(readinessError(w.name, v, logs));
  }

  private async timedOut(w: Waiter, timeoutMs: number): Promise<void> {
    // A healthcheck still failing when time runs out says more than the timeout itself (CI logs).
    const health = w.condition === "healthy" || w.condition === "running_or_healthy" ? await failingCheck(this.runtime, w.id ?? w.ref) : undefined;
    await this.fail(w, timeoutVerdict(w, timeoutMs, health));
  }
}
