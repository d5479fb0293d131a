import type { MessageEvent, ResourceEvent } from "../../engine/runtime/engine-events.js";

/** A fake output stream that keeps what is written (tests of the renderers). */
export class FakeStream {
  text = "";
  constructor(
    readonly isTTY = false,
    readonly columns?: number,
    readonly rows?: number,
  ) {}
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

/** 2026-11-23T15:00:00Z, the base time of test events. */
export const T0 = Date.parse("2026-11-23T15:00:00.000Z");

/** A resource event with test defaults (a container of project `proj`, `time` in ms after T0). */
export function resource(name: string, status: string, extra: Partial<ResourceEvent> & { at?: number } = {}): ResourceEvent {
  const { at = 0, ...rest } = extra;
  return { type: "resource", kind: "container", name, status, done: false, time: T0 + at, ...rest };
}

/** A message event `at` ms after T0. */
export function message(level: MessageEvent["level"], text: string, at = 0): MessageEvent {
  return { type: "message", level, text, time: T0 + at };
}
