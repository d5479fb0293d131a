import { describe, expect, it } from "vitest";
import { createLogPrinter, logTimestamp, type LogPrinterOptions } from "./logs.js";
import { logName } from "./logs-name.js";

const ESC = "\u001b";

function fake(): { text: string; write(chunk: string): boolean } {
  return {
    text: "",
    write(chunk: string) {
      this.text += chunk;
      return true;
    },
  };
}

const base: LogPrinterOptions = { color: false, prefix: true, timestamps: false, names: [] };

describe("createLogPrinter", () => {
  it("pads each prefix to the longest name printed so far plus one space, then ' | ' (Compose 2.40)", () => {
    const out = fake();
    const p = createLogPrinter(out, { ...base, names: ["web-1", "database-1"] });
    p.line("web-1", "web", "stdout", "hello\n");
    p.line("database-1", "database", "stdout", "ready\n");
    p.line("web-1", "web", "stdout", "again\n");
    expect(out.text).toBe("web-1  | hello\ndatabase-1  | ready\nweb-1       | again\n");
  });

  it("counts a container towards the width at its first complete line, not its first bytes", () => {
    const out = fake();
    const p = createLogPrinter(out, base);
    p.line("a-very-long-1", "a-very-long", "stdout", "partial");
    p.line("web-1", "web", "stdout", "hello\n");
    p.line("a-very-long-1", "a-very-long", "stdout", " done\n");
    p.line("web-1", "web", "stdout", "bye\n");
    expect(out.text).toBe("web-1  | hello\na-very-long-1  | partial done\nweb-1          | bye\n");
  });

  it("widens the column with a container's exit status line too", () => {
    const out = fake();
    const p = createLogPrinter(out, base);
    p.line("web-1", "web", "stdout", "hello\n");
    p.exited("migrate-1", 0);
    p.line("web-1", "web", "stdout", "bye\n");
    expect(out.text).toBe("web-1  | hello\nmigrate-1 exited with code 0\nweb-1      | bye\n");
  });

  it("prints one container as 'web-1  | hello'", () => {
    const out = fake();
    const p = createLogPrinter(out, { ...base, names: ["web-1"] });
    p.line("web-1", "web", "stdout", "hello\n");
    expect(out.text).toBe("web-1  | hello\n");
  });

  it("widens all prefixes when a longer, unannounced container appears", () => {
    const out = fake();
    const p = createLogPrinter(out, { ...base, names: ["a-1"] });
    p.line("a-1", "a", "stdout", "x\n");
    p.line("long-1", "long", "stdout", "y\n");
    p.line("a-1", "a", "stdout", "z\n");
    expect(out.text).toBe("a-1  | x\nlong-1  | y\na-1     | z\n");
  });

  it("buffers a partial line until its newline arrives", () => {
    const out = fake();
    const p = createLogPrinter(out, { ...base, names: ["web-1", "db-1"] });
    p.line("web-1", "web", "stdout", "hel");
    expect(out.text).toBe("");
    p.line("db-1", "db", "stdout", "one\ntw");
    p.line("web-1", "web", "stdout", "lo\nwor");
    p.line("db-1", "db", "stdout", "o\n");
    expect(out.text).toBe("db-1  | one\nweb-1  | hello\ndb-1   | two\n");
    p.close();
    expect(out.text).toBe("db-1  | one\nweb-1  | hello\ndb-1   | two\nweb-1  | wor\n");
  });

  it("keeps empty lines and drops the \\r of a TTY's \\r\\n", () => {
    const out = fake();
    const p = createLogPrinter(out, { ...base, names: ["web-1"] });
    p.line("web-1", "web", "stdout", "a\r\n\nb\n");
    expect(out.text).toBe("web-1  | a\nweb-1  | \nweb-1  | b\n");
  });

  it("prints bare lines with --no-log-prefix", () => {
    const out = fake();
    const p = createLogPrinter(out, { ...base, prefix: false, names: ["web-1"] });
    p.line("web-1", "web", "stdout", "hello\n");
    p.exited("web-1", 0);
    expect(out.text).toBe("hello\nweb-1 exited with code 0\n");
  });

  it("colors each container's prefix in Compose's palette order of first output, with a full reset", () => {
    const out = fake();
    const names = ["a-1", "b-1", "c-1", "d-1", "e-1", "f-1"];
    const p = createLogPrinter(out, { ...base, color: true, names: [...names].reverse() });
    for (const n of names) p.line(n, n, "stdout", "x\n");
    const codes = ["36", "33", "32", "35", "34", "36;1"];
    expect(out.text).toBe(names.map((n, i) => `${ESC}[${codes[i]}m${n}  | ${ESC}[0mx\n`).join(""));
  });

  it("prints no escape codes at all without color", () => {
    const out = fake();
    const p = createLogPrinter(out, { ...base, names: ["web-1"] });
    p.line("web-1", "web", "stdout", "hello\n");
    p.exited("web-1", 3);
    expect(out.text).not.toContain(ESC);
  });

  it("puts the line's time, fixed-width with nanoseconds, after the prefix", () => {
    const out = fake();
    const p = createLogPrinter(out, { ...base, timestamps: true, names: ["web-1"] });
    p.line("web-1", "web", "stdout", "hello\n", new Date("2026-11-23T15:00:01.123Z"));
    expect(out.text).toBe("web-1  | 2026-11-23T15:00:01.123000000Z hello\n");
  });

  it("stamps a line that came in pieces with the time of its first piece", () => {
    const out = fake();
    const p = createLogPrinter(out, { ...base, prefix: false, timestamps: true, names: [] });
    p.line("web-1", "web", "stdout", "he", new Date("2026-01-01T00:00:00.000Z"));
    p.line("web-1", "web", "stdout", "llo\nnext\n", new Date("2026-01-01T00:00:05.000Z"));
    expect(out.text).toBe("2026-01-01T00:00:00.000000000Z hello\n2026-01-01T00:00:05.000000000Z next\n");
  });

  it("uses the clock for lines without a time", () => {
    const out = fake();
    const p = createLogPrinter(out, { ...base, prefix: false, timestamps: true, names: [], now: () => new Date(0) });
    p.line("web-1", "web", "stdout", "x\n");
    expect(out.text).toBe("1970-01-01T00:00:00.000000000Z x\n");
  });

  it("prints 'exited with code' after the container's pending output, in its color", () => {
    const out = fake();
    const p = createLogPrinter(out, { ...base, color: true, names: ["db-1", "web-1"] });
    p.line("web-1", "web", "stdout", "bye");
    p.exited("web-1", 1);
    // web-1 prints first, so it takes the palette's first color although db-1 was named first.
    expect(out.text).toBe(`${ESC}[36mweb-1  | ${ESC}[0mbye\n${ESC}[36m\r${ESC}[Kweb-1 exited with code 1\n${ESC}[0m`);
  });

  it("sends stderr lines to the error stream and keeps the two streams' partial lines apart", () => {
    const out = fake();
    const err = fake();
    const p = createLogPrinter(out, { ...base, names: ["web-1"], err });
    p.line("web-1", "web", "stdout", "o");
    p.line("web-1", "web", "stderr", "e\n");
    p.line("web-1", "web", "stdout", "k\n");
    expect(out.text).toBe("web-1  | ok\n");
    expect(err.text).toBe("web-1  | e\n");
  });
});

describe("logTimestamp", () => {
  it("pads milliseconds to nine digits", () => {
    expect(logTimestamp(new Date("2026-11-23T15:00:01.005Z"))).toBe("2026-11-23T15:00:01.005000000Z");
  });
});

describe("logName", () => {
  it("drops the project from a default container name", () => {
    expect(logName("proj", "web", 1, "proj-web-1")).toBe("web-1");
    expect(logName("proj", "web", 2, "/proj-web-2")).toBe("web-2");
  });

  it("keeps a custom container_name whole", () => {
    expect(logName("proj", "web", 1, "my-web")).toBe("my-web");
  });
});
