import { describe, expect, it } from "vitest";
import { progressRecord } from "../api/index.js";
import { jsonRecord } from "../cli/render/progress-json.js";
import type { EngineEvent } from "../engine/engine-events.js";

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
  it("the API's progressRecord is exactly what --progress json prints", () => {
    for (const event of EVENTS) expect(JSON.stringify(progressRecord(event))).toBe(JSON.stringify(jsonRecord(event)));
  });
});
