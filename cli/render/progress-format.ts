import type { ResourceState } from "../../engine/runtime/engine-events.js";
import type { ProgressStyles } from "./progress-types.js";

/** Colors a status word by its row state (working rows stay uncolored, as Compose). */
export function styleStatus(state: ResourceState, text: string, styles: ProgressStyles): string {
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
