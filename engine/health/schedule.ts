import type { HealthcheckSpec } from "../runtime/runtime-container-spec.js";

const SECOND_MS = 1000;

/** A healthcheck's schedule in ms, the engine's defaults filled in (Docker's: 30 s, 30 s, 3, 0, 5 s). */
export interface HealthSchedule {
  readonly intervalMs: number;
  readonly timeoutMs: number;
  readonly retries: number;
  readonly startPeriodMs: number;
  readonly startIntervalMs: number;
}

/** The schedule of a healthcheck, with Docker's defaults for what it leaves out. */
export function healthSchedule(spec: HealthcheckSpec | undefined): HealthSchedule {
  const ms = (ns: number | undefined, fallback: number) => (ns !== undefined && ns > 0 ? ns / 1e6 : fallback);
  return {
    intervalMs: ms(spec?.intervalNs, 30 * SECOND_MS),
    timeoutMs: ms(spec?.timeoutNs, 30 * SECOND_MS),
    retries: spec?.retries !== undefined && spec.retries > 0 ? spec.retries : 3,
    startPeriodMs: ms(spec?.startPeriodNs, 0),
    startIntervalMs: ms(spec?.startIntervalNs, 5 * SECOND_MS),
  };
}

/** Whether `at` falls inside the start period of a container started at `startedAt` (failures there do not count). */
export function inStartPeriod(s: HealthSchedule, startedAt: number, at: number): boolean {
  return s.startPeriodMs > 0 && at - startedAt < s.startPeriodMs;
}

/**
 * How long after the previous probe ended (or after the start, for the first) the next probe
 * runs, as Docker's monitor does: the start interval while the container is still `starting`
 * inside its start period, the interval otherwise.
 */
export function nextProbeDelay(s: HealthSchedule, startedAt: number, at: number, healthy: boolean): number {
  return !healthy && inStartPeriod(s, startedAt, at) ? s.startIntervalMs : s.intervalMs;
}

/**
 * When to conclude the engine does not run the check: its health log still empty this long after
 * the start (start period + interval, and a second of slack for a busy engine).
 */
export function silenceDeadline(s: HealthSchedule, startedAt: number): number {
  return startedAt + s.startPeriodMs + s.intervalMs + SECOND_MS;
}
