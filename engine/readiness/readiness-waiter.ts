import type { RuntimeEvent } from "../runtime/runtime.js";
import type { ReadinessCondition } from "./readiness-state.js";
import type { ReadinessObservation } from "./readiness-types.js";

/** One pending wait: the container it is for, what is known of its current run, and how it settles. */
export interface Waiter {
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

/** How a waiter settles: `done` runs once, before the first of `resolve` or `reject`; later calls are ignored. */
export interface WaiterSettlement {
  done(): void;
  resolve(o: ReadinessObservation): void;
  reject(e: unknown): void;
}

/** A new waiter for `ref`, buffering events until its first inspect answers. */
export function createWaiter(ref: string, condition: ReadinessCondition, settle: WaiterSettlement): Waiter {
  const finish = () => {
    w.settled = true;
    w.unwatch?.();
    settle.done();
  };
  const w: Waiter = {
    ref,
    condition,
    name: ref,
    startedAtMs: 0,
    hasHealthcheck: false,
    buffer: [],
    chain: Promise.resolve(),
    settled: false,
    resolve: (o) => void (w.settled || (finish(), settle.resolve(o))),
    reject: (e) => void (w.settled || (finish(), settle.reject(e))),
  };
  return w;
}

/** Runs `task` after the waiter's earlier tasks; a task that throws rejects the wait. */
export function enqueue(w: Waiter, task: () => Promise<void>): void {
  w.chain = w.chain.then(task).catch((error: unknown) => w.reject(error));
}

/** The observation of the waiter's condition met at `at` (ms since the epoch). */
export function observation(w: Waiter, at: number, via: "event" | "inspect", exitCode?: number): ReadinessObservation {
  return {
    container: w.name,
    id: w.id ?? w.ref,
    condition: w.condition,
    observedAt: at,
    receivedAt: Date.now(),
    via,
    ...(exitCode !== undefined ? { exitCode } : {}),
  };
}

/** Whether the wait is decided by the container's healthcheck (once it has one). */
export function awaitsHealth(w: Waiter): boolean {
  return w.hasHealthcheck && (w.condition === "healthy" || w.condition === "running_or_healthy");
}

const HEX_ID = /^[0-9a-f]{12,64}$/;

/** Whether the event is about the waited container: its id once known, else its name, id or id prefix. */
export function matches(w: Waiter, e: RuntimeEvent): boolean {
  if (e.type !== "container") return false;
  if (w.id) return e.id === w.id;
  return e.id === w.ref || e.attributes.name === w.ref || (HEX_ID.test(w.ref) && e.id.startsWith(w.ref));
}

// The engine stamps StartedAt a moment before the `start` event; the memory runtime may be a
// few ms off the other way. Events this much older than the run's start still count as its own.
const FRESH_SLACK_MS = 250;

/** What an event says of a wait: met (at the event's time), ask the state, the container is gone, or nothing. */
export type EventOutcome = { readonly kind: "met"; readonly at: number } | { readonly kind: "check" } | { readonly kind: "removed" } | undefined;

/**
 * Reads an event of the waited container, recording on the waiter what it says of the current
 * run (a later start time, a `kill` signal). Events of an earlier run do not meet the condition.
 */
export function readEvent(w: Waiter, e: RuntimeEvent): EventOutcome {
  const at = e.timeNano / 1e6;
  const fresh = at >= w.startedAtMs - FRESH_SLACK_MS;
  switch (e.action) {
    case "start":
      if (!fresh) return undefined;
      w.startedAtMs = Math.max(w.startedAtMs, at);
      return w.condition === "running" || (w.condition === "running_or_healthy" && !w.hasHealthcheck) ? { kind: "met", at } : undefined;
    case "health_status":
      if (e.status === "healthy" && fresh && (w.condition === "healthy" || w.condition === "running_or_healthy")) return { kind: "met", at };
      return e.status === "unhealthy" ? { kind: "check" } : undefined;
    case "kill":
      if (fresh) w.killSignal = e.attributes.signal ?? "?";
      return undefined;
    case "die":
      // A restart policy may bring it back at once: the state decides, not the event alone.
      return { kind: "check" };
    case "destroy":
      return { kind: "removed" };
    default:
      return undefined;
  }
}
