import { describe, expect, it } from "vitest";
import { createProgress, resolveProgressMode } from "./progress.js";
import { FakeStream, message, resource } from "./progress-test-kit.js";

const ESC = "\u001b";
/** Any SGR foreground color code (the cursor codes of the live list are not colors). */
const COLOR = new RegExp(`${ESC}\\[3\\dm`);
const env = {};

describe("resolveProgressMode", () => {
  it("picks tty on a terminal and plain in a pipe", () => {
    expect(resolveProgressMode("auto", new FakeStream(true), { ansi: "auto", env })).toBe("tty");
    expect(resolveProgressMode("auto", new FakeStream(false), { ansi: "auto", env })).toBe("plain");
  });

  it("picks plain on a terminal under CI, --ansi never or TERM=dumb", () => {
    const tty = new FakeStream(true);
    expect(resolveProgressMode("auto", tty, { ansi: "auto", env: { CI: "true" } })).toBe("plain");
    expect(resolveProgressMode("auto", tty, { ansi: "never", env })).toBe("plain");
    expect(resolveProgressMode("auto", tty, { ansi: "auto", env: { TERM: "dumb" } })).toBe("plain");
    expect(resolveProgressMode("auto", tty, { ansi: "auto", env: { CI: "false" } })).toBe("tty");
  });

  it("keeps an explicit mode", () => {
    expect(resolveProgressMode("json", new FakeStream(true), { ansi: "auto", env })).toBe("json");
    expect(resolveProgressMode("tty", new FakeStream(false), { ansi: "auto", env })).toBe("tty");
  });
});

describe("plain progress", () => {
  it("prints one timestamped line per event, WARN/ERROR for messages, no ANSI", async () => {
    const out = new FakeStream();
    const p = createProgress("plain", out, { ansi: "auto", env });
    p.emit(resource("proj_default", "Created", { kind: "network", done: true, at: 100 }));
    p.emit(resource("proj-web-1", "Started", { done: true, at: 1123 }));
    p.emit(resource("proj-db-1", "Error", { done: true, ok: false, detail: "exited with code 1", at: 2000 }));
    p.emit(message("warning", "orphan containers found", 2500));
    p.emit(message("error", "dependency failed to start", 3000));
    p.emit(message("info", "nothing to do", 3000));
    await p.close();
    expect(out.text).toBe(
      [
        "2026-11-23T15:00:00.100Z Network proj_default  Created",
        "2026-11-23T15:00:01.123Z Container proj-web-1  Started",
        "2026-11-23T15:00:02.000Z Container proj-db-1  Error exited with code 1",
        "2026-11-23T15:00:02.500Z WARN orphan containers found",
        "2026-11-23T15:00:03.000Z ERROR dependency failed to start",
        "2026-11-23T15:00:03.000Z nothing to do",
        "",
      ].join("\n"),
    );
  });

  it("is plain even on a terminal when colors are auto", async () => {
    const out = new FakeStream(true);
    const p = createProgress("plain", out, { ansi: "auto", env });
    p.emit(resource("proj-web-1", "Started", { done: true }));
    await p.close();
    expect(out.text).not.toContain(ESC);
  });

  it("colors statuses and tags under --ansi always", async () => {
    const out = new FakeStream();
    const p = createProgress("plain", out, { ansi: "always", env });
    p.emit(resource("proj-web-1", "Started", { done: true }));
    p.emit(resource("proj-db-1", "Error", { done: true, ok: false }));
    p.emit(message("warning", "w"));
    await p.close();
    expect(out.text).toContain(`Container proj-web-1  ${ESC}[32mStarted${ESC}[39m\n`);
    expect(out.text).toContain(`Container proj-db-1  ${ESC}[31m${ESC}[1mError${ESC}[22m${ESC}[39m\n`);
    expect(out.text).toContain(`${ESC}[33m${ESC}[1mWARN${ESC}[22m${ESC}[39m w\n`);
  });

  it("keeps NO_COLOR above --ansi always", async () => {
    const out = new FakeStream();
    const p = createProgress("plain", out, { ansi: "always", env: { NO_COLOR: "1" } });
    p.emit(resource("proj-web-1", "Started", { done: true }));
    await p.close();
    expect(out.text).toBe("2026-11-23T15:00:00.000Z Container proj-web-1  Started\n");
  });

  it("ignores events after close", async () => {
    const out = new FakeStream();
    const p = createProgress("plain", out, { ansi: "auto", env });
    await p.close();
    p.emit(resource("proj-web-1", "Started", { done: true }));
    expect(out.text).toBe("");
  });
});

describe("quiet progress", () => {
  it("prints only errors, without timestamps", async () => {
    const out = new FakeStream();
    const p = createProgress("quiet", out, { ansi: "auto", env });
    p.emit(resource("proj-web-1", "Started", { done: true }));
    p.emit(message("warning", "w"));
    p.emit(resource("proj-db-1", "Error", { done: true, ok: false, detail: "port is already allocated" }));
    p.emit(message("error", "boom"));
    await p.close();
    expect(out.text).toBe("ERROR Container proj-db-1  Error port is already allocated\nERROR boom\n");
  });
});

describe("json progress", () => {
  it("prints one documented record per line", async () => {
    const out = new FakeStream(true);
    const p = createProgress("json", out, { ansi: "always", env });
    p.emit(resource("proj-web-1", "Starting", { service: "web", at: 5 }));
    p.emit(resource("proj-web-1", "Started", { service: "web", done: true, detail: "", at: 1200 }));
    p.emit(resource("busybox", "Error", { kind: "image", done: true, ok: false, detail: "registry unreachable" }));
    p.emit(message("warning", "careful"));
    p.emit(message("error", "boom"));
    await p.close();
    const records = out.text.trimEnd().split("\n").map((l) => JSON.parse(l) as unknown);
    expect(records).toEqual([
      { time: "2026-11-23T15:00:00.005Z", type: "resource", id: "Container proj-web-1", kind: "container", name: "proj-web-1", service: "web", status: "Working", text: "Starting", done: false },
      { time: "2026-11-23T15:00:01.200Z", type: "resource", id: "Container proj-web-1", kind: "container", name: "proj-web-1", service: "web", status: "Done", text: "Started", done: true },
      { time: "2026-11-23T15:00:00.000Z", type: "resource", id: "Image busybox", kind: "image", name: "busybox", status: "Error", text: "Error", details: "registry unreachable", done: true },
      { time: "2026-11-23T15:00:00.000Z", type: "message", level: "warning", message: "careful" },
      { time: "2026-11-23T15:00:00.000Z", type: "message", level: "error", message: "boom", error: true },
    ]);
    expect(out.text).not.toContain(ESC);
    expect(out.text.split("\n")[0]).toBe(
      '{"time":"2026-11-23T15:00:00.005Z","type":"resource","id":"Container proj-web-1","kind":"container","name":"proj-web-1","service":"web","status":"Working","text":"Starting","done":false}',
    );
  });
});

describe("tty progress through the factory", () => {
  it("loads its renderer lazily, replays early events in order and leaves the final list", async () => {
    const out = new FakeStream(true, 60);
    const p = createProgress("tty", out, { ansi: "never", env });
    p.emit(resource("proj_default", "Created", { kind: "network", done: true, at: 0 }));
    p.emit(resource("proj-web-1", "Starting", { at: 0 }));
    p.emit(resource("proj-web-1", "Started", { done: true, at: 1200 }));
    await p.close();
    const final = out.text.slice(out.text.lastIndexOf("[+]"));
    expect(final).toContain("[+] Running 2/2");
    expect(final).toContain(" ✔ Network proj_default  Created");
    expect(final).toContain(" ✔ Container proj-web-1  Started");
    expect(final).toMatch(new RegExp(`Started +1\\.2s ${ESC}\\[K\n`));
    expect(final).not.toMatch(COLOR);
  });

  it("colors rows on a terminal unless NO_COLOR is set", async () => {
    const colored = new FakeStream(true, 60);
    const a = createProgress("tty", colored, { ansi: "auto", env });
    a.emit(resource("proj-web-1", "Started", { done: true }));
    await a.close();
    expect(colored.text).toContain(`${ESC}[32mStarted${ESC}[39m`);

    const plain = new FakeStream(true, 60);
    const b = createProgress("tty", plain, { ansi: "auto", env: { NO_COLOR: "1" } });
    b.emit(resource("proj-web-1", "Started", { done: true }));
    await b.close();
    expect(plain.text).not.toMatch(COLOR);
    expect(plain.text).toContain("Started");
  });
});
