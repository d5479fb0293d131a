import { LOG_PALETTE, sgr } from "./colors.js";

/** Where the printer writes (a `process.stdout`-like stream, or a fake in tests). */
export interface LogOutput {
  write(chunk: string): unknown;
}

/** How `up` (attached) and `logs` print container output. */
export interface LogPrinterOptions {
  /** Color each container's prefix and status lines (`--no-color` turns it off). */
  readonly color: boolean;
  /** Print the `web-1  | ` prefix (`--no-log-prefix` turns it off). */
  readonly prefix: boolean;
  /** Put the line's time after the prefix (`--timestamps`). */
  readonly timestamps: boolean;
  /** Containers known up front, in display order: they get colors in this order and set the prefix width. */
  readonly names: readonly string[];
  /** Where container stderr goes; defaults to `out` (Compose writes it to its own stderr). */
  readonly err?: LogOutput;
  /** Clock for lines that come without a time (tests). */
  readonly now?: () => Date;
}

/** Prints multiplexed container output in Docker Compose's attached-mode format. */
export interface LogPrinter {
  /**
   * Takes a chunk of `container`'s output. Complete lines are printed at once; a trailing partial
   * line waits for its newline (or `exited`/`close`). `container` is the display name (`web-1`).
   */
  line(container: string, service: string, stream: "stdout" | "stderr", text: string, time?: Date): void;
  /** Prints `web-1 exited with code 0` in the container's color, after its pending output. */
  exited(container: string, code: number): void;
  /** Prints every pending partial line. */
  close(): void;
}

interface Presenter {
  readonly color: (text: string) => string;
  prefix: string;
}

interface Pending {
  text: string;
  time: Date | undefined;
}

/** `2026-11-23T15:00:01.123000000Z`: Docker's fixed-width RFC 3339 with nanoseconds (ours are ms). */
export function logTimestamp(time: Date): string {
  return time.toISOString().replace(/\.(\d{3})Z$/, ".$1000000Z");
}

/**
 * Creates a Compose-style log printer: `web-1  | hello`, prefixes padded to the longest name plus
 * one space, each container in the next color of Compose's palette.
 * Invariant: every line printed ends with `\n`, and a container's lines keep their order.
 */
export function createLogPrinter(out: LogOutput, opts: LogPrinterOptions): LogPrinter {
  const presenters = new Map<string, Presenter>();
  const pending = new Map<string, Pending>();
  const now = opts.now ?? (() => new Date());
  let next = 0;

  const register = (name: string): Presenter => {
    const code = LOG_PALETTE[next++ % LOG_PALETTE.length] ?? "0";
    const p: Presenter = { color: opts.color ? (t) => sgr(code, t) : (t) => t, prefix: "" };
    presenters.set(name, p);
    // As Compose: a new name can widen the column, so every prefix is recomputed.
    const width = Math.max(...[...presenters.keys()].map((n) => n.length)) + 1;
    for (const [n, q] of presenters) q.prefix = opts.prefix ? q.color(`${n.padEnd(width)} | `) : "";
    return p;
  };
  const presenter = (name: string): Presenter => presenters.get(name) ?? register(name);
  for (const name of opts.names) presenter(name);

  const format = (container: string, lines: readonly Pending[]): string => {
    const p = presenter(container);
    const stamp = (time: Date | undefined): string => (opts.timestamps ? `${logTimestamp(time ?? now())} ` : "");
    // A TTY container ends its lines with \r\n; the \r would only move our cursor back over the prefix.
    const strip = (l: string): string => (l.endsWith("\r") ? l.slice(0, -1) : l);
    return lines.map((l) => `${p.prefix}${stamp(l.time)}${strip(l.text)}\n`).join("");
  };
  const target = (stream: "stdout" | "stderr"): LogOutput => (stream === "stderr" ? (opts.err ?? out) : out);
  const key = (container: string, stream: string): string => `${stream}\u0000${container}`;

  const flush = (container: string, stream: "stdout" | "stderr"): void => {
    const k = key(container, stream);
    const rest = pending.get(k);
    if (rest === undefined) return;
    pending.delete(k);
    target(stream).write(format(container, [rest]));
  };

  return {
    line(container, _service, stream, text, time) {
      presenter(container);
      const k = key(container, stream);
      const before = pending.get(k);
      // The first line started with the buffered part, so it keeps that part's time.
      const lines = ((before?.text ?? "") + text).split("\n").map((t, i): Pending => ({ text: t, time: i === 0 ? (before?.time ?? time) : time }));
      const rest = lines.pop();
      if (rest === undefined || rest.text === "") pending.delete(k);
      else pending.set(k, rest);
      if (lines.length > 0) target(stream).write(format(container, lines));
    },
    exited(container, code) {
      flush(container, "stdout");
      flush(container, "stderr");
      const p = presenter(container);
      // Compose starts a status line with "erase line" so it wins over a half-drawn progress row.
      const reset = opts.color ? "\r\u001b[K" : "";
      out.write(p.color(`${reset}${container} exited with code ${code}\n`));
    },
    close() {
      for (const k of [...pending.keys()]) {
        const [stream, container] = k.split("\u0000") as ["stdout" | "stderr", string];
        flush(container, stream);
      }
    },
  };
}
