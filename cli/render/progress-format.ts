import type { ResourceEvent, ResourceKind } from "../../engine/engine-events.js";
import type { ProgressStyles } from "./progress-types.js";

/** A resource's row state, as Docker Compose's progress statuses: Working, Done, Warning, Error. */
export type RowState = "working" | "done" | "warning" | "error";

const KIND_WORDS: Record<ResourceKind, string> = {
  network: "Network",
  volume: "Volume",
  container: "Container",
  image: "Image",
  service: "Service",
};

/** `Container proj-web-1`: Compose's resource id, the kind's word then the engine name. */
export function resourceLabel(event: Pick<ResourceEvent, "kind" | "name">): string {
  return `${KIND_WORDS[event.kind]} ${event.name}`;
}

/** Which state an event puts its row in: a failure is an error whether or not it is final. */
export function rowState(event: ResourceEvent): RowState {
  if (event.ok === false || event.status === "Error") return "error";
  if (event.status === "Warning") return "warning";
  return event.done ? "done" : "working";
}

/** Colors a status word by its row state (working rows stay uncolored, as Compose). */
export function styleStatus(state: RowState, text: string, styles: ProgressStyles): string {
  if (state === "done") return styles.success(text);
  if (state === "warning") return styles.warning(text);
  if (state === "error") return styles.error(text);
  return text;
}

/** `1.2s`: elapsed milliseconds with one decimal, as Compose's row timers. */
export function formatElapsed(ms: number): string {
  return `${(Math.max(0, ms) / 1000).toFixed(1)}s`;
}

/** `WARN`/`ERROR` tags for messages; info messages carry none. */
export function messageTag(level: "info" | "warning" | "error", styles: ProgressStyles): string {
  if (level === "warning") return `${styles.warning("WARN")} `;
  if (level === "error") return `${styles.error("ERROR")} `;
  return "";
}
