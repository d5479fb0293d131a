import { describe, expect, it } from "vitest";
import { COMPOSE_MARKS, ProgressRows, renderRow, type RowLayout } from "./progress-rows.js";
import { FakeStream, T0, message, resource } from "./progress-test-kit.js";
import { TtyProgress, type TtyProgressOptions } from "./progress-tty.js";
import { NO_STYLES, type ProgressStyles } from "./progress-types.js";

const CSI = "\u001b[";
const HIDE = `${CSI}?25l`;
const SHOW = `${CSI}?25h`;
const EL = `${CSI}K`;

/** Styles that mark text visibly, to see which part got which style. */
const TAGGED: ProgressStyles = {
  success: (s) => `<ok>${s}</ok>`,
  warning: (s) => `<warn>${s}</warn>`,
  error: (s) => `<err>${s}</err>`,
  timer: (s) => `<t>${s}</t>`,
  spinner: (s) => `<spin>${s}</spin>`,
};

function tty(out: FakeStream, now = T0, styles = NO_STYLES): TtyProgress {
  const opts: TtyProgressOptions = { styles, marks: COMPOSE_MARKS, spinner: { spin: () => undefined, fetch: () => "⠋" }, title: "Running", now: () => now, tickMs: 0 };
  return new TtyProgress(out, opts);
}

function layout(extra: Partial<RowLayout> = {}): RowLayout {
  return { labelWidth: 20, width: 50, now: T0 + 1500, styles: NO_STYLES, marks: COMPOSE_MARKS, frame: "⠋", ...extra };
}

/** `left`, spaces, `right`: a row of `width - 1` visible columns. */
const fill = (left: string, right: string, width = 50): string => `${left}${" ".repeat(width - 1 - left.length - right.length)}${right}`;

function rowOf(...events: Parameters<ProgressRows["update"]>[0][]) {
  const rows = new ProgressRows();
  for (const e of events) rows.update(e);
  const [row] = rows.all();
  if (row === undefined) throw new Error("no row");
  return row;
}

describe("renderRow", () => {
  it("aligns status after the longest label and flushes the timer right, one column spare", () => {
    const row = rowOf(resource("proj_default", "Created", { kind: "network", done: true, at: 100 }));
    const line = renderRow(row, layout());
    expect(line).toBe(fill(" ✔ Network proj_default  Created", "0.0s "));
    expect(line.length).toBe(49);
  });

  it("pads a shorter label to the longest one", () => {
    const row = rowOf(resource("proj-a-1", "Started", { done: true }));
    expect(renderRow(row, layout())).toBe(fill(" ✔ Container proj-a-1    Started", "0.0s "));
  });

  it("times a working row from its first event to now, and a final one to its last final event", () => {
    const working = rowOf(resource("proj-web-1", "Creating", { at: 0 }), resource("proj-web-1", "Starting", { at: 300 }));
    expect(renderRow(working, layout())).toBe(fill(" ⠋ Container proj-web-1  Starting", "1.5s "));
    const done = rowOf(resource("proj-web-1", "Starting"), resource("proj-web-1", "Started", { done: true, at: 1234 }));
    expect(renderRow(done, layout())).toMatch(/ 1\.2s $/);
  });

  it("marks errors and warnings and styles each part", () => {
    const failed = rowOf(resource("proj-web-1", "Error", { done: true, ok: false, detail: "boom", at: 200 }));
    expect(renderRow(failed, layout({ styles: TAGGED, width: 60 }))).toBe(
      " <err>✘</err> Container proj-web-1  <err>Error</err> boom" + " ".repeat(59 - 35 - 5) + "<t>0.0s </t>",
    );
    const warned = rowOf(resource("proj-web-1", "Warning", { done: true }));
    expect(renderRow(warned, layout({ styles: TAGGED }))).toContain(" <warn>!</warn> Container proj-web-1  <warn>Warning</warn>");
    const working = rowOf(resource("proj-web-1", "Waiting"));
    expect(renderRow(working, layout({ styles: TAGGED }))).toContain(" <spin>⠋</spin> Container proj-web-1  Waiting ");
  });

  it("cuts a long detail with … so the row never wraps", () => {
    const row = rowOf(resource("proj-web-1", "Error", { done: true, ok: false, detail: "x".repeat(100) }));
    const line = renderRow(row, layout());
    expect(line.length).toBe(49);
    expect(line).toBe(` ✘ Container proj-web-1  Error ${"x".repeat(11)}… 0.0s `);
  });

  it("cuts the whole line on a very narrow terminal", () => {
    const row = rowOf(resource("proj-web-1", "Started", { done: true }));
    const line = renderRow(row, layout({ width: 20 }));
    expect(line).toBe(" ✔ Container proj-…");
  });
});

describe("ProgressRows", () => {
  it("counts rows that are no longer working in the header", () => {
    const rows = new ProgressRows();
    rows.update(resource("a", "Started", { done: true }));
    rows.update(resource("b", "Starting"));
    expect(rows.header("Running")).toBe("[+] Running 1/2");
  });

  it("lets finished rows at the top give way when the list is taller than the terminal", () => {
    const rows = new ProgressRows();
    rows.update(resource("a", "Started", { done: true }));
    rows.update(resource("b", "Started", { done: true }));
    rows.update(resource("c", "Starting"));
    rows.update(resource("d", "Started", { done: true }));
    expect(rows.visible(2).map((r) => r.label)).toEqual(["Container c", "Container d"]);
    expect(rows.visible(10).length).toBe(4);
  });
});

describe("TtyProgress", () => {
  it("draws at once, then redraws in place by moving up over the old frame", () => {
    const out = new FakeStream(true, 40);
    const p = tty(out);
    p.emit(resource("proj-a-1", "Starting"));
    const row = " ⠋ Container proj-a-1  Starting   0.0s ";
    expect(out.text).toBe(`${HIDE}\r[+] Running 0/1${EL}\n${row}${EL}\n${SHOW}`);
    out.text = "";
    p.emit(resource("proj-b-1", "Starting"));
    p.frame();
    expect(out.text).toBe(
      `${HIDE}${CSI}2A\r[+] Running 0/2${EL}\n${row}${EL}\n ⠋ Container proj-b-1  Starting   0.0s ${EL}\n${SHOW}`,
    );
  });

  it("prints a message above the list, where it stays", () => {
    const out = new FakeStream(true, 40);
    const p = tty(out);
    p.emit(resource("proj-a-1", "Started", { done: true }));
    out.text = "";
    p.emit(message("warning", "found orphan containers"));
    expect(out.text).toBe(
      `${HIDE}${CSI}2A\r${CSI}JWARN found orphan containers${EL}\n[+] Running 1/1${EL}\n ✔ Container proj-a-1  Started    0.0s ${EL}\n${SHOW}`,
    );
  });

  it("prints a message without a list yet as a plain line", () => {
    const out = new FakeStream(true, 40);
    const p = tty(out);
    p.emit(message("error", "boom"));
    expect(out.text).toBe(`${HIDE}\r${CSI}JERROR boom${EL}\n${SHOW}`);
  });

  it("keeps the live region within the terminal's height and prints every row on close", async () => {
    const out = new FakeStream(true, 40, 4);
    const p = tty(out);
    for (const n of ["a", "b", "c", "d"]) p.emit(resource(`proj-${n}-1`, "Started", { done: true }));
    out.text = "";
    p.frame();
    expect(out.text.match(/\n/g)?.length).toBe(3);
    expect(out.text).not.toContain("proj-a-1");
    out.text = "";
    await p.close();
    expect(out.text.startsWith(`${HIDE}${CSI}3A\r`)).toBe(true);
    expect(out.text.match(/\n/g)?.length).toBe(5);
    expect(out.text).toContain("proj-a-1");
  });

  it("erases leftovers below when a frame gets shorter", async () => {
    const out = new FakeStream(true, 40, 4);
    const p = tty(out);
    for (const n of ["a", "b", "c"]) p.emit(resource(`proj-${n}-1`, "Starting"));
    p.frame();
    out.text = "";
    // A shorter terminal (resize) gives a shorter frame.
    Object.defineProperty(out, "rows", { value: 3 });
    p.frame();
    expect(out.text.endsWith(`${EL}\n${CSI}J${SHOW}`)).toBe(true);
    await p.close();
  });

  it("writes nothing after close and nothing at all without events", async () => {
    const out = new FakeStream(true, 40);
    const p = tty(out);
    await p.close();
    p.emit(resource("proj-a-1", "Started", { done: true }));
    p.frame();
    expect(out.text).toBe("");
  });
});

describe("TtyProgress on a terminal without a size", () => {
  it("falls back to 80 columns and no height limit when the size reads 0", async () => {
    const out = new FakeStream(true, 0, 0);
    const p = tty(out);
    p.emit(resource("proj-a-1", "Started", { done: true }));
    await p.close();
    expect(out.text).toContain(fill(" ✔ Container proj-a-1  Started", "0.0s ", 80));
  });
});

describe("TtyProgress build sections", () => {
  const buildLine = (service: string, line: string, at = 0) => ({ ...message("info", `${service}  | ${line}`, at), build: { service, line } });
  const image = (status: string, extra: Parameters<typeof resource>[2] = {}) => resource("proj-web", status, { kind: "image", service: "web", ...extra });

  it("shows a building image's latest output lines under its row, and only the last few", () => {
    const out = new FakeStream(true, 60);
    const p = tty(out);
    p.emit(image("Building"));
    for (let n = 1; n <= 7; n++) p.emit(buildLine("web", `Step ${n}/7 : RUN echo ${n}`));
    out.text = "";
    p.frame();
    const frame = out.text.split(EL).map((l) => l.replace(/^\n/, ""));
    const section = frame.filter((l) => l.startsWith("    => "));
    expect(section).toEqual(["Step 3/7", "Step 4/7", "Step 5/7", "Step 6/7", "Step 7/7"].map((s, i) => `    => ${s} : RUN echo ${i + 3}`));
    // The section follows the image row, not some other row.
    expect(frame.findIndex((l) => l.includes("Image proj-web"))).toBe(frame.findIndex((l) => l.startsWith("    => ")) - 1);
  });

  it("collapses the section once the build is done, and never prints it in the final list", async () => {
    const out = new FakeStream(true, 60);
    const p = tty(out);
    p.emit(image("Building"));
    p.emit(buildLine("web", "Step 1/2 : FROM base"));
    p.emit(image("Built", { done: true }));
    out.text = "";
    p.frame();
    expect(out.text).not.toContain("=> Step");
    out.text = "";
    await p.close();
    expect(out.text).toContain("Image proj-web");
    expect(out.text).not.toContain("=> Step");
  });

  it("keeps sections within the terminal's height", () => {
    const out = new FakeStream(true, 60, 5);
    const p = tty(out);
    p.emit(image("Building"));
    p.emit(resource("proj-db-1", "Creating"));
    for (let n = 1; n <= 5; n++) p.emit(buildLine("web", `line ${n}`));
    out.text = "";
    p.frame();
    // 5 terminal rows: the header and at most 3 lines under it.
    expect(out.text.split("\n").length - 1).toBeLessThanOrEqual(4);
  });

  it("prints build output as plain lines when there is no row to hang it on", () => {
    const out = new FakeStream(true, 60);
    const p = tty(out);
    p.emit(buildLine("web", "Step 1/1 : FROM base"));
    expect(out.text).toContain("web  | Step 1/1 : FROM base");
  });
});
