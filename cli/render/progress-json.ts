import type { EngineEvent } from "../../engine/engine-events.js";
import { resourceLabel, rowState } from "./progress-format.js";
import type { ProgressSink, ProgressStream } from "./progress-types.js";

/**
 * One `--progress json` line. The shape is stable: keys are only ever added, never renamed or
 * removed, and they come in this order; optional keys are left out rather than set to null.
 *
 * A resource event:
 * - `time` ISO 8601 UTC with milliseconds; `type` `"resource"`;
 * - `id` Compose's row id (`"Container proj-web-1"`), `kind` (`network|volume|container|image|service`),
 *   `name` the engine name, `service` when the resource belongs to one;
 * - `status` Compose's state word (`Working|Done|Warning|Error`), `text` the step (`Creating`,
 *   `Started`, `Healthy`…), `details` extra text when there is some;
 * - `done` true once the resource reached its final state for this command.
 *
 * A message: `time`, `type` `"message"`, `level` (`info|warning|error`), `message`, and
 * `error: true` on errors (the flag Docker Compose puts on its JSON errors).
 */
export type JsonProgressRecord =
  | {
      time: string;
      type: "resource";
      id: string;
      kind: string;
      name: string;
      service?: string;
      status: "Working" | "Done" | "Warning" | "Error";
      text: string;
      details?: string;
      done: boolean;
    }
  | { time: string; type: "message"; level: "info" | "warning" | "error"; message: string; error?: true };

const STATUS_WORDS = { working: "Working", done: "Done", warning: "Warning", error: "Error" } as const;

/** Maps an engine event to its documented JSON record. */
export function jsonRecord(event: EngineEvent): JsonProgressRecord {
  const time = new Date(event.time).toISOString();
  if (event.type === "message") {
    const base = { time, type: "message" as const, level: event.level, message: event.text };
    return event.level === "error" ? { ...base, error: true } : base;
  }
  return {
    time,
    type: "resource",
    id: resourceLabel(event),
    kind: event.kind,
    name: event.name,
    ...(event.service !== undefined ? { service: event.service } : {}),
    status: STATUS_WORDS[rowState(event)],
    text: event.status,
    ...(event.detail !== undefined && event.detail !== "" ? { details: event.detail } : {}),
    done: event.done,
  };
}

/** NDJSON progress (`--progress json`): one `JsonProgressRecord` per line, per event. */
export class JsonProgress implements ProgressSink {
  private closed = false;

  constructor(private readonly out: ProgressStream) {}

  emit(event: EngineEvent): void {
    if (!this.closed) this.out.write(`${JSON.stringify(jsonRecord(event))}\n`);
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}
