import { isBuildOutput, type EventSink } from "../../engine/runtime/engine-events.js";
import type { WatchEvent } from "../../watch/watch-project.js";
import { sgr } from "../render/colors.js";

/** Where watch lines go (a `process.stdout`-like stream, or a fake in tests). */
export interface WatchOutput {
  write(chunk: string): unknown;
}

/** How watch lines look. */
export interface WatchPrinterOptions {
  /** Color the time and the warning/error lines. */
  readonly color: boolean;
  /** Hide build output lines (`--quiet`). */
  readonly quiet: boolean;
  /** The watch library's `formatWatchEvent` (passed in so this module loads without the library). */
  readonly format: (e: WatchEvent) => string;
  /** Clock for the line times (tests). */
  readonly now?: () => Date;
}

/** Prints the watcher's action lines and the engine's output while it rebuilds. */
export interface WatchPrinter {
  /** One line per action: `17:02:03 web: synced 3 files (4.1 kB) in 38 ms`. */
  event(e: WatchEvent): void;
  /** The engine's events during a rebuild: build output (unless quiet), warnings and errors. */
  readonly sink: EventSink;
  /** A line of the CLI's own (the ready line, the stop line). */
  note(text: string): void;
}

/** `HH:MM:SS` in local time. */
function clock(d: Date): string {
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, "0")).join(":");
}

/**
 * Creates the watch printer. Every line starts with the local time and ends with `\n`, so watch
 * lines interleave cleanly with attached container logs written to the same stream.
 */
export function createWatchPrinter(out: WatchOutput, opts: WatchPrinterOptions): WatchPrinter {
  const now = opts.now ?? (() => new Date());
  const paint = (code: string, text: string) => (opts.color ? sgr(code, text) : text);
  const write = (text: string, code?: string) => {
    const stamp = paint("2", clock(now()));
    for (const line of text.replace(/\n+$/, "").split("\n")) out.write(`${stamp} ${code ? paint(code, line) : line}\n`);
  };
  return {
    event(e) {
      write(opts.format(e), e.kind === "error" ? "31" : e.kind === "warning" ? "33" : undefined);
    },
    sink: {
      emit(event) {
        if (event.type !== "message") return;
        if (isBuildOutput(event)) {
          if (!opts.quiet) write(event.text);
          return;
        }
        if (event.level === "info") return;
        write(`${event.level === "error" ? "error" : "warning"}: ${event.text}`, event.level === "error" ? "31" : "33");
      },
    },
    note(text) {
      write(text);
    },
  };
}
