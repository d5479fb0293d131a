import type { EventsOptions } from "../runtime/runtime.js";
import type { HealthStatus, RuntimeEvent } from "../runtime/runtime-types.js";

const toNano = (t: number | Date) => (t instanceof Date ? t.getTime() : t * 1000) * 1e6;

/** Whether an event passes the engine-style filters (values within a key are OR-ed, keys AND-ed). */
export function matchesFilters(e: RuntimeEvent, filters: EventsOptions["filters"] = {}): boolean {
  if (filters.type?.length && !filters.type.includes(e.type)) return false;
  if (filters.event?.length && !filters.event.includes(e.action)) return false;
  const byRef = (values: readonly string[] | undefined, type: string) =>
    !values?.length || (e.type === type && values.some((v) => e.id.startsWith(v) || e.attributes.name === v));
  if (!byRef(filters.container, "container") || !byRef(filters.network, "network") || !byRef(filters.volume, "volume")) return false;
  for (const [k, v] of Object.entries(filters.label ?? {})) {
    if (!(k in e.attributes) || (v !== true && e.attributes[k] !== v)) return false;
  }
  return true;
}

/**
 * The memory runtime's event log: every emitted event is kept (so `since` can replay it) and
 * pushed to live subscribers. Times strictly increase, so ordering by `timeNano` is total.
 */
export class EventBus {
  private readonly history: RuntimeEvent[] = [];
  private readonly listeners = new Set<(e: RuntimeEvent) => void>();
  private last = 0;

  /** Records and broadcasts an event. */
  emit(type: string, action: string, id: string, attributes: Record<string, string>, status?: HealthStatus): RuntimeEvent {
    this.last = Math.max(Date.now() * 1e6, this.last + 1000);
    const event: RuntimeEvent = { type, action, id, attributes, ...(status ? { status } : {}), timeNano: this.last };
    this.history.push(event);
    for (const l of this.listeners) l(event);
    return event;
  }

  /** Every event so far (oldest first). */
  all(): readonly RuntimeEvent[] {
    return this.history;
  }

  /** Past events from `since`, then live ones, filtered; ends on abort or at `until`. */
  async *stream(options: EventsOptions = {}): AsyncGenerator<RuntimeEvent> {
    const { signal } = options;
    if (signal?.aborted) return;
    const until = options.until === undefined ? Infinity : toNano(options.until);
    const queue: RuntimeEvent[] = options.since === undefined ? [] : this.history.filter((e) => e.timeNano >= toNano(options.since as number | Date));
    let wake: (() => void) | undefined;
    const listener = (e: RuntimeEvent) => {
      queue.push(e);
      wake?.();
    };
    // Set by the `until` timer: a timer that fires while no one waits (the consumer is busy with an
    // event) must still end the stream, not be lost.
    let expired = false;
    const onAbort = () => wake?.();
    const onUntil = () => {
      expired = true;
      wake?.();
    };
    this.listeners.add(listener);
    signal?.addEventListener("abort", onAbort);
    const timer = Number.isFinite(until) ? setTimeout(onUntil, Math.max(0, until / 1e6 - Date.now())) : undefined;
    try {
      for (;;) {
        while (queue.length > 0) {
          const e = queue.shift() as RuntimeEvent;
          if (e.timeNano > until) return;
          if (matchesFilters(e, options.filters)) yield e;
          if (signal?.aborted) return;
        }
        if (signal?.aborted || expired || Date.now() * 1e6 > until) return;
        await new Promise<void>((r) => (wake = r));
        wake = undefined;
      }
    } finally {
      this.listeners.delete(listener);
      signal?.removeEventListener("abort", onAbort);
      clearTimeout(timer);
    }
  }
}
