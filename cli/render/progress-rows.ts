import { resourceLabel, resourceState, type ResourceEvent, type ResourceState } from "../../engine/runtime/engine-events.js";
import { formatElapsed, styleStatus } from "./progress-format.js";
import type { ProgressStyles } from "./progress-types.js";

/** One resource's line in the live task list. */
export interface ProgressRow {
  readonly label: string;
  /** The service the resource belongs to, when the event named one (build sections hang off it). */
  readonly service?: string;
  readonly kind: ResourceEvent["kind"];
  status: string;
  detail: string;
  state: ResourceState;
  /** Time of the resource's first event (ms since the epoch). */
  readonly start: number;
  /** Time it last reached a final state; unset while working. */
  end: number | undefined;
}

/** The marks in front of a row that is no longer working. */
export interface RowMarks {
  readonly done: string;
  readonly warning: string;
  readonly error: string;
}

/** Docker Compose's marks. */
export const COMPOSE_MARKS: RowMarks = { done: "✔", warning: "!", error: "✘" };

/** What a row needs to be drawn. */
export interface RowLayout {
  /** Width the labels are padded to (the longest label). */
  readonly labelWidth: number;
  /** Terminal width. */
  readonly width: number;
  readonly now: number;
  readonly styles: ProgressStyles;
  readonly marks: RowMarks;
  /** The spinner's current frame, for working rows. */
  readonly frame: string;
}

/**
 * The rows of the task list, one per resource, in the order resources first appeared.
 * Invariant: a row's timer runs from its first event to its latest final event.
 */
export class ProgressRows {
  private readonly rows = new Map<string, ProgressRow>();

  /** Applies a resource event, adding its row when new. */
  update(event: ResourceEvent): void {
    const key = `${event.kind}\u0000${event.name}`;
    const state = resourceState(event);
    const row = this.rows.get(key) ?? {
      label: resourceLabel(event),
      kind: event.kind,
      ...(event.service !== undefined ? { service: event.service } : {}),
      status: "",
      detail: "",
      state,
      start: event.time,
      end: undefined,
    };
    row.status = event.status;
    row.detail = event.detail ?? "";
    row.state = state;
    row.end = state === "working" ? undefined : event.time;
    this.rows.set(key, row);
  }

  /** Every row, in first-seen order. */
  all(): readonly ProgressRow[] {
    return [...this.rows.values()];
  }

  /** `[+] Running 2/3`: Compose's header, counting rows no longer working. */
  header(title: string): string {
    const rows = this.all();
    return `[+] ${title} ${rows.filter((r) => r.state !== "working").length}/${rows.length}`;
  }

  /**
   * The rows that fit in `max` lines: finished rows at the top give way first, so the rows still
   * moving stay visible; the full list is printed when the renderer closes.
   */
  visible(max: number): readonly ProgressRow[] {
    const rows = this.all();
    let skip = 0;
    while (rows.length - skip > max && rows[skip]?.state !== "working") skip++;
    return rows.slice(skip, skip + Math.max(0, max));
  }
}

/**
 * ` ✔ Container proj-web-1  Started  <detail>        1.2s `: Compose's row, the timer flush right.
 * Invariant: the visible text never exceeds `width - 1` columns (so a row never wraps), a too
 * long detail is cut with `…` first, then the whole line.
 */
export function renderRow(row: ProgressRow, layout: RowLayout): string {
  const { styles, marks, width } = layout;
  const timer = `${formatElapsed((row.end ?? layout.now) - row.start)} `;
  const mark = row.state === "working" ? layout.frame : marks[row.state];
  const gap = " ".repeat(Math.max(2, layout.labelWidth - row.label.length + 2));
  const left = ` ${mark} ${row.label}${gap}${row.status}`;
  const room = width - 1 - timer.length - 1;
  let detail = row.detail === "" ? "" : ` ${row.detail}`;
  if (left.length > room) {
    const plain = `${left}${detail}`;
    return plain.length < width ? plain : `${plain.slice(0, Math.max(0, width - 2))}…`;
  }
  if (left.length + detail.length > room) detail = room - left.length >= 2 ? `${detail.slice(0, room - left.length - 1)}…` : "";
  const styledMark = row.state === "working" ? styles.spinner(mark) : styleStatus(row.state, mark, styles);
  const styled = ` ${styledMark} ${row.label}${gap}${styleStatus(row.state, row.status, styles)}${detail}`;
  const pad = " ".repeat(Math.max(1, width - 1 - left.length - detail.length - timer.length));
  return `${styled}${pad}${styles.timer(timer)}`;
}
