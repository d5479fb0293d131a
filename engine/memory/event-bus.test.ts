import { afterEach, describe, expect, it, vi } from "vitest";
import { EventBus } from "./event-bus.js";

describe("EventBus.stream", () => {
  afterEach(() => vi.useRealTimers());

  it("ends at `until` even when its timer fires while the consumer is busy with an event", async () => {
    // The clock stands still at `until`, so only the timer can end the stream; it fires while the
    // consumer is away (no one waits), which once left the stream waiting forever.
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-12-06T12:00:00Z"));
    const bus = new EventBus();
    bus.emit("container", "create", "c1", { name: "web-1" });
    const seen: string[] = [];
    const consume = (async () => {
      for await (const e of bus.stream({ since: 0, until: Date.now() / 1000 })) {
        seen.push(e.action);
        await new Promise((r) => setTimeout(r, 20));
      }
      return "ended";
    })();
    const outcome = await Promise.race([consume, new Promise((r) => setTimeout(() => r("still waiting"), 500))]);
    expect(outcome).toBe("ended");
    expect(seen).toEqual(["create"]);
  });
});
