import type { EventSink } from "../../engine/runtime/engine-events.js";

/** `--progress` values, as Docker Compose spells them. */
export type ProgressMode = "auto" | "tty" | "plain" | "json" | "quiet";

/** The output stream progress goes to (stderr, or a fake in tests). */
export interface ProgressStream {
  write(chunk: string): unknown;
  readonly isTTY?: boolean;
  /** Terminal width; rows are fitted to it (80 when unknown). */
  readonly columns?: number;
  /** Terminal height; the live task list never grows taller. */
  readonly rows?: number;
}

/** An event sink that draws progress; `close()` prints the final state and releases the terminal. */
export interface ProgressSink extends EventSink {
  /** Flushes everything emitted so far. Idempotent; events emitted afterwards are ignored. */
  close(): Promise<void>;
}

/** Text styles of the progress renderers (identity functions when colors are off). */
export interface ProgressStyles {
  readonly success: (s: string) => string;
  readonly warning: (s: string) => string;
  readonly error: (s: string) => string;
  readonly timer: (s: string) => string;
  readonly spinner: (s: string) => string;
}

/** Styles that leave text unchanged. */
export const NO_STYLES: ProgressStyles = {
  success: (s) => s,
  warning: (s) => s,
  error: (s) => s,
  timer: (s) => s,
  spinner: (s) => s,
};
