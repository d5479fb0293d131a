/** A timer source the health runner schedules on; tests pass a fake one. */
export interface Clock {
  /** Now, ms since the epoch. */
  now(): number;
  /** Calls `fn` after `ms`; returns a function that cancels it. */
  after(ms: number, fn: () => void): () => void;
}

/** The real clock (`Date.now`, `setTimeout`); its timers never keep the process alive. */
export const systemClock: Clock = {
  now: () => Date.now(),
  after(ms, fn) {
    const timer = setTimeout(fn, Math.max(0, ms));
    timer.unref();
    return () => clearTimeout(timer);
  },
};
