import type { HealthRunner } from "../health/health-runner.js";
import type { ReadinessCondition } from "./readiness-state.js";

/** A condition that was met, and when. */
export interface ReadinessObservation {
  readonly container: string;
  readonly id: string;
  readonly condition: ReadinessCondition;
  /** When the condition was met, ms since the epoch: the engine's event time, or the state's own time when it already held. */
  readonly observedAt: number;
  /** When tscompose learnt it (local clock, ms). */
  readonly receivedAt: number;
  readonly via: "event" | "inspect";
  /** The exit code, for `completed_successfully`. */
  readonly exitCode?: number;
}

/** Options of a wait. */
export interface WaitOptions {
  /** Fail with E_WAIT_TIMEOUT after this long; default: wait until aborted, like Compose. */
  readonly timeoutMs?: number;
  /** Stops waiting with an InterruptedError. */
  readonly signal?: AbortSignal;
}

/** Options of a wait for every container of a service. */
export interface ServiceWaitOptions extends WaitOptions {
  /** Told which containers are awaited, before waiting. */
  readonly onWaiting?: (containers: readonly { id: string; name: string }[]) => void;
  /** Told as soon as each container meets the condition. */
  readonly onMet?: (observation: ReadinessObservation) => void;
}

/** Options of a Readiness. */
export interface ReadinessOptions {
  /** Only this project's containers are followed. */
  readonly project: string;
  /** Log lines shown with a failure (default 10). */
  readonly logLines?: number;
  /** How far before `start()` the subscription replays events, to cover the engine's set-up time (default 5000 ms). */
  readonly replayMs?: number;
  /**
   * Runs the healthchecks of awaited containers where the engine does not (Podman without
   * systemd); default: an ExternalHealthRunner on the same runtime.
   */
  readonly health?: HealthRunner;
}
