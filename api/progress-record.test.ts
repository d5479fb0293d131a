import { describe, expect, it } from "vitest";
import { progressRecord } from "./progress-record.js";

const time = Date.UTC(2026, 10, 23, 15, 0, 1, 123);

describe("progressRecord", () => {
  it("maps a resource event to the documented --progress json record, keys in order", () => {
    const record = progressRecord({ type: "resource", kind: "container", name: "p-web-1", service: "web", status: "Started", done: true, ok: true, time });
    expect(JSON.stringify(record)).toBe(
      '{"time":"2026-11-23T15:00:01.123Z","type":"resource","id":"Container p-web-1","kind":"container","name":"p-web-1","service":"web","status":"Done","text":"Started","done":true}',
    );
  });

  it("marks failures as Error even when not final, and keeps details", () => {
    const record = progressRecord({ type: "resource", kind: "service", name: "db", status: "Waiting", detail: "unhealthy", done: false, ok: false, time });
    expect(record).toMatchObject({ status: "Error", details: "unhealthy", done: false });
    expect(progressRecord({ type: "resource", kind: "network", name: "p_default", status: "Creating", done: false, time })).toMatchObject({ status: "Working", id: "Network p_default" });
  });

  it("flags error messages with error: true only", () => {
    expect(progressRecord({ type: "message", level: "error", text: "boom", time })).toEqual({ time: "2026-11-23T15:00:01.123Z", type: "message", level: "error", message: "boom", error: true });
    expect(progressRecord({ type: "message", level: "warning", text: "hm", time })).not.toHaveProperty("error");
  });
});
