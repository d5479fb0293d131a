import { isBuildOutput, type EngineEvent } from "../../engine/runtime/engine-events.js";
import { messageTag } from "./progress-format.js";
import { ProgressRows, renderRow, type ProgressRow, type RowMarks } from "./progress-rows.js";
import type { ProgressSink, ProgressStream, ProgressStyles } from "./progress-types.js";

/** A spinner: listr2's `Spinner` in the CLI, a fixed frame in tests. */
export interface SpinnerFrames {
  spin(): void;
  fetch(): string;
}

/** What the live task list needs besides its stream. */
export interface TtyProgressOptions {
  readonly styles: ProgressStyles;
  readonly marks: RowMarks;
  readonly spinner: SpinnerFrames;
  /** Header word: `[+] Running 2/3`. */
  readonly title: string;
  readonly now: () => number;
  /** Redraw period in ms (Compose: 100); 0 draws only on `frame()` and `close()`. */
  readonly tickMs: number;
}

const ESC = "\u001b[";
const HIDE_CURSOR = `${ESC}?25l`;
const SHOW_CURSOR = `${ESC}?25h`;
const ERASE_LINE_END = `${ESC}K`;
const ERASE_DOWN = `${ESC}J`;

/** Lines of build output shown under a building image's row (BuildKit's collapsing view shows a few). */
export const BUILD_SECTION_LINES = 5;

/**
 * The live task list on a terminal: `[+] Running 2/3` then one row per resource with a spinner
 * (✔/✘/! once final), its status and a timer, redrawn in place every tick.
 *
 * Drawn here rather than by listr2's task runner: a listr2 list runs the tasks it holds when
 * `run()` starts (later `add()`s are never run), while our rows appear as the engine discovers
 * resources; its root also traps SIGINT and exits 127, which would break `up`'s graceful first
 * Ctrl-C (exit 130); and its title/timer layout is not Compose's aligned columns. listr2 still
 * supplies the spinner and the unicode/ASCII choice of marks (see progress.ts).
 *
 * Invariant: the live region is never taller than the terminal (so the cursor can always reach
 * its top) and no row wraps; `close()` leaves the complete list on screen.
 */
export class TtyProgress implements ProgressSink {
  private readonly rows = new ProgressRows();
  /** The latest build output lines of each service, shown under its image row while it builds. */
  private readonly buildTails = new Map<string, string[]>();
  private drawn = 0;
  private ticker: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly out: ProgressStream,
    private readonly opts: TtyProgressOptions,
  ) {}

  emit(event: EngineEvent): void {
    if (this.closed) return;
    if (isBuildOutput(event)) {
      const tail = this.buildTails.get(event.build.service) ?? [];
      tail.push(event.build.line);
      if (tail.length > BUILD_SECTION_LINES) tail.shift();
      this.buildTails.set(event.build.service, tail);
      // The ticker redraws; without rows (nothing to hang the section on) print it as a line.
      if (this.rows.all().length === 0) this.printAbove(event.text);
      return;
    }
    if (event.type === "message") {
      this.printAbove(`${messageTag(event.level, this.opts.styles)}${event.text}`);
      return;
    }
    const first = this.rows.all().length === 0;
    this.rows.update(event);
    if (first) {
      this.frame();
      this.startTicker();
    }
  }

  /** Redraws the live region (the ticker calls this; tests call it directly). */
  frame(): void {
    if (this.closed) return;
    this.opts.spinner.spin();
    this.draw(this.lines(this.liveMax()), "");
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    if (this.ticker !== undefined) clearInterval(this.ticker);
    // The final list keeps no build sections: a finished build collapses to its row, as BuildKit's.
    if (this.rows.all().length > 0) this.draw(this.lines(Number.POSITIVE_INFINITY, false), "");
    return Promise.resolve();
  }

  private startTicker(): void {
    if (this.opts.tickMs <= 0) return;
    this.ticker = setInterval(() => this.frame(), this.opts.tickMs);
    // A forgotten close() must not keep the process alive.
    this.ticker.unref();
  }

  /** Rows that fit under the header with one line to spare (the cursor's). */
  private liveMax(): number {
    // A pseudo-terminal without a size reports 0 rows and columns: treat that as unknown.
    const rows = this.out.rows ?? 0;
    return rows > 0 ? Math.max(1, rows - 2) : Number.POSITIVE_INFINITY;
  }

  private lines(max: number, sections = true): string[] {
    const all = this.rows.all();
    const shown = this.rows.visible(max);
    let spare = max - shown.length;
    const layout = {
      labelWidth: Math.max(...all.map((r) => r.label.length)),
      width: (this.out.columns ?? 0) > 0 ? (this.out.columns ?? 80) : 80,
      now: this.opts.now(),
      styles: this.opts.styles,
      marks: this.opts.marks,
      frame: this.opts.spinner.fetch(),
    };
    const out = [this.rows.header(this.opts.title)];
    for (const row of shown) {
      out.push(renderRow(row, layout));
      if (!sections) continue;
      const section = this.buildSection(row, layout.width).slice(-Math.max(0, spare));
      spare -= section.length;
      out.push(...section);
    }
    return out;
  }

  /** A building image's latest output lines, indented under its row, cut to the width. */
  private buildSection(row: ProgressRow, width: number): string[] {
    if (row.kind !== "image" || row.state !== "working" || row.service === undefined) return [];
    const tail = this.buildTails.get(row.service) ?? [];
    return tail.map((line) => {
      const text = `    => ${line.replace(/\s+$/, "")}`;
      return this.opts.styles.timer(text.length < width ? text : `${text.slice(0, Math.max(0, width - 2))}…`);
    });
  }

  /** Prints a line that stays, above the live region, then redraws the region under it. */
  private printAbove(text: string): void {
    const lines = this.rows.all().length > 0 ? this.lines(this.liveMax()) : [];
    this.draw(lines, `${text}${ERASE_LINE_END}\n`);
  }

  /** Moves to the region's top, writes `before` then `lines`, erasing what the old frame left. */
  private draw(lines: readonly string[], before: string): void {
    const up = this.drawn > 0 ? `${ESC}${this.drawn}A` : "";
    const body = lines.map((l) => `${l}${ERASE_LINE_END}\n`).join("");
    const clear = before !== "" ? ERASE_DOWN : "";
    const tail = before === "" && lines.length < this.drawn ? ERASE_DOWN : "";
    this.out.write(`${HIDE_CURSOR}${up}\r${clear}${before}${body}${tail}${SHOW_CURSOR}`);
    this.drawn = lines.length;
  }
}
