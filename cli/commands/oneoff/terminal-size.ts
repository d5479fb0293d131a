import type { TerminalSizeSource } from "../../../engine/runtime/runtime.js";

/** An output stream as node exposes it; a terminal has a size and emits `resize`. */
type MaybeTerminal = NodeJS.WritableStream & { isTTY?: boolean; rows?: number; columns?: number };

/**
 * The size of the terminal `stream` writes to, followed through its `resize` events (node sends
 * one on SIGWINCH), for a TTY session whose remote terminal must match; undefined when `stream`
 * is not a terminal.
 */
export function terminalSizeOf(stream: MaybeTerminal): TerminalSizeSource | undefined {
  if (stream.isTTY !== true) return undefined;
  return {
    current: () => (stream.rows && stream.columns ? { rows: stream.rows, columns: stream.columns } : undefined),
    onChange: (listener) => {
      stream.on("resize", listener);
      return () => void stream.off("resize", listener);
    },
  };
}
