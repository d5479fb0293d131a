import type { EventSink } from "../../../engine/runtime/engine-events.js";

/** `-q` of `pull` and `push`: the sink without progress rows; warnings and errors still reach it. */
export function withoutRows(sink: EventSink): EventSink {
  return { emit: (event) => (event.type === "resource" ? undefined : sink.emit(event)) };
}
