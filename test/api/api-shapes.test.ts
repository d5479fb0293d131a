import { describe, expect, it } from "vitest";
import { progressRecord } from "../../api/index.js";
import { JsonProgress } from "../../cli/render/progress-json.js";
import type { EngineEvent } from "../../engine/runtime/engine-events.js";

const time = Date.UTC(2026, 10, 23, 15, 0, 1, 123);
const EVENTS: EngineEvent[] = [
  { type: "resource", kind: "network", name: "p_default", status: "Creating", done: false, time },
  { type: "resource", kind: "container", name: "p-web-1", service: "web", status: "Started", done: true, ok: true, time },
  { type: "resource", kind: "service", name: "db", service: "db", status: "Waiting", detail: "unhealthy", done: false, ok: false, time },
  { type: "resource", kind: "image", name: "busybox", status: "Warning", detail: "", done: true, time },
  { type: "resource", kind: "volume", name: "p_data", status: "Error", done: true, time },
  { type: "message", level: "info", text: "hello", time },
  { type: "message", level: "warning", text: "careful", time },
  { type: "message", level: "error", text: "boom", time },
];

describe("the progress shapes are one set", () => {
  it("the API's progressRecord is exactly what --progress json prints, one line per event", async () => {
    let text = "";
    const sink = new JsonProgress({ write: (chunk: string) => (text += chunk) });
    for (const event of EVENTS) sink.emit(event);
    await sink.close();
    expect(text.split("\n").slice(0, -1)).toEqual(EVENTS.map((e) => JSON.stringify(progressRecord(e))));
  });

  it("keeps the documented keys, in order", () => {
    expect(JSON.stringify(progressRecord(EVENTS[2]!))).toBe(
      '{"time":"2026-11-23T15:00:01.123Z","type":"resource","id":"Service db","kind":"service","name":"db","service":"db","status":"Error","text":"Waiting","details":"unhealthy","done":false}',
    );
    expect(progressRecord(EVENTS[7]!)).toEqual({ time: "2026-11-23T15:00:01.123Z", type: "message", level: "error", message: "boom", error: true });
  });
});
