import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import type { TerminalSize, TerminalSizeSource } from "../runtime/runtime.js";
import { followTerminal } from "./terminal.js";

/** A terminal whose size the test sets. */
function fakeTerminal(size: TerminalSize | undefined): TerminalSizeSource & { resize(next: TerminalSize): void } {
  const bus = new EventEmitter();
  let now = size;
  return {
    current: () => now,
    onChange: (l) => {
      bus.on("change", l);
      return () => void bus.off("change", l);
    },
    resize(next) {
      now = next;
      bus.emit("change");
    },
  };
}

describe("followTerminal", () => {
  it("applies the size at once and after each change, until stopped", () => {
    const term = fakeTerminal({ rows: 24, columns: 80 });
    const applied: TerminalSize[] = [];
    const stop = followTerminal(term, async (s) => void applied.push(s));
    term.resize({ rows: 50, columns: 132 });
    stop();
    term.resize({ rows: 10, columns: 10 });
    expect(applied).toEqual([
      { rows: 24, columns: 80 },
      { rows: 50, columns: 132 },
    ]);
  });

  it("sends nothing for an unknown or empty size, and ignores a failed resize", async () => {
    const term = fakeTerminal(undefined);
    const applied: TerminalSize[] = [];
    const stop = followTerminal(term, async (s) => {
      applied.push(s);
      throw new Error("the session ended");
    });
    term.resize({ rows: 0, columns: 80 });
    term.resize({ rows: 40, columns: 100 });
    await new Promise((r) => setImmediate(r));
    stop();
    expect(applied).toEqual([{ rows: 40, columns: 100 }]);
  });
});
