import type { HealthStatus } from "../runtime/runtime-types.js";
import { containerEventAttributes } from "./memory-views.js";
import { launch } from "./memory-process.js";
import type { MemContainer, MemoryState } from "./memory-state.js";

const SECOND_NS = 1e9;
const DEFAULTS = { intervalNs: 30 * SECOND_NS, timeoutNs: 30 * SECOND_NS, retries: 3, startPeriodNs: 0, startIntervalNs: 5 * SECOND_NS };

/** Whether the container's effective healthcheck is active. */
export function hasHealthcheck(c: MemContainer): boolean {
  const test = c.config.healthcheck?.test ?? [];
  return test.length > 0 && test[0] !== "NONE";
}

function setHealth(state: MemoryState, c: MemContainer, status: HealthStatus): void {
  if (c.health === status) return;
  c.health = status;
  state.events.emit("container", "health_status", c.id, containerEventAttributes(c), status);
}

/** Whether the container is still in its start period (failures there do not count). */
function inStart(c: MemContainer, startPeriodNs: number): boolean {
  return startPeriodNs > 0 && Date.now() - Date.parse(c.startedAt ?? "") < startPeriodNs / 1e6;
}

/** Runs the container's healthcheck once and records the result, as the engine's own probe does. */
export async function probe(state: MemoryState, c: MemContainer): Promise<void> {
  const hc = { ...DEFAULTS, ...c.config.healthcheck };
  const [kind, ...rest] = hc.test ?? [];
  const argv = kind === "CMD-SHELL" ? ["sh", "-c", rest.join(" ")] : rest;
  const output: Buffer[] = [];
  const start = new Date();
  const io = { stdout: (d: Buffer) => void output.push(d), stderr: (d: Buffer) => void output.push(d), stdin: async () => Buffer.alloc(0) };
  const proc = launch(state, c, argv, io, { pid1: false });
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<number>((r) => (timer = setTimeout(() => r(-1), hc.timeoutNs / 1e6)));
  const exitCode = await Promise.race([proc.done.catch(() => 1), timedOut]);
  clearTimeout(timer);
  if (c.status !== "running") return;
  const text = exitCode === -1 ? `Health check exceeded timeout (${hc.timeoutNs / SECOND_NS}s)` : Buffer.concat(output).toString("utf8").slice(0, 4096);
  c.healthLog = [...c.healthLog, { start: start.toISOString(), end: new Date().toISOString(), exitCode, output: text }].slice(-5);
  const inStartPeriod = inStart(c, hc.startPeriodNs);
  if (exitCode === 0) {
    c.failingStreak = 0;
    setHealth(state, c, "healthy");
  } else if (!inStartPeriod) {
    c.failingStreak += 1;
    if (c.failingStreak >= hc.retries) setHealth(state, c, "unhealthy");
  }
}

/**
 * Runs the container's healthcheck on its interval (the start interval during the start period)
 * until `stopHealth`; emits `health_status` only when the status changes, like the engine.
 */
export function startHealth(state: MemoryState, c: MemContainer): void {
  if (!hasHealthcheck(c) || !state.runsHealthchecks) return;
  const hc = { ...DEFAULTS, ...c.config.healthcheck };
  const schedule = () => {
    const early = c.health === "starting" && inStart(c, hc.startPeriodNs);
    c.healthTimer = setTimeout(
      () => {
        void probe(state, c).then(() => {
          if (c.status === "running" && c.healthTimer) schedule();
        });
      },
      (early ? hc.startIntervalNs : hc.intervalNs) / 1e6,
    );
  };
  schedule();
}

/** Stops the probe loop. */
export function stopHealth(c: MemContainer): void {
  clearTimeout(c.healthTimer);
  c.healthTimer = undefined;
}
