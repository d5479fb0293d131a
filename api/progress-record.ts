import { resourceLabel, resourceState, type EngineEvent, type ResourceKind } from "../engine/runtime/engine-events.js";

/**
 * One `--progress json` line, the documented shape of a progress event outside the process. Keys
 * are only ever added, never renamed or removed, and come in this order; optional keys are left
 * out rather than set to null. See the README, "Progress output (--progress json)".
 */
export type ProgressRecord =
  | {
      /** ISO 8601 UTC with milliseconds. */
      time: string;
      type: "resource";
      /** Docker Compose's row id: `Container proj-web-1`. */
      id: string;
      kind: ResourceKind;
      /** Engine name or image reference. */
      name: string;
      service?: string;
      /** Docker Compose's state word. */
      status: "Working" | "Done" | "Warning" | "Error";
      /** The step: `Creating`, `Started`, `Healthy`… */
      text: string;
      details?: string;
      done: boolean;
    }
  | { time: string; type: "message"; level: "info" | "warning" | "error"; message: string; error?: true };

const STATUS_WORDS = { working: "Working", done: "Done", warning: "Warning", error: "Error" } as const;

/**
 * Maps a typed progress event (what `StackOptions.progress` receives) to its `--progress json`
 * record: a failure is `Error` whether final or not, `Warning` stays a warning, else `Done` once
 * final and `Working` before.
 */
export function progressRecord(event: EngineEvent): ProgressRecord {
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
    status: STATUS_WORDS[resourceState(event)],
    text: event.status,
    ...(event.detail !== undefined && event.detail !== "" ? { details: event.detail } : {}),
    done: event.done,
  };
}
