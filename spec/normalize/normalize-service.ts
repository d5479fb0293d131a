import type { TreePath } from "../location.js";
import {
  toBlkio,
  toBytes,
  toCommand,
  toConfigRefs,
  toDependsOn,
  toDevices,
  toDuration,
  toExtraHosts,
  toHealthcheck,
  toHooks,
  toLogging,
  toNumber,
  toSecretRefs,
  toServiceNetworks,
  toStrings,
  toUlimits,
  type Normalizer,
} from "./normalize-attributes.js";
import { toBuild, toDeploy, toDevelop } from "./normalize-build.js";
import { attempt, isMap, scalarString, setKey, toStringList, toStringMap, type NormalizeContext } from "./normalize-context.js";
import { serviceEnvironment, serviceLabels } from "./normalize-env.js";
import type { Plain, PlainMap } from "../read/parse.js";
import { resolveHostPath } from "./normalize-paths.js";
import { normalizePort } from "./ports.js";
import { normalizeVolume } from "./volumes.js";

const stringList: Normalizer = (v) => toStringList(v);
const stringMap: Normalizer = (v) => toStringMap(v);

/** Per-attribute normalizers; attributes not listed are copied as written. */
const ATTRIBUTES: Readonly<Record<string, Normalizer>> = {
  annotations: stringMap,
  blkio_config: toBlkio,
  build: toBuild,
  command: toCommand,
  configs: toConfigRefs,
  depends_on: toDependsOn,
  deploy: toDeploy,
  develop: toDevelop,
  devices: toDevices,
  dns: stringList,
  dns_search: stringList,
  entrypoint: toCommand,
  expose: toStrings,
  extra_hosts: toExtraHosts,
  group_add: toStrings,
  healthcheck: toHealthcheck,
  logging: toLogging,
  models: (v) => (Array.isArray(v) ? Object.fromEntries(v.map((m) => [scalarString(m), null])) : v),
  networks: toServiceNetworks,
  post_start: toHooks,
  pre_stop: toHooks,
  provider: (v) => toProvider(v),
  pull_policy: (v, _at, ctx) => (v === "if_not_present" && ctx.normalize !== false ? "missing" : v),
  // In Compose 2.40's schema but not in its model: accepted, then dropped (not printed, not hashed, not used by up)
  pull_refresh_after: () => undefined,
  secrets: toSecretRefs,
  stop_grace_period: toDuration,
  sysctls: stringMap,
  tmpfs: stringList,
  ulimits: toUlimits,
  ...Object.fromEntries(["mem_limit", "mem_reservation", "memswap_limit", "shm_size"].map((k) => [k, toBytes])),
  ...Object.fromEntries(
    ["cpus", "cpu_count", "cpu_percent", "cpu_shares", "cpu_quota", "cpu_period", "cpu_rt_period", "cpu_rt_runtime"]
      .concat(["pids_limit", "mem_swappiness", "oom_score_adj"])
      .map((k) => [k, toNumber]),
  ),
};

/** Attributes consumed by the normalization itself (applied, then dropped, as Compose does). */
const CONSUMED = new Set(["environment", "env_file", "labels", "label_file", "extends", "ports", "volumes"]);

/** Namespace attributes whose `service:<name>` value makes an implicit dependency. */
const NAMESPACES = ["network_mode", "ipc", "pid", "uts", "cgroup"];

/**
 * Normalizes one service (see `project.ts` for the resulting shape). Problems are recorded in
 * `ctx.diag`; the faulty attribute (or list item) is left out and the rest is still normalized.
 */
export function normalizeService(name: string, raw: Plain, ctx: NormalizeContext): Record<string, unknown> {
  const at: TreePath = ["services", name];
  const service: PlainMap = isMap(raw) ? raw : {};
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(service)) {
    if (CONSUMED.has(key)) continue;
    const fn = ATTRIBUTES[key];
    const result = fn ? attempt(ctx, [...at, key], () => fn(value, [...at, key], ctx)) : value;
    if (result !== undefined) setKey(out, key, result);
  }
  const environment = serviceEnvironment(service, at, ctx);
  if (environment) out["environment"] = environment;
  const labels = serviceLabels(service, at, ctx);
  if (labels) out["labels"] = labels;
  const labelFiles = toStringList(service["label_file"]).map((f) => resolveHostPath(f, ctx));
  if (labelFiles.length > 0) out["label_file"] = labelFiles;
  if (Array.isArray(service["ports"])) out["ports"] = eachItem(service["ports"], [...at, "ports"], ctx, normalizePort);
  if (Array.isArray(service["volumes"])) {
    out["volumes"] = eachItem(service["volumes"], [...at, "volumes"], ctx, (v) => [normalizeVolume(v, ctx, { cleanTarget: ctx.normalize !== false })]);
  }
  if (ctx.normalize !== false) {
    addDefaultNetwork(out);
    addImplicitDependencies(out);
  }
  copyScaleToReplicas(out);
  return out;
}

/** With both `scale` and a `deploy` section, `deploy.replicas` takes the scale, as compose-go does. */
function copyScaleToReplicas(out: Record<string, unknown>): void {
  const deploy = out["deploy"];
  if (typeof out["scale"] !== "number" || !isMap(deploy as Plain) || (deploy as PlainMap)["replicas"] !== undefined) return;
  out["deploy"] = { ...(deploy as PlainMap), replicas: out["scale"] };
}

/**
 * `provider`: every option value is a list of strings (`size: 256` → `["256"]`, a list item by
 * item), as compose-go's `map[string][]string` holds it and Compose prints and hashes it.
 */
function toProvider(value: Plain): Plain | undefined {
  if (!isMap(value)) return value;
  const options = value["options"];
  if (!isMap(options)) return value;
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(options)) setKey(out, k, Array.isArray(v) ? v.map((i) => scalarString(i)) : [scalarString(v)]);
  return { ...value, options: out };
}

function eachItem<T>(list: readonly Plain[], at: TreePath, ctx: NormalizeContext, fn: (item: Plain) => T[]): T[] {
  return list.flatMap((item, i) => attempt(ctx, [...at, i], () => fn(item)) ?? []);
}

/** A service with no networks and no `network_mode` (and not a provider) joins the `default` network. */
function addDefaultNetwork(out: Record<string, unknown>): void {
  const mode = out["network_mode"];
  if ((mode !== undefined && mode !== null && mode !== "") || out["provider"] !== undefined) return;
  const networks = out["networks"];
  if (isMap(networks as Plain) && Object.keys(networks as object).length > 0) return;
  out["networks"] = { default: null };
}

/**
 * Adds the dependencies Compose infers (when not declared): `links` and `service:` namespaces
 * (restarted with their dependency) and `volumes_from` services (not restarted).
 */
function addImplicitDependencies(out: Record<string, unknown>): void {
  const deps: Record<string, unknown> = { ...(out["depends_on"] as Record<string, unknown> | undefined) };
  const add = (name: string, restart: boolean): void => {
    if (name !== "" && !Object.hasOwn(deps, name)) setKey(deps, name, { condition: "service_started", required: true, restart });
  };
  for (const link of toStringList(out["links"] as Plain | undefined)) add(link.split(":")[0] ?? "", true);
  for (const key of NAMESPACES) {
    const ref = out[key];
    if (typeof ref === "string" && ref.startsWith("service:")) add(ref.slice("service:".length), true);
  }
  for (const from of toStringList(out["volumes_from"] as Plain | undefined)) {
    if (!from.startsWith("container:")) add(from.split(":")[0] ?? "", false);
  }
  if (Object.keys(deps).length > 0) out["depends_on"] = deps;
}
