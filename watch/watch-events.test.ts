import { describe, expect, it } from "vitest";
import { formatBytes, formatMs, formatWatchEvent, syncMessage } from "./watch-events.js";

describe("watch event text", () => {
  it("formats the log line of each action", () => {
    expect(formatWatchEvent({ service: "web", kind: "synced", message: syncMessage({ files: 3, bytes: 4100, deleted: 0, ms: 38 }) })).toBe("web: synced 3 files (4.1 kB) in 38 ms");
    expect(syncMessage({ files: 1, bytes: 12, deleted: 2, ms: 1500 })).toBe("synced 1 file (12 B), removed 2 paths in 1.5 s");
    expect(syncMessage({ files: 0, bytes: 0, deleted: 1, ms: 20 })).toBe("removed 1 path in 20 ms");
    expect(formatBytes(999)).toBe("999 B");
    expect(formatBytes(12_000_000)).toBe("12.0 MB");
    expect(formatMs(2345)).toBe("2.3 s");
  });
});
