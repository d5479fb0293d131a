import { useColor, type AnsiMode } from "./colors.js";
import { DeferredSink } from "./progress-deferred.js";
import { JsonProgress } from "./progress-json.js";
import { PlainProgress } from "./progress-plain.js";
import { COMPOSE_MARKS } from "./progress-rows.js";
import { loadStyles } from "./progress-styles.js";
import { TtyProgress } from "./progress-tty.js";
import { NO_STYLES, type ProgressMode, type ProgressSink, type ProgressStream } from "./progress-types.js";

export type { ProgressMode, ProgressSink, ProgressStream } from "./progress-types.js";

/** How progress may look, from `--ansi` and the environment. */
export interface ProgressOptions {
  readonly ansi: AnsiMode;
  /** The process environment (NO_COLOR, CI, TERM are read). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Header word of the task list (`[+] Running 2/3`); default `Running`. */
  readonly title?: string;
}

const isSet = (value: string | undefined): boolean => value !== undefined && value !== "" && value !== "false" && value !== "0";

/**
 * The renderer `mode` stands for on `out`: `auto` is `tty` on a terminal outside CI (and not under
 * `--ansi never` or `TERM=dumb`, which make Compose fall back to plain too), else `plain`.
 */
export function resolveProgressMode(mode: ProgressMode, out: ProgressStream, opts: ProgressOptions): Exclude<ProgressMode, "auto"> {
  if (mode !== "auto") return mode;
  const terminal = out.isTTY === true && !isSet(opts.env["CI"]) && opts.env["TERM"] !== "dumb";
  return terminal && opts.ansi !== "never" ? "tty" : "plain";
}

/**
 * Creates the progress renderer for `--progress mode` writing to `out` (stderr):
 * - `tty`: a live task list with spinners and timers, colored unless `--ansi never` or NO_COLOR;
 * - `plain`: one ISO-timestamped line per event, colored only under `--ansi always`;
 * - `json`: NDJSON, one record per event (shape: `ProgressRecord` in api/progress-record.ts);
 * - `quiet`: error lines only.
 * chalk and listr2 are imported only by the paths that draw with them. Call `close()` before
 * anything else writes to the terminal.
 */
export function createProgress(mode: ProgressMode, out: ProgressStream, opts: ProgressOptions): ProgressSink {
  const resolved = resolveProgressMode(mode, out, opts);
  if (resolved === "json") return new JsonProgress(out);
  const plainFallback = (): ProgressSink => new PlainProgress(out, { styles: NO_STYLES, timestamps: true, errorsOnly: false });
  if (resolved === "tty") return new DeferredSink(createTty(out, useColor(opts.ansi, out, opts.env), opts.title ?? "Running"), plainFallback);
  const plain = { timestamps: resolved === "plain", errorsOnly: resolved === "quiet" };
  const color = opts.ansi === "always" && useColor("always", out, opts.env);
  if (!color) return new PlainProgress(out, { styles: NO_STYLES, ...plain });
  return new DeferredSink(
    loadStyles(true).then((styles) => new PlainProgress(out, { styles, ...plain })),
    () => new PlainProgress(out, { styles: NO_STYLES, ...plain }),
  );
}

async function createTty(out: ProgressStream, color: boolean, title: string): Promise<ProgressSink> {
  const [{ Spinner, figures, isUnicodeSupported }, styles] = await Promise.all([import("listr2"), loadStyles(color)]);
  const marks = isUnicodeSupported() ? COMPOSE_MARKS : { done: figures.tick, warning: "!", error: figures.cross };
  return new TtyProgress(out, { styles, marks, spinner: new Spinner(), title, now: Date.now, tickMs: 100 });
}
