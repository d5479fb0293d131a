import type { ServiceConfig, UpdateConfig as ComposeUpdateConfig, Value } from "../../spec/project.js";
import { parseDuration } from "../../spec/normalize/units.js";
import type { Placement, PlacementPreference, RestartPolicy, ServiceMode, TaskSpec, UpdateConfig } from "./api-types.js";
import { defined, nonEmpty } from "./convert-context.js";
import type { StackProblems } from "./stack-problems.js";

/** Nanoseconds of a normalized duration, or undefined (a bad one is an error on `attribute`). */
export function nanos(problems: StackProblems, service: string, attribute: string, value: string | undefined): number | undefined {
  return value === undefined ? undefined : problems.attempt(service, attribute, () => parseDuration(value));
}

/**
 * `deploy.mode` and the replica count (`deploy.replicas`, else `scale`), as docker stack reads
 * them: `replicated` (the default), `global`, `replicated-job` (replicas = max concurrent = total
 * completions) and `global-job`. Replicas with a global mode are an error, as in docker stack.
 */
export function serviceMode(name: string, service: ServiceConfig, problems: StackProblems): ServiceMode {
  const mode = service.deploy?.mode ?? "replicated";
  const replicas = service.deploy?.replicas ?? service.scale;
  const attribute = service.deploy?.replicas !== undefined ? "deploy.replicas" : "scale";
  switch (mode) {
    case "replicated":
      return { Replicated: replicas === undefined ? {} : { Replicas: replicas } };
    case "replicated-job":
      return { ReplicatedJob: replicas === undefined ? {} : { MaxConcurrent: replicas, TotalCompletions: replicas } };
    case "global":
    case "global-job":
      if (replicas !== undefined) problems.error(name, attribute, `replicas cannot be set with deploy.mode ${mode} (one task per node); remove it or use mode replicated`);
      return mode === "global" ? { Global: {} } : { GlobalJob: {} };
    default:
      problems.error(name, "deploy.mode", `unknown deploy.mode "${mode}" (Swarm knows replicated, global, replicated-job and global-job)`);
      return { Replicated: {} };
  }
}

/**
 * Limits and reservations: `deploy.resources` first, then the service-level `cpus`, `mem_limit`,
 * `mem_reservation` and `pids_limit` for what it leaves unset (the local engine honours both).
 * Device reservations have no Swarm form: a warning.
 */
export function taskResources(name: string, service: ServiceConfig, problems: StackProblems): TaskSpec["Resources"] {
  const limits = service.deploy?.resources?.limits;
  const reservations = service.deploy?.resources?.reservations;
  if (reservations?.devices?.length || limits?.devices?.length) {
    problems.warn(name, "deploy.resources.reservations.devices", "Swarm cannot reserve devices (GPUs) for a task; the reservation is ignored");
  }
  if (reservations?.generic_resources?.length) problems.warn(name, "deploy.resources.reservations.generic_resources", "generic resources are not supported by tscompose on Swarm; ignored");
  const cpus = limits?.cpus ?? service.cpus;
  const limit = defined({
    NanoCPUs: cpus ? Math.round(cpus * 1e9) : undefined,
    MemoryBytes: limits?.memory ?? service.mem_limit,
    Pids: limits?.pids ?? (service.pids_limit !== undefined && service.pids_limit > 0 ? service.pids_limit : undefined),
  });
  const reservation = defined({
    NanoCPUs: reservations?.cpus ? Math.round(reservations.cpus * 1e9) : undefined,
    MemoryBytes: reservations?.memory ?? service.mem_reservation,
  });
  return defined({ Limits: limit, Reservations: reservation });
}

/**
 * `deploy.restart_policy`, else the service's `restart:` as docker stack maps it (`always` and
 * `unless-stopped` → any, `on-failure[:n]` → on-failure with n attempts), except that `no` becomes
 * `none` (docker stack leaves Swarm's default, `any`, which restarts what the file says not to).
 * Both set: deploy wins, with a warning.
 */
export function restartPolicy(name: string, service: ServiceConfig, problems: StackProblems): RestartPolicy | undefined {
  const policy = service.deploy?.restart_policy;
  if (policy) {
    if (service.restart !== undefined) problems.warn(name, "restart", "deploy.restart_policy is set too, and wins on Swarm; `restart` is ignored");
    return defined({
      Condition: policy.condition as RestartPolicy["Condition"],
      Delay: nanos(problems, name, "deploy.restart_policy.delay", policy.delay),
      MaxAttempts: policy.max_attempts,
      Window: nanos(problems, name, "deploy.restart_policy.window", policy.window),
    });
  }
  if (service.restart === undefined) return undefined;
  const [kind = "", count] = service.restart.split(":");
  const attempts = count === undefined ? undefined : Number(count);
  if (attempts !== undefined && !(Number.isInteger(attempts) && attempts >= 0)) {
    problems.error(name, "restart", `invalid restart "${service.restart}": the retry count must be a whole number`);
    return undefined;
  }
  const maxAttempts = attempts ? { MaxAttempts: attempts } : {};
  if (kind === "no") return { Condition: "none" };
  if (kind === "always" || kind === "unless-stopped") return { Condition: "any", ...maxAttempts };
  if (kind === "on-failure") return { Condition: "on-failure", ...maxAttempts };
  problems.error(name, "restart", `invalid restart "${service.restart}" (no, always, on-failure[:N] or unless-stopped)`);
  return undefined;
}

/** `deploy.placement` (constraints, spread preferences, max_replicas_per_node) and `platform`. */
export function placement(name: string, service: ServiceConfig, problems: StackProblems): Placement | undefined {
  const p = service.deploy?.placement ?? {};
  const constraints = strings(p["constraints"]);
  const preferences = Array.isArray(p["preferences"]) ? (p["preferences"] as readonly Value[]).map((v) => spread(v, name, problems)) : undefined;
  const max = p["max_replicas_per_node"];
  const platform = service.platform ? platformOf(service.platform) : undefined;
  return defined({
    Constraints: nonEmpty(constraints),
    Preferences: nonEmpty(preferences),
    MaxReplicas: typeof max === "number" && max > 0 ? max : undefined,
    Platforms: platform ? [platform] : undefined,
  });
}

function strings(v: Value | undefined): string[] | undefined {
  return Array.isArray(v) ? (v as readonly Value[]).map(String) : undefined;
}

function spread(v: Value, name: string, problems: StackProblems): PlacementPreference | undefined {
  const descriptor = v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, Value>)["spread"] : undefined;
  if (typeof descriptor === "string" && descriptor !== "") return { Spread: { SpreadDescriptor: descriptor } };
  problems.warn(name, "deploy.placement.preferences", "only `spread: <node attribute>` preferences exist in Swarm; others are ignored");
  return undefined;
}

function platformOf(platform: string): { OS?: string; Architecture?: string } | undefined {
  const [os, architecture] = platform.split("/");
  return defined({ OS: os || undefined, Architecture: architecture || undefined });
}

/** `update_config` / `rollback_config`, with docker stack's default parallelism of 1. */
export function updateConfig(name: string, attribute: string, config: ComposeUpdateConfig | undefined, problems: StackProblems): UpdateConfig | undefined {
  if (!config) return undefined;
  return defined({
    Parallelism: config.parallelism ?? 1,
    Delay: nanos(problems, name, `${attribute}.delay`, config.delay),
    FailureAction: config.failure_action as UpdateConfig["FailureAction"],
    Monitor: nanos(problems, name, `${attribute}.monitor`, config.monitor),
    MaxFailureRatio: config.max_failure_ratio,
    Order: config.order as UpdateConfig["Order"],
  });
}
