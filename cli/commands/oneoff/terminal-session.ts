import type { ByteSource, TerminalSizeSource } from "../../../engine/runtime/runtime.js";
import type { CliContext } from "../../context.js";
import { terminalSizeOf } from "./terminal-size.js";
import { chooseTty } from "./tty-choice.js";

/** A terminal as node exposes it (raw mode for a TTY session). */
type MaybeTty = NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };

/** What an `exec`-like session gets from the local terminal. */
export interface TerminalSession {
  readonly tty: boolean;
  /** The remote terminal's size source, with a TTY. */
  readonly terminal?: TerminalSizeSource;
  /** Local stdin, when it is forwarded. */
  readonly stdin?: ByteSource;
  /** Puts the local terminal back (raw mode off); call it when the session ends. */
  readonly restore: () => void;
}

/**
 * Opens the local side of an `exec` session (`exec`, `stack exec`): the TTY choice of `chooseTty`
 * (a TTY when stdin and stdout are terminals, unless `refused`), stdin forwarded when `interactive`
 * (raw on a TTY), and the local terminal's size followed.
 */
export function openTerminalSession(ctx: CliContext, options: { interactive: boolean; refused: boolean }): TerminalSession {
  const stdin = ctx.stdin as MaybeTty;
  const { tty, forwardStdin } = chooseTty({ stdoutTty: ctx.stdout.isTTY === true, stdinTty: stdin.isTTY === true, ...options });
  const raw = tty && stdin.isTTY === true && typeof stdin.setRawMode === "function";
  const terminal = tty ? terminalSizeOf(ctx.stdout) : undefined;
  if (raw) stdin.setRawMode?.(true);
  return {
    tty,
    ...(terminal ? { terminal } : {}),
    ...(forwardStdin ? { stdin: stdin as AsyncIterable<Uint8Array> } : {}),
    restore: () => {
      if (raw) stdin.setRawMode?.(false);
    },
  };
}
