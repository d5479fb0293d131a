import type { EngineEvent } from "../../engine/runtime/engine-events.js";
import type { ProgressSink } from "./progress-types.js";

/**
 * A sink that holds events while its real renderer loads (chalk and listr2 are imported lazily),
 * then replays them in order. Invariant: no event is dropped or reordered; if loading fails, the
 * `fallback` renderer gets them instead.
 */
export class DeferredSink implements ProgressSink {
  private inner: ProgressSink | undefined;
  private queue: EngineEvent[] = [];
  private closed = false;
  private readonly ready: Promise<void>;

  constructor(load: Promise<ProgressSink>, fallback: () => ProgressSink) {
    this.ready = load
      .catch(() => fallback())
      .then((sink) => {
        this.inner = sink;
        for (const event of this.queue) sink.emit(event);
        this.queue = [];
      });
  }

  emit(event: EngineEvent): void {
    if (this.closed) return;
    if (this.inner !== undefined) this.inner.emit(event);
    else this.queue.push(event);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.ready;
    await this.inner?.close();
  }
}
