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
  /**
   * Containers known up front. Accepted for callers' convenience and otherwise unused: as in
   * Docker Compose, a container takes its color and counts towards the prefix width only when it
   * first prints (a line or its exit status).
   */
  readonly names?: readonly string[];
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
 * Creates a Compose-style log printer: `web-1  | hello`, each prefix padded to the longest name
 * among the containers that have printed so far plus one space, so the column widens as
 * containers first print (`web-1  | …`, then `worker-1  | …`), as Docker Compose 2.40's logs and
 * attached `up` do; each container takes the next color of Compose's palette when it first prints.
 * Invariant: every line printed ends with `\n`, and a container's lines keep their order.
 */
export function createLogPrinter(out: LogOutput, opts: LogPrinterOptions): LogPrinter {
  return new ComposeLogPrinter(out, opts);
}

type Stream = "stdout" | "stderr";

class ComposeLogPrinter implements LogPrinter {
  private readonly presenters = new Map<string, Presenter>();
  /** Partial lines per stream, then per container. */
  private readonly pending = { stdout: new Map<string, Pending>(), stderr: new Map<string, Pending>() };
  private next = 0;

  constructor(
    private readonly out: LogOutput,
    private readonly opts: LogPrinterOptions,
  ) {}

  line(container: string, _service: string, stream: Stream, text: string, time?: Date): void {
    // No presenter yet: Compose registers a container on its first complete line, not its first bytes.
    const pending = this.pending[stream];
    const before = pending.get(container);
    // The first line started with the buffered part, so it keeps that part's time.
    const lines = `${before?.text ?? ""}${text}`.split("\n").map((t, i): Pending => ({ text: t, time: i === 0 ? (before?.time ?? time) : time }));
    const rest = lines.pop();
    if (rest === undefined || rest.text === "") pending.delete(container);
    else pending.set(container, rest);
    if (lines.length > 0) this.target(stream).write(this.format(container, lines));
  }

  exited(container: string, code: number): void {
    this.flush(container, "stdout");
    this.flush(container, "stderr");
    // Compose starts a status line with "erase line" so it wins over a half-drawn progress row.
    const reset = this.opts.color ? "\r\u001b[K" : "";
    this.out.write(this.presenter(container).color(`${reset}${container} exited with code ${code}\n`));
  }

  close(): void {
    for (const stream of ["stdout", "stderr"] as const) {
      for (const container of [...this.pending[stream].keys()]) this.flush(container, stream);
    }
  }

  private presenter(name: string): Presenter {
    const known = this.presenters.get(name);
    if (known !== undefined) return known;
    const code = LOG_PALETTE[this.next++ % LOG_PALETTE.length] ?? "0";
    const p: Presenter = { color: this.opts.color ? (t) => sgr(code, t) : (t) => t, prefix: "" };
    this.presenters.set(name, p);
    // As Compose (its logConsumer registers a container on its first output): a new name can
    // widen the column, so every prefix is recomputed.
    const width = Math.max(...[...this.presenters.keys()].map((n) => n.length)) + 1;
    for (const [n, q] of this.presenters) q.prefix = this.opts.prefix ? q.color(`${n.padEnd(width)} | `) : "";
    return p;
  }

  private format(container: string, lines: readonly Pending[]): string {
    const { prefix } = this.presenter(container);
    const now = this.opts.now ?? (() => new Date());
    const stamp = (time: Date | undefined): string => (this.opts.timestamps ? `${logTimestamp(time ?? now())} ` : "");
    // A TTY container ends its lines with \r\n; the \r would only move our cursor back over the prefix.
    const strip = (l: string): string => (l.endsWith("\r") ? l.slice(0, -1) : l);
    return lines.map((l) => `${prefix}${stamp(l.time)}${strip(l.text)}\n`).join("");
  }

  private target(stream: Stream): LogOutput {
    return stream === "stderr" ? (this.opts.err ?? this.out) : this.out;
  }

  private flush(container: string, stream: Stream): void {
    const rest = this.pending[stream].get(container);
    if (rest === undefined) return;
    this.pending[stream].delete(container);
    this.target(stream).write(this.format(container, [rest]));
  }
}
