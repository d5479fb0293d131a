import type { EngineEvent } from "../../engine/runtime/engine-events.js";
import { progressRecord } from "../../api/progress-record.js";
import type { ProgressSink, ProgressStream } from "./progress-types.js";

/**
 * NDJSON progress (`--progress json`): one line per event, the API's documented `ProgressRecord`
 * (api/progress-record.ts), so the CLI and `StackOptions.progress` share one shape.
 */
export class JsonProgress implements ProgressSink {
  private closed = false;

  constructor(private readonly out: ProgressStream) {}

  emit(event: EngineEvent): void {
    if (!this.closed) this.out.write(`${JSON.stringify(progressRecord(event))}\n`);
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}
