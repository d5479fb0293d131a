import type { Project, ServiceConfig } from "../project.js";

/** How a value at a given path is printed. */
type Rule = "omit-false" | "omit-zero" | "bytes" | "omit-zero-bytes" | "mode" | "ulimit" | "device-count" | "gpus";

const SERVICE_RULES: Readonly<Record<string, Rule>> = {
  // Plain (non-pointer) Go bools and numbers are `omitempty` in compose-go: false and 0 are not printed.
  ...each(["oom_kill_disable", "privileged", "read_only", "stdin_open", "tty", "use_api_socket"], "omit-false"),
  ...each(["build.no_cache", "build.pull", "build.privileged", "healthcheck.disable"], "omit-false"),
  ...each(["volumes.*.read_only", "volumes.*.bind.create_host_path", "volumes.*.volume.nocopy"], "omit-false"),
  ...each(["post_start.*.privileged", "pre_start.*.privileged", "pre_stop.*.privileged"], "omit-false"),
  ...each(["develop.watch.*.exec.privileged", "develop.watch.*.initial_sync", "depends_on.*.restart"], "omit-false"),
  ...each(["cpu_count", "cpu_percent", "cpu_period", "cpu_quota", "cpu_rt_period", "cpu_rt_runtime", "cpus"], "omit-zero"),
  ...each(["cpu_shares", "oom_score_adj", "pids_limit", "blkio_config.weight"], "omit-zero"),
  ...each(["networks.*.priority", "networks.*.gw_priority", "volumes.*.tmpfs.mode"], "omit-zero"),
  ...each(["deploy.resources.limits.cpus", "deploy.resources.limits.pids"], "omit-zero"),
  ...each(["deploy.resources.reservations.cpus", "deploy.resources.reservations.pids"], "omit-zero"),
  // compose-go's UnitBytes marshals as a decimal string.
  ...each(["mem_limit", "mem_reservation", "memswap_limit", "mem_swappiness", "shm_size", "build.shm_size"], "omit-zero-bytes"),
  ...each(["deploy.resources.limits.memory", "deploy.resources.reservations.memory", "volumes.*.tmpfs.size"], "omit-zero-bytes"),
  ...each(["device_read_bps", "device_read_iops", "device_write_bps", "device_write_iops"].map((k) => `blkio_config.${k}.*.rate`), "bytes"),
  // FileMode marshals as an octal string.
  ...each(["secrets.*.mode", "configs.*.mode", "build.secrets.*.mode"], "mode"),
  ...each(["ulimits.*", "build.ulimits.*"], "ulimit"),
  // compose-go's DeviceCount is a number, `all` being -1; `gpus: all` is one request of every device.
  ...each(["gpus.*.count", "deploy.resources.reservations.devices.*.count", "deploy.resources.limits.devices.*.count"], "device-count"),
  gpus: "gpus",
};

const RULES: Readonly<Record<string, Rule>> = {
  ...Object.fromEntries(Object.entries(SERVICE_RULES).map(([p, r]) => [`services.*.${p}`, r])),
  ...each(["networks.*.external", "networks.*.internal", "networks.*.attachable"], "omit-false"),
  ...each(["volumes.*.external", "secrets.*.external", "configs.*.external"], "omit-false"),
};

function each(paths: readonly string[], rule: Rule): Record<string, Rule> {
  return Object.fromEntries(paths.map((p) => [p, rule]));
}

interface Trie {
  readonly children: Map<string, Trie>;
  rule?: Rule;
}

const TRIE: Trie = buildTrie(RULES);

function buildTrie(rules: Readonly<Record<string, Rule>>): Trie {
  const root: Trie = { children: new Map() };
  for (const [pattern, rule] of Object.entries(rules)) {
    let node = root;
    for (const part of pattern.split(".")) {
      let next = node.children.get(part);
      if (!next) node.children.set(part, (next = { children: new Map() }));
      node = next;
    }
    node.rule = rule;
  }
  return root;
}

function step(nodes: readonly Trie[], key: string): Trie[] {
  const out: Trie[] = [];
  for (const n of nodes) {
    const exact = n.children.get(key);
    if (exact) out.push(exact);
    const star = n.children.get("*");
    if (star && key !== "*") out.push(star);
  }
  return out;
}

/** Options of `configModel`. */
export interface ConfigModelOptions {
  /** JSON output: services carry `command` and `entrypoint` (null when unset), as compose-go's json tags do. */
  readonly json?: boolean;
}

/**
 * The project as `docker compose config` prints it (compose-go's YAML/JSON marshalling), as a plain
 * JSON-like tree with keys in no particular order: byte sizes as decimal strings (`"268435456"`),
 * secret/config modes as octal strings (`"0440"`), a one-number ulimit as that number (unless 0), Go's
 * `omitempty` applied (plain booleans that are false, numbers that are 0, service strings that are
 * empty, `depends_on.*.restart: false`), empty top-level sections left out. The project is not modified;
 * subtrees no rule applies to are the project's own (frozen) objects, not copies.
 */
export function configModel(project: Project, opts: ConfigModelOptions = {}): Record<string, unknown> {
  const out = convert(project, [TRIE]) as Record<string, unknown>;
  for (const key of ["networks", "volumes", "secrets", "configs", "models"]) {
    const v = out[key];
    if (v === undefined || (typeof v === "object" && v !== null && Object.keys(v).length === 0)) delete out[key];
  }
  const services = (out["services"] ?? {}) as Record<string, Record<string, unknown>>;
  for (const svc of Object.values(services)) finishService(svc, opts);
  return out;
}

const SERVICE_NODES = step(step([TRIE], "services"), "*");

/**
 * One service as `configModel` prints it under `services.<name>`: what Compose's config hash and
 * its JSON are computed from.
 */
export function serviceConfigModel(service: ServiceConfig, opts: ConfigModelOptions = {}): Record<string, unknown> {
  const out = convert(service, SERVICE_NODES) as Record<string, unknown>;
  finishService(out, opts);
  return out;
}

/** One entry of a top-level section (`networks`, `volumes`, …) as `configModel` prints it. */
export function sectionEntryModel(section: "networks" | "volumes" | "secrets" | "configs", entry: object): Record<string, unknown> {
  return convert(entry, step(step([TRIE], section), "*")) as Record<string, unknown>;
}

function finishService(svc: Record<string, unknown>, opts: ConfigModelOptions): void {
  for (const [k, v] of Object.entries(svc)) if (v === "" && !k.startsWith("x-")) delete svc[k];
  // Merged into labels: Compose's config does not print it (serviceConfigHash adds it back, as Compose hashes it).
  delete svc["label_file"];
  if (opts.json) {
    svc["command"] ??= null;
    svc["entrypoint"] ??= null;
  }
}

function convert(value: unknown, nodes: readonly Trie[]): unknown {
  // No rule below: the (frozen) subtree is printed as it is, so it is shared rather than copied.
  if (nodes.length === 0) return value;
  const rule = nodes.find((n) => n.rule)?.rule;
  if (rule) return applyRule(rule, value);
  if (Array.isArray(value)) return value.map((v, i) => convert(v, step(nodes, String(i))));
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === undefined) continue;
    const next = step(nodes, k);
    const childRule = next.find((n) => n.rule)?.rule;
    if (childRule && omitted(childRule, v)) continue;
    define(out, k, convert(v, next));
  }
  return out;
}

function omitted(rule: Rule, v: unknown): boolean {
  return (rule === "omit-false" && v === false) || ((rule === "omit-zero" || rule === "omit-zero-bytes") && v === 0);
}

function applyRule(rule: Rule, v: unknown): unknown {
  switch (rule) {
    case "bytes":
    case "omit-zero-bytes":
      return typeof v === "number" ? String(v) : v;
    case "mode":
      return typeof v === "number" ? `0${v.toString(8)}` : v;
    case "device-count":
      return v === "all" ? -1 : v;
    case "gpus":
      return v === "all" ? [{ count: -1 }] : Array.isArray(v) ? v.map((r: unknown) => deviceRequest(r)) : v;
    case "ulimit": {
      if (v === null || typeof v !== "object") return v;
      const u = v as { soft?: unknown; hard?: unknown; single?: unknown };
      // compose-go keeps a single value in `Single` and prints it only when it is not 0.
      return u.single === true && u.soft !== 0 ? u.soft : { soft: u.soft, hard: u.hard };
    }
    default:
      return v;
  }
}

function deviceRequest(r: unknown): unknown {
  if (r === null || typeof r !== "object" || (r as { count?: unknown }).count !== "all") return r;
  return { ...(r as object), count: -1 };
}

/** Sets `out[k] = v`, keeping a `__proto__` key as data. */
function define(out: Record<string, unknown>, k: string, v: unknown): void {
  if (k === "__proto__") Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  else out[k] = v;
}
