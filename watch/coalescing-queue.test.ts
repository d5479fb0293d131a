import { describe, expect, it } from "vitest";
import { CoalescingQueue } from "./coalescing-queue.js";

describe("CoalescingQueue", () => {
  it("runs one job at a time and merges what arrives meanwhile into one more run", async () => {
    const runs: number[][] = [];
    let release: () => void = () => undefined;
    const q = new CoalescingQueue<number[]>(
      async (job) => {
        runs.push(job);
        if (runs.length === 1) await new Promise<void>((r) => (release = r));
      },
      (a, b) => [...a, ...b],
    );
    q.push([1]);
    await Promise.resolve();
    q.push([2]);
    q.push([3]);
    q.push([4]);
    expect(q.busy).toBe(true);
    release();
    await q.idle();
    expect(runs).toEqual([[1], [2, 3, 4]]);
    expect(q.busy).toBe(false);
  });

  it("keeps going after a failing job and reports it", async () => {
    const errors: unknown[] = [];
    const done: string[] = [];
    const q = new CoalescingQueue<string>(
      async (job) => {
        if (job === "bad") throw new Error("boom");
        done.push(job);
      },
      (_a, b) => b,
      (e) => errors.push(e),
    );
    q.push("bad");
    await q.idle();
    q.push("good");
    await q.idle();
    expect(done).toEqual(["good"]);
    expect(errors).toHaveLength(1);
  });
});
