import { ProjectError } from "../errors.js";
import type { TreePath } from "../location.js";
import { isMap, scalarString, setKey, toLookupMap, toStringMap, warnAt, within, type NormalizeContext } from "./normalize-context.js";
import { splitShellWords } from "./normalize-shell.js";
import type { Plain, PlainMap } from "../read/parse.js";
import { formatDuration, parseByteSize, parseDuration } from "./units.js";

/** A normalizer for one attribute value; `undefined` drops the attribute. Throws ProjectError on bad input. */
export type Normalizer = (value: Plain, at: TreePath, ctx: NormalizeContext) => unknown;

/** A number written as a number or a numeric string (`cpus: "0.5"`). */
export const toNumber: Normalizer = (value) => {
  const n = typeof value === "number" ? value : Number(scalarString(value).trim());
  if (value === null || value === "" || Number.isNaN(n)) {
    throw new ProjectError("E_NUMBER", `"${scalarString(value)}" is not a number`, { hint: "Write a plain number, e.g. 0.5 or 512." });
  }
  return n;
};

/** A duration normalized to Go's form (`90s` → `1m30s`). */
export const toDuration: Normalizer = (value) =>
  value === null ? undefined : formatDuration(parseDuration(typeof value === "number" ? value : scalarString(value)));

/** A byte size in bytes (`512m` → 536870912). */
export const toBytes: Normalizer = (value) =>
  value === null ? undefined : parseByteSize(typeof value === "number" ? value : scalarString(value));

/** A list of scalars as strings (`expose`, `group_add`). */
export const toStrings: Normalizer = (value) => (Array.isArray(value) ? value.map(scalarString) : [scalarString(value)]);

/**
 * `command`/`entrypoint`: a string is split into words like Compose (warning when a shell operator
 * cuts it short), a list is kept; `null` drops the attribute.
 */
export const toCommand: Normalizer = (value, at, ctx) => {
  if (value === null) return undefined;
  if (Array.isArray(value)) return value.map(scalarString);
  const line = scalarString(value);
  const { words, dropped } = splitShellWords(line);
  if (dropped !== undefined) {
    warnAt(
      ctx,
      at,
      "W_COMMAND_SHELL_OPERATOR",
      `the command "${line}" contains a shell operator; as in Compose, "${dropped}" is ignored ` +
        `(write ["sh", "-c", "…"] to run it through a shell)`,
    );
  }
  return words;
};

/** `healthcheck`: a string test becomes `["CMD-SHELL", test]`; durations are normalized. */
export const toHealthcheck: Normalizer = (value, at, ctx) => {
  if (!isMap(value)) return undefined;
  const out: Record<string, unknown> = { ...value };
  const test = value["test"];
  if (typeof test === "string") out["test"] = ["CMD-SHELL", test];
  else if (Array.isArray(test)) out["test"] = test.map(scalarString);
  for (const key of ["interval", "timeout", "start_period", "start_interval"]) {
    const v = value[key];
    if (v !== undefined) out[key] = within([...at, key], () => toDuration(v, [...at, key], ctx));
  }
  const retries = value["retries"];
  if (retries !== undefined && retries !== null) out["retries"] = within([...at, "retries"], () => toNumber(retries, at, ctx));
  return out;
};

/**
 * `extra_hosts` as Compose prints it: sorted `host=ip` entries. Accepts `host=ip`, `host:ip`
 * (the first separator found, `=` before `:`), maps of host to an IP or a list of IPs, and
 * comma-separated IPs; brackets around IPv6 addresses are removed.
 */
export const toExtraHosts: Normalizer = (value) => {
  const pairs: [string, string][] = [];
  if (Array.isArray(value)) {
    for (const item of value) {
      const text = scalarString(item);
      const sep = text.includes("=") ? "=" : text.includes(":") ? ":" : undefined;
      if (sep === undefined) {
        throw new ProjectError("E_EXTRA_HOST", `invalid extra host "${text}": it has no IP address`, {
          hint: 'Write an extra host as "name=ip", e.g. "db.local=10.0.0.5" or "host.docker.internal=host-gateway".',
        });
      }
      const i = text.indexOf(sep);
      for (const ip of text.slice(i + 1).split(",")) pairs.push([text.slice(0, i), ip]);
    }
  } else if (isMap(value)) {
    for (const [host, ips] of Object.entries(value)) {
      for (const ip of Array.isArray(ips) ? ips : [ips]) pairs.push([host, scalarString(ip)]);
    }
  }
  return pairs.map(([host, ip]) => `${checkHost(host)}=${stripBrackets(ip)}`).sort();
};

function checkHost(host: string): string {
  if (host === "" || /[:=]/.test(host)) {
    throw new ProjectError("E_EXTRA_HOST", `bad host name "${host}" in extra_hosts`, {
      hint: 'Write an extra host as "name=ip"; the name cannot contain ":" or "=".',
    });
  }
  return host;
}

function stripBrackets(ip: string): string {
  return ip.length > 2 && ip.startsWith("[") && ip.endsWith("]") ? ip.slice(1, -1) : ip;
}

/**
 * `ulimits`: a number is both the soft and the hard limit and is marked `single` (Compose prints it
 * back as the number); limits written as strings become numbers.
 */
export const toUlimits: Normalizer = (value) => {
  if (!isMap(value)) return undefined;
  const out: Record<string, unknown> = {};
  for (const [name, limit] of Object.entries(value)) {
    if (isMap(limit)) setKey(out, name, { ...limit, soft: Number(limit["soft"]), hard: Number(limit["hard"]) });
    else setKey(out, name, { soft: Number(limit), hard: Number(limit), single: true });
  }
  return out;
};

/** `depends_on`: a list or a map, each entry with `condition`, `required` and `restart` filled in. */
export const toDependsOn: Normalizer = (value) => {
  const out: Record<string, unknown> = {};
  if (Array.isArray(value)) {
    for (const name of value) setKey(out, scalarString(name), { condition: "service_started", required: true, restart: false });
  } else if (isMap(value)) {
    for (const [name, dep] of Object.entries(value)) {
      const d = isMap(dep) ? dep : {};
      setKey(out, name, { ...d, condition: d["condition"] ?? "service_started", required: d["required"] ?? true, restart: d["restart"] ?? false });
    }
  }
  return out;
};

/** Service `networks`: a list becomes a map of `null`; mapping entries are kept (aliases, addresses…). */
export const toServiceNetworks: Normalizer = (value) => {
  const out: Record<string, unknown> = {};
  if (Array.isArray(value)) for (const name of value) setKey(out, scalarString(name), null);
  else if (isMap(value)) {
    for (const [name, cfg] of Object.entries(value)) {
      if (!isMap(cfg)) setKey(out, name, null);
      else setKey(out, name, cfg["driver_opts"] === undefined ? { ...cfg } : { ...cfg, driver_opts: toStringMap(cfg["driver_opts"]) });
    }
  }
  return out;
};

/**
 * Service `secrets`: a name becomes `{source, target: /run/secrets/<name>}`, a mapping without
 * `target` gets that default, as compose-go does.
 */
export const toSecretRefs: Normalizer = (value) => fileRefs(value, (source) => `/run/secrets/${source}`);

/** `build.secrets`: a name becomes `{source}`; no default target (compose-go sets it for service secrets only). */
export const toBuildSecretRefs: Normalizer = (value) => fileRefs(value, undefined);

/** Service `configs`: a name becomes `{source}`; the target stays unset as in Compose (the engine uses `/<source>`). */
export const toConfigRefs: Normalizer = (value) => fileRefs(value, undefined);

function fileRefs(value: Plain, defaultTarget: ((source: string) => string) | undefined): unknown[] {
  const list = Array.isArray(value) ? value : [];
  return list.map((item) => {
    const ref: Record<string, unknown> = isMap(item) ? { ...item } : { source: scalarString(item) };
    if (defaultTarget && (ref["target"] === undefined || ref["target"] === null || ref["target"] === "")) {
      ref["target"] = defaultTarget(String(ref["source"]));
    }
    return ref;
  });
}

/** `devices`: the short form `src[:dst[:perms]]` becomes `{source, target, permissions}`. */
export const toDevices: Normalizer = (value) => {
  const list = Array.isArray(value) ? value : [];
  return list.map((item) => {
    if (isMap(item)) return { ...item };
    const text = scalarString(item);
    const parts = text.split(":");
    if (parts.length > 3) {
      throw new ProjectError("E_DEVICE", `confusing device mapping "${text}"`, {
        hint: "Use the long syntax: {source: /dev/x, target: /dev/y, permissions: rwm}.",
      });
    }
    const [source = "", target = source, permissions = "rwm"] = parts;
    return { source, target, permissions };
  });
};

/** `logging`: option values as strings. */
export const toLogging: Normalizer = (value) => {
  if (!isMap(value)) return undefined;
  return value["options"] === undefined ? { ...value } : { ...value, options: toStringMap(value["options"]) };
};

/** Lifecycle hooks (`post_start`, `pre_stop`) and watch `exec`: command split, environment as a map. */
export const toHook: Normalizer = (value, at, ctx) => {
  if (!isMap(value)) return undefined;
  const out: Record<string, unknown> = { ...value };
  if (value["command"] !== undefined) out["command"] = toCommand(value["command"] ?? null, [...at, "command"], ctx) ?? [];
  if (value["environment"] !== undefined) out["environment"] = resolvedEnv(value["environment"] ?? null, ctx);
  return out;
};

/** A list of hooks. */
export const toHooks: Normalizer = (value, at, ctx) =>
  Array.isArray(value) ? value.map((hook, i) => toHook(hook, [...at, i], ctx)) : undefined;

function resolvedEnv(value: Plain, ctx: NormalizeContext): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(toLookupMap(value, ctx.lookup))) if (v !== null) setKey(out, k, v);
  return out;
}

/** `blkio_config`: `rate` values are byte sizes (`20mb`) or plain numbers. */
export const toBlkio: Normalizer = (value) => {
  if (!isMap(value)) return undefined;
  const out: Record<string, unknown> = { ...value };
  for (const key of ["device_read_bps", "device_read_iops", "device_write_bps", "device_write_iops"]) {
    const list = value[key];
    if (!Array.isArray(list)) continue;
    out[key] = list.map((d) => {
      if (!isMap(d) || d["rate"] === undefined || d["rate"] === null) return d;
      const rate = d["rate"];
      return { ...d, rate: typeof rate === "number" ? rate : parseByteSize(scalarString(rate)) };
    });
  }
  return out;
};

/** Keeps a map value, converting its `list_or_dict` fields to string maps. */
export function withStringMaps(value: PlainMap, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = { ...value };
  for (const key of keys) if (value[key] !== undefined && value[key] !== null) out[key] = toStringMap(value[key]);
  return out;
}
