/** What `exec` and `run` were asked for, and what the two ends are. */
export interface TtyRequest {
  /** stdout is a terminal. */
  readonly stdoutTty: boolean;
  /** stdin is a terminal. */
  readonly stdinTty: boolean;
  /** stdin is meant to reach the command (`-i`, the default; not with `-d`). */
  readonly interactive: boolean;
  /** `-t` given (run): a TTY whatever the ends are. */
  readonly forced?: boolean;
  /** `-T` given: no TTY. */
  readonly refused?: boolean;
}

/** The choice: whether the command gets a TTY, and whether local stdin is forwarded to it. */
export interface TtyChoice {
  readonly tty: boolean;
  readonly forwardStdin: boolean;
}

/**
 * Picks the TTY and stdin of an `exec` or `run` session. The engine ends a TTY session's output
 * as soon as its input ends, so stdin is never forwarded to a TTY unless it is a terminal itself:
 * by default a TTY needs both ends to be terminals (`echo x | tscompose run app cat` in a terminal
 * pipes, where Compose stops at "the input device is not a TTY"); a forced one (`-t`) gets no
 * local stdin when stdin is not a terminal.
 */
export function chooseTty(req: TtyRequest): TtyChoice {
  if (req.refused) return { tty: false, forwardStdin: req.interactive };
  if (req.forced) return { tty: true, forwardStdin: req.interactive && req.stdinTty };
  const tty = req.stdoutTty && (req.stdinTty || !req.interactive);
  return { tty, forwardStdin: req.interactive };
}
