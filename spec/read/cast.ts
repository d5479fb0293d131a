import type { Diagnostics } from "../errors.js";
import type { TreePath } from "../location.js";
import type { ComposeFile, Plain, PlainMap } from "./parse.js";

/** What a typed field holds: an integer, a float, a boolean, or a file mode (octal when written 0…/0o…). */
type CastKind = "int" | "float" | "bool" | "mode";

/**
 * compose-go's interpolation type-cast table (loader/interpolate.go), plus the boolean/integer
 * fields of the schema it leaves out. Paths are relative to `services.<name>`; `*` is any one key
 * or list index. `ports.*.published` is deliberately absent: Compose keeps it a string ("8080-8090").
 */
const SERVICE_FIELDS: Readonly<Record<string, CastKind>> = {
  attach: "bool",
  "blkio_config.weight": "int",
  "blkio_config.weight_device.*.weight": "int",
  "blkio_config.device_read_bps.*.rate": "int",
  "blkio_config.device_read_iops.*.rate": "int",
  "blkio_config.device_write_bps.*.rate": "int",
  "blkio_config.device_write_iops.*.rate": "int",
  "build.no_cache": "bool",
  "build.pull": "bool",
  "build.privileged": "bool",
  "build.ulimits.*": "int",
  "build.ulimits.*.hard": "int",
  "build.ulimits.*.soft": "int",
  "configs.*.mode": "mode",
  cpu_count: "int",
  cpu_percent: "float",
  cpu_period: "int",
  cpu_quota: "int",
  cpu_rt_period: "int",
  cpu_rt_runtime: "int",
  cpu_shares: "int",
  cpus: "float",
  "depends_on.*.required": "bool",
  "depends_on.*.restart": "bool",
  "deploy.replicas": "int",
  "deploy.update_config.parallelism": "int",
  "deploy.update_config.max_failure_ratio": "float",
  "deploy.rollback_config.parallelism": "int",
  "deploy.rollback_config.max_failure_ratio": "float",
  "deploy.restart_policy.max_attempts": "int",
  "deploy.placement.max_replicas_per_node": "int",
  "deploy.resources.limits.cpus": "float",
  "deploy.resources.limits.pids": "int",
  "deploy.resources.reservations.cpus": "float",
  "deploy.resources.reservations.devices.*.count": "int",
  "deploy.resources.reservations.generic_resources.*.discrete_resource_spec.value": "float",
  "develop.watch.*.initial_sync": "bool",
  "env_file.*.required": "bool",
  "gpus.*.count": "int",
  "healthcheck.retries": "int",
  "healthcheck.disable": "bool",
  init: "bool",
  mem_swappiness: "int",
  "networks.*.priority": "float",
  "networks.*.gw_priority": "float",
  oom_kill_disable: "bool",
  oom_score_adj: "int",
  pids_limit: "int",
  "ports.*.target": "int",
  "post_start.*.privileged": "bool",
  "pre_stop.*.privileged": "bool",
  privileged: "bool",
  read_only: "bool",
  scale: "int",
  "secrets.*.mode": "mode",
  stdin_open: "bool",
  tty: "bool",
  "ulimits.*": "int",
  "ulimits.*.hard": "int",
  "ulimits.*.soft": "int",
  use_api_socket: "bool",
  "volumes.*.read_only": "bool",
  "volumes.*.bind.create_host_path": "bool",
  "volumes.*.volume.nocopy": "bool",
  "volumes.*.tmpfs.size": "int",
  "volumes.*.tmpfs.mode": "mode",
};

/** Top-level typed fields (outside `services`). */
const TOP_LEVEL_FIELDS: Readonly<Record<string, CastKind>> = {
  "networks.*.external": "bool",
  "networks.*.internal": "bool",
  "networks.*.attachable": "bool",
  "networks.*.enable_ipv4": "bool",
  "networks.*.enable_ipv6": "bool",
  "volumes.*.external": "bool",
  "secrets.*.external": "bool",
  "configs.*.external": "bool",
  "models.*.context_size": "int",
};

/** One level of the rule trie: children by exact segment, the `*` child, and the kind of a full match. */
interface RuleNode {
  readonly exact: Map<string, RuleNode>;
  star?: RuleNode;
  kind?: CastKind;
}

const RULES: RuleNode = ruleTrie([
  ...Object.entries(SERVICE_FIELDS).map(([p, kind]) => [["services", "*", ...p.split(".")], kind] as const),
  ...Object.entries(TOP_LEVEL_FIELDS).map(([p, kind]) => [p.split("."), kind] as const),
]);

function ruleTrie(rules: ReadonlyArray<readonly [readonly string[], CastKind]>): RuleNode {
  const root: RuleNode = { exact: new Map() };
  for (const [pattern, kind] of rules) {
    let node = root;
    for (const seg of pattern) {
      let next: RuleNode | undefined = seg === "*" ? node.star : node.exact.get(seg);
      if (!next) {
        next = { exact: new Map() };
        if (seg === "*") node.star = next;
        else node.exact.set(seg, next);
      }
      node = next;
    }
    node.kind ??= kind;
  }
  return root;
}

/**
 * Converts strings at Compose's typed paths to numbers or booleans, so that `"${PORT:-8080}"`
 * satisfies an integer field after interpolation. Only a string that is a valid value of the
 * field's type is converted (booleans: true/false/yes/no/on/off/y/n, any case, like compose-go's
 * toBoolean; YAML 1.1 spellings get a W_YAML11_BOOLEAN warning); anything else is left for the
 * schema to report. Returns a new ComposeFile with the same `path`, `sources` and `tags`; the input
 * tree is not modified, and subtrees with nothing to convert are shared with it.
 */
export function castValues(file: ComposeFile, diag: Diagnostics): ComposeFile {
  const at = (value: string, path: TreePath, kind: CastKind): Plain => {
    const cast = castString(value, kind);
    if (cast === undefined) return value;
    if (typeof cast === "boolean" && !/^(true|false)$/i.test(value)) {
      const location = file.sources.locate(path);
      diag.warn("W_YAML11_BOOLEAN", `"${value}" as a boolean is YAML 1.1 syntax; write ${String(cast)}`, {
        path,
        ...(location ? { location } : {}),
      });
    }
    return cast;
  };
  const data = castNode(file.data, [RULES], [], at) as typeof file.data;
  return { path: file.path, data, sources: file.sources, tags: file.tags };
}

/**
 * Walks only where some rule can still match (`rules`: the trie nodes reached by `path`), so the
 * cost follows the typed fields, not the size of the tree. Returns `node` itself when nothing below
 * it changed.
 */
function castNode(node: Plain, rules: readonly RuleNode[], path: TreePath, at: (value: string, path: TreePath, kind: CastKind) => Plain): Plain {
  if (typeof node === "string") {
    const kind = rules.find((r) => r.kind !== undefined)?.kind;
    return kind === undefined ? node : at(node, path, kind);
  }
  if (node === null || typeof node !== "object") return node;
  const next = (seg: string | number): RuleNode[] => {
    const out: RuleNode[] = [];
    for (const r of rules) {
      const exact = r.exact.get(String(seg));
      if (exact) out.push(exact);
      if (r.star) out.push(r.star);
    }
    return out;
  };
  if (Array.isArray(node)) {
    let copy: Plain[] | undefined;
    for (let i = 0; i < node.length; i++) {
      const kids = next(i);
      if (kids.length === 0) continue;
      const item = node[i] ?? null;
      const c = castNode(item, kids, [...path, i], at);
      if (c !== item) (copy ??= [...node])[i] = c;
    }
    return copy ?? node;
  }
  let copy: PlainMap | undefined;
  for (const key of Object.keys(node)) {
    const kids = next(key);
    if (kids.length === 0) continue;
    const value = node[key] ?? null;
    const c = castNode(value, kids, [...path, key], at);
    if (c !== value) setData((copy ??= copyMap(node)), key, c);
  }
  return copy ?? node;
}

/** A shallow copy keeping key order. */
function copyMap(node: PlainMap): PlainMap {
  const out: PlainMap = {};
  for (const [key, value] of Object.entries(node)) setData(out, key, value);
  return out;
}

/** Sets `map[key]`; a "__proto__" key must stay data (plain assignment would replace the prototype). */
function setData(map: PlainMap, key: string, value: Plain): void {
  if (key === "__proto__") Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true });
  else map[key] = value;
}

const INTEGER = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const OCTAL = /^0[oO]?([0-7]+)$/;

/** The typed value of `value`, or undefined when it is not a valid value of that kind. */
function castString(value: string, kind: CastKind): Plain | undefined {
  switch (kind) {
    case "int":
      return toInteger(value);
    case "float":
      return FLOAT.test(value) ? Number(value) : undefined;
    case "bool":
      return toBoolean(value);
    case "mode": {
      const octal = OCTAL.exec(value);
      return octal ? parseInt(octal[1]!, 8) : toInteger(value);
    }
  }
}

function toInteger(value: string): number | undefined {
  if (!INTEGER.test(value)) return undefined;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : undefined;
}

function toBoolean(value: string): boolean | undefined {
  switch (value.toLowerCase()) {
    case "true":
    case "yes":
    case "y":
    case "on":
      return true;
    case "false":
    case "no":
    case "n":
    case "off":
      return false;
    default:
      return undefined;
  }
}
