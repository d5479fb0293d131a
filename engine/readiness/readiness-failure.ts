import { ReadinessError } from "../execute/execute-errors.js";
import type { HealthResult } from "../health/health-runner.js";
import type { Runtime } from "../runtime/runtime.js";
import { lastCheck, type Verdict } from "./readiness-state.js";
import type { Waiter } from "./readiness-waiter.js";

/** A verdict that fails a wait. */
export type FailedVerdict = Extract<Verdict, { kind: "failed" }>;

/**
 * An exit after a `kill` event was not the container's own doing: say it was stopped, so an
 * engine restart or a `docker stop` during `up` does not read like a crash of the service.
 */
export function stoppedVerdict(w: Waiter, verdict: FailedVerdict, exitCode: number): FailedVerdict {
  if (verdict.code !== "E_CONTAINER_EXITED" || w.killSignal === undefined) return verdict;
  return {
    kind: "failed",
    code: "E_CONTAINER_STOPPED",
    message: `container ${w.name} was stopped by signal ${w.killSignal} (exit ${exitCode}) while being waited for`,
    hint: "Something outside this run stopped it (docker stop or kill, or an engine restart); run up again to start it.",
  };
}

/** The verdict on an `unhealthy` check the health runner ran itself (exec), with its output. */
export function unhealthyVerdict(name: string, r: HealthResult): FailedVerdict {
  const output = (r.output ?? "").trim();
  const last = ` (last check: exit ${r.exitCode ?? -1}${output ? `, "${output.split("\n")[0]?.slice(0, 200)}"` : ""})`;
  return {
    kind: "failed",
    code: "E_CONTAINER_UNHEALTHY",
    message: `container ${name} is unhealthy${last}`,
    hint: "Its healthcheck keeps failing: check its logs and its healthcheck command.",
    healthOutput: output,
  };
}

/** The verdict on a wait that ran out of time, with the failing health probe when there is one. */
export function timeoutVerdict(w: Waiter, timeoutMs: number, health: { last: string; output: string } | undefined): FailedVerdict {
  const goal = { running: "become running", healthy: "become healthy", completed_successfully: "complete", running_or_healthy: "become running or healthy" }[w.condition];
  const seconds = Math.round(timeoutMs / 100) / 10;
  return {
    kind: "failed",
    code: "E_WAIT_TIMEOUT",
    message: `container ${w.name} did not ${goal} within ${seconds}s${health?.last ?? ""}`,
    hint: "Check its logs; if it is only slow, allow it more time (e.g. `--wait-timeout`).",
    ...(health ? { healthOutput: health.output } : {}),
  };
}

/** The container's last health probe when it failed; undefined when none did or it cannot be read. */
export async function failingCheck(runtime: Runtime, ref: string): Promise<{ last: string; output: string } | undefined> {
  try {
    const d = await runtime.inspectContainer(ref);
    const log = d.state.lastHealthLog;
    if (!log || log.exitCode === 0) return undefined;
    return { last: lastCheck(d), output: log.output.trim() };
  } catch {
    return undefined;
  }
}

/** The container's last `count` log lines; empty when they cannot be read quickly. */
export async function tailLogs(runtime: Runtime, ref: string, count: number): Promise<string[]> {
  const lines: string[] = [];
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 2000);
  try {
    for await (const line of runtime.logs(ref, { tail: count, signal: controller.signal })) lines.push(line.text);
  } catch {
    // Logs are a courtesy in an error report; failing to read them must not hide the error.
  } finally {
    clearTimeout(timer);
  }
  return lines.slice(-count);
}

/** The error a failed wait rejects with, the container's last log lines attached. */
export function readinessError(name: string, v: FailedVerdict, logs: string[]): ReadinessError {
  return new ReadinessError(v.code, name, v.message, {
    ...(v.hint !== undefined ? { hint: v.hint } : {}),
    ...(v.healthOutput !== undefined ? { healthOutput: v.healthOutput } : {}),
    logs,
  });
}
