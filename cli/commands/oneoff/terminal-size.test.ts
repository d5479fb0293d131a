import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { terminalSizeOf } from "./terminal-size.js";

describe("terminalSizeOf", () => {
  it("is undefined for a stream that is not a terminal", () => {
    expect(terminalSizeOf(new PassThrough())).toBeUndefined();
  });

  it("reads a terminal's rows and columns and follows its resize events", () => {
    const tty = Object.assign(new PassThrough(), { isTTY: true, rows: 24, columns: 80 });
    const source = terminalSizeOf(tty);
    expect(source?.current()).toEqual({ rows: 24, columns: 80 });
    let calls = 0;
    const stop = source?.onChange(() => calls++);
    tty.rows = 40;
    tty.emit("resize");
    expect(source?.current()).toEqual({ rows: 40, columns: 80 });
    stop?.();
    tty.emit("resize");
    expect(calls).toBe(1);
    expect(tty.listenerCount("resize")).toBe(0);
  });
});
