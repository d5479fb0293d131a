import type { FileEvent, FileEventKind } from "./file-watcher.js";

/** Timers the debouncer uses; tests inject a manual clock. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The real clock. */
export const SYSTEM_CLOCK: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** Default quiet period: short, so a save reaches the container fast. */
export const DEFAULT_QUIET_MS = 50;
/** A constant stream of events still flushes this often. */
export const DEFAULT_MAX_WAIT_MS = 500;

/** Options of `Debouncer`. */
export interface DebounceOptions {
  readonly quietMs?: number;
  readonly maxWaitMs?: number;
  readonly clock?: Clock;
}

/**
 * A trailing debouncer of file events: a batch is flushed once no event came for `quietMs`, or
 * `maxWaitMs` after its first event, whichever is first. Events on one path merge into one,
 * whose kind says what is true at the end: add then unlink → unlink, unlink then add → change,
 * add then change → add. A batch lists each path once, in first-seen order.
 */
export class Debouncer {
  private pending = new Map<string, FileEventKind>();
  private quietTimer: unknown;
  private maxTimer: unknown;
  private readonly quietMs: number;
  private readonly maxWaitMs: number;
  private readonly clock: Clock;

  constructor(
    private readonly onBatch: (batch: FileEvent[]) => void,
    options: DebounceOptions = {},
  ) {
    this.quietMs = options.quietMs ?? DEFAULT_QUIET_MS;
    this.maxWaitMs = Math.max(options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS, this.quietMs);
    this.clock = options.clock ?? SYSTEM_CLOCK;
  }

  /** Adds an event to the current batch and restarts the quiet period. */
  push(e: FileEvent): void {
    const before = this.pending.get(e.path);
    this.pending.set(e.path, before === undefined ? e.kind : mergeKinds(before, e.kind));
    if (this.quietTimer !== undefined) this.clock.clearTimeout(this.quietTimer);
    this.quietTimer = this.clock.setTimeout(() => this.flush(), this.quietMs);
    this.maxTimer ??= this.clock.setTimeout(() => this.flush(), this.maxWaitMs);
  }

  /** Number of paths waiting in the current batch. */
  get size(): number {
    return this.pending.size;
  }

  /** Hands the current batch over now (nothing happens when it is empty). */
  flush(): void {
    this.clearTimers();
    if (this.pending.size === 0) return;
    const batch = [...this.pending].map(([path, kind]) => ({ path, kind }));
    this.pending = new Map();
    this.onBatch(batch);
  }

  /** Drops the current batch and stops the timers. */
  cancel(): void {
    this.clearTimers();
    this.pending = new Map();
  }

  private clearTimers(): void {
    if (this.quietTimer !== undefined) this.clock.clearTimeout(this.quietTimer);
    if (this.maxTimer !== undefined) this.clock.clearTimeout(this.maxTimer);
    this.quietTimer = undefined;
    this.maxTimer = undefined;
  }
}

/** The kind of two successive events on one path. */
export function mergeKinds(first: FileEventKind, next: FileEventKind): FileEventKind {
  if (first === "add" && next === "change") return "add";
  if (first === "addDir" && next === "change") return "addDir";
  if ((first === "unlink" || first === "unlinkDir") && (next === "add" || next === "change")) return "change";
  if (first === "unlinkDir" && next === "addDir") return "addDir";
  return next;
}
