import { describe, expect, it } from "vitest";
import { createWatchPrinter } from "./watch-output.js";

const at = new Date(2026, 10, 23, 17, 2, 3);
function printer(quiet = false) {
  const lines: string[] = [];
  const p = createWatchPrinter({ write: (c: string) => lines.push(c) }, { color: false, quiet, now: () => at, format: (e) => `${e.service}: ${e.message}` });
  return { p, lines };
}

describe("watch printer", () => {
  it("prints one time-stamped line per action", () => {
    const { p, lines } = printer();
    p.event({ service: "web", kind: "synced", message: "synced 3 files (4.1 kB) in 38 ms", files: 3 });
    p.note("watching ./site (project app, pid 42)");
    expect(lines).toEqual(["17:02:03 web: synced 3 files (4.1 kB) in 38 ms\n", "17:02:03 watching ./site (project app, pid 42)\n"]);
  });

  it("prints build output unless quiet, warnings and errors always, and drops progress rows and info", () => {
    for (const quiet of [false, true]) {
      const { p, lines } = printer(quiet);
      p.sink.emit({ type: "message", level: "info", text: "web  | Step 1/3 : FROM x", time: 0, build: { service: "web", line: "Step 1/3 : FROM x" } } as never);
      p.sink.emit({ type: "message", level: "info", text: "plain info", time: 0 });
      p.sink.emit({ type: "message", level: "warning", text: "careful", time: 0 });
      p.sink.emit({ type: "resource", kind: "container", id: "c", status: "Recreated", time: 0 } as never);
      const build = quiet ? [] : ["17:02:03 web  | Step 1/3 : FROM x\n"];
      expect(lines).toEqual([...build, "17:02:03 warning: careful\n"]);
    }
  });

  it("splits a multi-line message into stamped lines", () => {
    const { p, lines } = printer();
    p.event({ service: "api", kind: "error", message: "rebuild failed\nstep 2/3 (RUN make)\n" });
    expect(lines).toEqual(["17:02:03 api: rebuild failed\n", "17:02:03 step 2/3 (RUN make)\n"]);
  });
});
