import type { TerminalSize, TerminalSizeSource } from "../runtime/runtime.js";

/**
 * Applies the local terminal's size now and after each change, each through `apply` (whose
 * failures are ignored: the session may just have ended); returns the function that stops
 * following it. A size with a zero side is not sent.
 */
export function followTerminal(terminal: TerminalSizeSource, apply: (size: TerminalSize) => Promise<void>): () => void {
  const push = () => {
    const size = terminal.current();
    if (size && size.rows > 0 && size.columns > 0) void apply(size).catch(() => undefined);
  };
  push();
  return terminal.onChange(push);
}
