import type { ServiceConfig } from "../../spec/project.js";
import { parseDuration } from "../../spec/normalize/units.js";
import type { ContainerSpec, HealthcheckSpec, RestartPolicySpec } from "../runtime/runtime-container-spec.js";

type RestartName = RestartPolicySpec["name"];

/**
 * The engine's healthcheck: durations from the normalized Go-format strings to nanoseconds,
 * `disable: true` to `["NONE"]` (which switches off the image's check). A healthcheck without
 * `test` keeps the image's test (empty list) and overrides only the timings given.
 */
export function healthcheckSpec(service: ServiceConfig): HealthcheckSpec | undefined {
  const h = service.healthcheck;
  if (!h) return undefined;
  if (h.disable) return { test: ["NONE"] };
  const ns = (d: string | undefined): number | undefined => (d === undefined ? undefined : parseDuration(d));
  const fields: Record<string, number | undefined> = {
    intervalNs: ns(h.interval),
    timeoutNs: ns(h.timeout),
    retries: h.retries,
    startPeriodNs: ns(h.start_period),
    startIntervalNs: ns(h.start_interval),
  };
  const defined = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
  return { test: [...(h.test ?? [])], ...defined };
}

/** `stop_grace_period` in whole seconds (truncated, as Compose's `ToSeconds`). */
export function stopTimeoutSeconds(service: ServiceConfig): number | undefined {
  if (service.stop_grace_period === undefined) return undefined;
  return Math.trunc(parseDuration(service.stop_grace_period) / 1e9);
}

/**
 * The restart policy: `restart` (`no`, `always`, `on-failure[:N]`, `unless-stopped`), or when it is
 * not set, `deploy.restart_policy` (`condition` none → no, any → always, on-failure with
 * `max_attempts`; a missing condition means no, as in Compose). The retry count is only sent with
 * `on-failure`, the only policy the engine accepts it for.
 */
export function restartPolicy(service: ServiceConfig): RestartPolicySpec | undefined {
  if (service.restart !== undefined && service.restart !== "") {
    const [name = "", count] = service.restart.split(":");
    return policy(name, count === undefined ? undefined : Number(count));
  }
  const deploy = service.deploy?.restart_policy;
  if (deploy) return policy(deploy.condition ?? "", deploy.max_attempts);
  return undefined;
}

function policy(condition: string, retries: number | undefined): RestartPolicySpec {
  const name = mapCondition(condition);
  return name === "on-failure" && retries !== undefined && Number.isFinite(retries) && retries > 0
    ? { name, maximumRetryCount: retries }
    : { name };
}

function mapCondition(condition: string): RestartName {
  switch (condition) {
    case "always":
    case "any":
      return "always";
    case "on-failure":
    case "unless-stopped":
      return condition;
    default:
      return "no";
  }
}

/** `extra_hosts` (`host=ip`, normalized) as the engine's `host:ip` entries. */
export function extraHosts(service: ServiceConfig): string[] | undefined {
  if (!service.extra_hosts || service.extra_hosts.length === 0) return undefined;
  return service.extra_hosts.map((entry) => {
    const eq = entry.indexOf("=");
    return eq < 0 ? entry : `${entry.slice(0, eq)}:${entry.slice(eq + 1)}`;
  });
}

/** `logging`: the driver (empty = the engine's default) and its options. */
export function logging(service: ServiceConfig): ContainerSpec["logging"] {
  const l = service.logging;
  if (!l || (l.driver === undefined && l.options === undefined)) return undefined;
  return { driver: l.driver ?? "", ...(l.options ? { options: { ...l.options } } : {}) };
}

/** `storage_opt` values as strings. */
export function storageOpt(service: ServiceConfig): Record<string, string> | undefined {
  const entries = Object.entries(service.storage_opt ?? {});
  if (entries.length === 0) return undefined;
  return Object.fromEntries(entries.map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
}
