import type { TreePath } from "../location.js";
import {
  toBytes,
  toDuration,
  toExtraHosts,
  toHook,
  toBuildSecretRefs,
  toNumber,
  toUlimits,
  type Normalizer,
} from "./normalize-attributes.js";
import { isMap, scalarString, setKey, toLookupMap, toStringList, toStringMap, within, type NormalizeContext } from "./normalize-context.js";
import { isRemoteContext, resolveHostPath } from "./normalize-paths.js";
import type { Plain, PlainMap } from "../read/parse.js";

/**
 * `build`: a string is the context; the context is made absolute unless it is a URL or git
 * reference; `dockerfile` defaults to `Dockerfile` (unless `dockerfile_inline` is set) and stays
 * relative to the context; `args` bare names are looked up and dropped when unset (as compose-go's
 * `resolve(args, keepEmpty=false)`: the Dockerfile's default applies); maps and sizes normalized;
 * `provenance`/`sbom` are strings (`true` → `"true"`), as in compose-go's model.
 */
export const toBuild: Normalizer = (value, at, ctx) => {
  const b: PlainMap = typeof value === "string" ? { context: value } : isMap(value) ? value : {};
  const out: Record<string, unknown> = { ...b };
  const context = scalarString(b["context"] ?? ".") || ".";
  out["context"] = isRemoteContext(context) ? context : resolveHostPath(context, ctx);
  const normalize = ctx.normalize !== false;
  if (normalize && b["dockerfile"] === undefined && b["dockerfile_inline"] === undefined) out["dockerfile"] = "Dockerfile";
  const convert: Record<string, (v: Plain, where: TreePath) => unknown> = {
    // Not normalized (`--no-normalize`), a bare name stays null, set or not, as in Compose.
    args: (v) => (normalize ? definedOnly(toLookupMap(v, ctx.lookup)) : toLookupMap(v, () => undefined)),
    labels: (v) => toStringMap(v),
    extra_hosts: (v, where) => toExtraHosts(v, where, ctx),
    additional_contexts: (v) => localContexts(toStringMap(v), ctx),
    secrets: (v, where) => toBuildSecretRefs(v, where, ctx),
    ulimits: (v, where) => toUlimits(v, where, ctx),
    shm_size: (v, where) => toBytes(v, where, ctx),
    ssh: (v) => sshKeys(v, ctx),
    // compose-go's fields are strings: a YAML boolean becomes "true"/"false", as Compose prints it
    provenance: (v) => scalarString(v),
    sbom: (v) => scalarString(v),
  };
  for (const [key, fn] of Object.entries(convert)) {
    const v = b[key];
    if (v !== undefined && v !== null) out[key] = within([...at, key], () => fn(v, [...at, key]));
  }
  return out;
};

function definedOnly(args: Record<string, string | null>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(args)) if (v !== null) setKey(out, k, v);
  return out;
}

function localContexts(contexts: Record<string, string>, ctx: NormalizeContext): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(contexts)) setKey(out, k, isRemoteContext(v) ? v : resolveHostPath(v, ctx));
  return out;
}

/** `build.ssh` as `id` or `id=path` entries, with paths made absolute. */
function sshKeys(value: Plain, ctx: NormalizeContext): string[] {
  const entries = isMap(value)
    ? Object.entries(value).map(([k, v]) => (v === null || v === "" ? k : `${k}=${scalarString(v)}`))
    : toStringList(value);
  return entries.map((e) => {
    const eq = e.indexOf("=");
    return eq < 0 ? e : `${e.slice(0, eq)}=${resolveHostPath(e.slice(eq + 1), ctx)}`;
  });
}

/**
 * `develop`: each watch rule gets an absolute `path`; a rule with a list of paths becomes one rule
 * per path (as compose-go does); `ignore`/`include` become lists; `exec` is a hook.
 */
export const toDevelop: Normalizer = (value, at, ctx) => {
  if (!isMap(value)) return undefined;
  const out: Record<string, unknown> = { ...value };
  const watch = value["watch"];
  if (Array.isArray(watch)) out["watch"] = watch.flatMap((rule, i) => watchRules(rule, [...at, "watch", i], ctx));
  return out;
};

function watchRules(rule: Plain, at: TreePath, ctx: NormalizeContext): Record<string, unknown>[] {
  if (!isMap(rule)) return [];
  const base: Record<string, unknown> = { ...rule };
  for (const key of ["ignore", "include"]) if (rule[key] !== undefined && rule[key] !== null) base[key] = toStringList(rule[key]);
  if (isMap(rule["exec"])) base["exec"] = toHook(rule["exec"], [...at, "exec"], ctx);
  return toStringList(rule["path"]).map((p) => ({ ...base, path: resolveHostPath(p, ctx) }));
}

/**
 * `deploy`: labels as a map; resource `cpus` as a number and `memory` in bytes; restart and update
 * durations normalized. `replicas` is kept as written.
 */
export const toDeploy: Normalizer = (value, at, ctx) => {
  if (!isMap(value)) return undefined;
  const out: Record<string, unknown> = { ...value };
  if (value["labels"] !== undefined && value["labels"] !== null) out["labels"] = toStringMap(value["labels"]);
  const resources = value["resources"];
  if (isMap(resources)) {
    const res: Record<string, unknown> = { ...resources };
    for (const kind of ["limits", "reservations"]) {
      const r = resources[kind];
      if (isMap(r)) res[kind] = convertFields(r, [...at, "resources", kind], ctx, { cpus: toNumber, memory: toBytes, pids: toNumber });
    }
    out["resources"] = res;
  }
  const durations = (key: string, fields: readonly string[]): void => {
    const v = value[key];
    if (!isMap(v)) return;
    out[key] = convertFields(v, [...at, key], ctx, Object.fromEntries(fields.map((f) => [f, toDuration])));
  };
  durations("restart_policy", ["delay", "window"]);
  durations("update_config", ["delay", "monitor"]);
  durations("rollback_config", ["delay", "monitor"]);
  return out;
};

function convertFields(
  value: PlainMap,
  at: TreePath,
  ctx: NormalizeContext,
  fields: Readonly<Record<string, Normalizer>>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...value };
  for (const [key, fn] of Object.entries(fields)) {
    const v = value[key];
    if (v !== undefined && v !== null) out[key] = within([...at, key], () => fn(v, [...at, key], ctx));
  }
  return out;
}
