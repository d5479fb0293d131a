import type { ContainerDetails } from "../runtime/runtime.js";

/**
 * What a waiter needs of a container: `running`; `healthy` (it must have a healthcheck);
 * `completed_successfully` (exited 0); `running_or_healthy` (healthy when it has a healthcheck,
 * else running: `up --wait`).
 */
export type ReadinessCondition = "running" | "healthy" | "completed_successfully" | "running_or_healthy";

/** What a container's state says about a wait: met (and when), failed (and why), or not yet. */
export type Verdict =
  | { readonly kind: "met"; readonly at: number; readonly exitCode?: number }
  | { readonly kind: "failed"; readonly code: string; readonly message: string; readonly hint?: string; readonly healthOutput?: string }
  | { readonly kind: "pending" };

const ended = (d: ContainerDetails) => d.state.status === "exited" || d.state.status === "dead";
const time = (iso: string | undefined) => (iso ? Date.parse(iso) || Date.now() : Date.now());

/**
 * Judges a container's state against a condition with Compose's rules (`isServiceHealthy`,
 * `isServiceCompleted`): exited fails everything but `completed_successfully`; `healthy` without
 * a healthcheck fails; `unhealthy` fails.
 */
export function evaluateState(condition: ReadinessCondition, d: ContainerDetails): Verdict {
  const s = d.state;
  if (condition === "completed_successfully") {
    if (!ended(d)) return { kind: "pending" };
    if (s.exitCode === 0) return { kind: "met", at: time(s.finishedAt), exitCode: 0 };
    return { kind: "failed", code: "E_COMPLETED_UNSUCCESSFULLY", message: `container ${d.name} didn't complete successfully: exit ${s.exitCode}` };
  }
  if (ended(d)) return { kind: "failed", code: "E_CONTAINER_EXITED", message: `container ${d.name} exited (${s.exitCode})` };
  const health = condition === "healthy" || (condition === "running_or_healthy" && d.config.hasHealthcheck);
  if (!health) return s.status === "running" ? { kind: "met", at: time(s.startedAt) } : { kind: "pending" };
  if (!d.config.hasHealthcheck) {
    return {
      kind: "failed",
      code: "E_NO_HEALTHCHECK",
      message: `container ${d.name} has no healthcheck configured`,
      hint: "Give the service a healthcheck, or depend on it with `condition: service_started`.",
    };
  }
  if (s.health === "healthy") return { kind: "met", at: time(s.lastHealthLog?.end) };
  if (s.health !== "unhealthy") return { kind: "pending" };
  const output = s.lastHealthLog?.output.trim() ?? "";
  const last = lastCheck(d);
  return {
    kind: "failed",
    code: "E_CONTAINER_UNHEALTHY",
    message: `container ${d.name} is unhealthy${last}`,
    hint: "Its healthcheck keeps failing: check its logs and its healthcheck command.",
    healthOutput: output,
  };
}

/**
 * ` (last check: exit N, "first line of the probe's output")` from the container's last health
 * log entry, or "" when it has none; the output is cut to 200 characters.
 */
export function lastCheck(d: ContainerDetails): string {
  const log = d.state.lastHealthLog;
  if (!log) return "";
  const output = log.output.trim();
  return ` (last check: exit ${log.exitCode}${output ? `, "${output.split("\n")[0]?.slice(0, 200)}"` : ""})`;
}
