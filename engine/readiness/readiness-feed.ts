import { LABELS } from "../runtime/labels.js";
import type { Runtime, RuntimeEvent } from "../runtime/runtime.js";

/** What an EventFeed tells its owner. */
export interface EventFeedHandlers {
  /** Every container event of the project, in the engine's order. */
  readonly onEvent: (event: RuntimeEvent) => void;
  /** The stream broke and was opened again: events may have been missed, re-check the state. */
  readonly onResubscribed: () => void;
  /** The stream could not be reopened; the feed has stopped. */
  readonly onLost: (error: unknown) => void;
}

const MAX_RESUBSCRIBE = 5;

/**
 * ONE subscription to the engine's container events of a project. It replays from `replayMs`
 * before `start()` (so nothing is lost while the engine sets the stream up), and when the stream
 * breaks (engine restart, dropped connection) it reopens it from the last event seen, with a
 * short backoff, up to a few times.
 */
export class EventFeed {
  private controller: AbortController | undefined;

  constructor(
    private readonly runtime: Runtime,
    private readonly project: string,
    private readonly replayMs: number,
    private readonly handlers: EventFeedHandlers,
  ) {}

  /** True while subscribed (or reconnecting). */
  get active(): boolean {
    return this.controller !== undefined;
  }

  /** Subscribes (idempotent), replaying from `replayMs` before now, or before `fromMs` when earlier. */
  start(fromMs: number = Date.now()): void {
    if (this.controller) return;
    const controller = new AbortController();
    this.controller = controller;
    void this.consume(controller, Math.min(fromMs, Date.now()) - this.replayMs);
  }

  /** Ends the subscription. */
  stop(): void {
    this.controller?.abort();
    this.controller = undefined;
  }

  private async consume(controller: AbortController, since: number): Promise<void> {
    const { signal } = controller;
    const filters = { type: ["container"], label: { [LABELS.project]: this.project } };
    let attempt = 0;
    let lastError: unknown;
    while (!signal.aborted) {
      try {
        for await (const e of this.runtime.events({ since: new Date(since), filters, signal })) {
          attempt = 0;
          since = Math.max(since, e.timeNano / 1e6 - 1000);
          this.handlers.onEvent(e);
        }
      } catch (error) {
        lastError = error;
      }
      if (signal.aborted) return;
      if (++attempt > MAX_RESUBSCRIBE) {
        if (this.controller === controller) this.controller = undefined;
        return this.handlers.onLost(lastError);
      }
      await pause(100 * 2 ** attempt, signal);
      if (!signal.aborted) this.handlers.onResubscribed();
    }
  }
}

/** Sleeps `ms`, or less when `signal` aborts (so stopping does not keep the process alive). */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}
