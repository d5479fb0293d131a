import { describe, expect, it } from "vitest";
import { Debouncer, mergeKinds } from "./debounce.js";
import type { FileEvent } from "./file-watcher.js";
import { ManualClock } from "./manual-clock.js";

function setup(quietMs = 50, maxWaitMs = 500) {
  const clock = new ManualClock();
  const batches: FileEvent[][] = [];
  const d = new Debouncer((b) => batches.push(b), { quietMs, maxWaitMs, clock });
  return { clock, batches, d };
}

describe("Debouncer", () => {
  it("flushes one batch after the quiet period", () => {
    const { clock, batches, d } = setup();
    d.push({ kind: "change", path: "/a" });
    clock.advance(30);
    d.push({ kind: "add", path: "/b" });
    clock.advance(49);
    expect(batches).toEqual([]);
    clock.advance(1);
    expect(batches).toEqual([[{ kind: "change", path: "/a" }, { kind: "add", path: "/b" }]]);
  });

  it("a constant stream still flushes at the max wait", () => {
    const { clock, batches, d } = setup(50, 200);
    for (let t = 0; t < 300; t += 20) {
      d.push({ kind: "change", path: `/f${t}` });
      clock.advance(20);
    }
    expect(batches.length).toBe(1);
    expect(batches[0]!.length).toBe(10);
    clock.advance(100);
    expect(batches.length).toBe(2);
    expect(batches.flat().length).toBe(15);
  });

  it("merges events per path into the final state", () => {
    const { clock, batches, d } = setup();
    d.push({ kind: "add", path: "/new" });
    d.push({ kind: "change", path: "/new" });
    d.push({ kind: "add", path: "/gone" });
    d.push({ kind: "unlink", path: "/gone" });
    d.push({ kind: "unlink", path: "/back" });
    d.push({ kind: "add", path: "/back" });
    clock.advance(50);
    expect(batches).toEqual([
      [
        { kind: "add", path: "/new" },
        { kind: "unlink", path: "/gone" },
        { kind: "change", path: "/back" },
      ],
    ]);
  });

  it("cancel drops the pending batch; flush with nothing pending does nothing", () => {
    const { clock, batches, d } = setup();
    d.push({ kind: "add", path: "/x" });
    expect(d.size).toBe(1);
    d.cancel();
    clock.advance(1000);
    d.flush();
    expect(batches).toEqual([]);
  });

  it("mergeKinds covers directories", () => {
    expect(mergeKinds("unlinkDir", "addDir")).toBe("addDir");
    expect(mergeKinds("addDir", "unlinkDir")).toBe("unlinkDir");
    expect(mergeKinds("change", "unlink")).toBe("unlink");
  });
});
