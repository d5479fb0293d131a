import { resourceLabel, resourceState, type EngineEvent } from "../../engine/runtime/engine-events.js";
import { messageTag, styleStatus } from "./progress-format.js";
import type { ProgressSink, ProgressStream, ProgressStyles } from "./progress-types.js";

/** How the line renderer behaves: `plain` stamps every event, `quiet` prints errors only. */
export interface PlainProgressOptions {
  readonly styles: ProgressStyles;
  readonly timestamps: boolean;
  readonly errorsOnly: boolean;
}

/**
 * One line per event, for CI logs and pipes (`--progress plain`) and, errors only and unstamped,
 * for `--progress quiet`:
 * `2026-11-23T15:00:01.123Z Container proj-web-1  Started`, `… WARN text`, `… ERROR text`.
 * Invariant: one `write` per event, each a whole line; no cursor movement ever.
 */
export class PlainProgress implements ProgressSink {
  private closed = false;

  constructor(
    private readonly out: ProgressStream,
    private readonly opts: PlainProgressOptions,
  ) {}

  emit(event: EngineEvent): void {
    if (this.closed) return;
    const line = this.format(event);
    if (line !== undefined) this.out.write(`${line}\n`);
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }

  private format(event: EngineEvent): string | undefined {
    const { styles, timestamps, errorsOnly } = this.opts;
    const stamp = timestamps ? `${new Date(event.time).toISOString()} ` : "";
    if (event.type === "message") {
      if (errorsOnly && event.level !== "error") return undefined;
      return `${stamp}${messageTag(event.level, styles)}${event.text}`;
    }
    const state = resourceState(event);
    if (errorsOnly && state !== "error") return undefined;
    const tag = errorsOnly ? messageTag("error", styles) : "";
    const detail = event.detail !== undefined && event.detail !== "" ? ` ${event.detail}` : "";
    return `${stamp}${tag}${resourceLabel(event)}  ${styleStatus(state, event.status, styles)}${detail}`;
  }
}
