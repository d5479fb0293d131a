/**
 * The shapes compose-go (the loader inside Docker Compose 2.40) marshals its model with, as far as
 * JSON output depends on them: each struct's fields in declaration order (Go's `encoding/json`
 * writes struct fields in that order and map keys sorted), which fields are non-pointer structs
 * (written even when empty: `"ipam": {}`), which fields have no `omitempty` (`"command": null`),
 * and which have no JSON tag (written under their Go name: `"Path"`). `docker compose config
 * --format json` and the config hashes Compose labels its objects with both come from this shape.
 */
export type GoType = GoStruct | GoMap | GoList | "scalar";

/** A Go struct: fields in declaration order. Extension (`x-*`) keys are `json:"-"`: never written. */
export interface GoStruct {
  readonly kind: "struct";
  readonly fields: readonly GoField[];
  /** A map lookup by our (lower-case) key. */
  readonly byKey: ReadonlyMap<string, GoField>;
}

/** A Go map: keys written in byte order, every value of one type (or, by key, of `byKey`'s). */
export interface GoMap {
  readonly kind: "map";
  readonly value: GoType;
  readonly byKey?: ReadonlyMap<string, GoType>;
}

/** A Go slice of one element type. */
export interface GoList {
  readonly kind: "list";
  readonly item: GoType;
}

/** One struct field. */
export interface GoField {
  /** The key in tscompose's model (the YAML key). */
  readonly key: string;
  /** The JSON name when it differs from `key` (fields without a json tag). */
  readonly json: string;
  readonly type: GoType;
  /** Written even when absent: a non-pointer struct (`{}`) or a field without `omitempty` (`null`). */
  readonly always?: "empty-struct" | "null";
}

type FieldSpec = string | readonly [key: string, type: GoType, opts?: { always?: GoField["always"]; json?: string }];

function struct(...specs: readonly FieldSpec[]): GoStruct {
  const fields = specs.map((s): GoField => {
    if (typeof s === "string") return { key: s, json: s, type: "scalar" };
    const [key, type, opts] = s;
    return { key, json: opts?.json ?? key, type, ...(opts?.always ? { always: opts.always } : {}) };
  });
  return { kind: "struct", fields, byKey: new Map(fields.map((f) => [f.key, f])) };
}

const map = (value: GoType = "scalar"): GoMap => ({ kind: "map", value });
const list = (item: GoType = "scalar"): GoList => ({ kind: "list", item });
const always = { always: "empty-struct" } as const;
const nullable = { always: "null" } as const;

const FILE_REFERENCE = struct("source", "target", "uid", "gid", "mode");
const ULIMITS = map(struct("single", "soft", "hard"));
const DEVICE_REQUEST = struct("capabilities", "driver", "count", "device_ids", ["options", map()]);
const SERVICE_HOOK = struct(["command", "scalar", nullable], "user", "privileged", "working_dir", ["environment", map()]);
const WEIGHT_DEVICE = struct(["path", "scalar", { json: "Path" }], ["weight", "scalar", { json: "Weight" }]);
const THROTTLE_DEVICE = struct(["path", "scalar", { json: "Path" }], ["rate", "scalar", { json: "Rate" }]);
const RESOURCE = struct(
  "cpus",
  "memory",
  "pids",
  ["devices", list(DEVICE_REQUEST)],
  ["generic_resources", list(struct(["discrete_resource_spec", struct("kind", "value")]))],
);
const UPDATE_CONFIG = struct("parallelism", "delay", "failure_action", "monitor", "max_failure_ratio", "order");

const BUILD = struct(
  "context",
  "dockerfile",
  "dockerfile_inline",
  "entitlements",
  ["args", map()],
  "provenance",
  "sbom",
  "ssh",
  ["labels", map()],
  "cache_from",
  "cache_to",
  "no_cache",
  "no_cache_filter",
  ["additional_contexts", map()],
  "pull",
  "extra_hosts",
  "isolation",
  "network",
  "target",
  ["secrets", list(FILE_REFERENCE)],
  "shm_size",
  "tags",
  ["ulimits", ULIMITS],
  "platforms",
  "privileged",
);

const DEPLOY = struct(
  "mode",
  "replicas",
  ["labels", map()],
  ["update_config", UPDATE_CONFIG],
  ["rollback_config", UPDATE_CONFIG],
  ["resources", struct(["limits", RESOURCE], ["reservations", RESOURCE]), always],
  ["restart_policy", struct("condition", "delay", "max_attempts", "window")],
  ["placement", struct("constraints", ["preferences", list(struct("spread"))], "max_replicas_per_node"), always],
  "endpoint_mode",
);

const SERVICE_VOLUME = struct(
  "type",
  "source",
  "target",
  "read_only",
  "consistency",
  ["bind", struct("selinux", "propagation", "create_host_path", "recursive")],
  ["volume", struct(["labels", map()], "nocopy", "subpath")],
  ["tmpfs", struct("size", "mode")],
  ["image", struct("subpath")],
);

const SERVICE_NETWORK = struct(
  "aliases",
  ["driver_opts", map()],
  "gw_priority",
  "interface_name",
  "ipv4_address",
  "ipv6_address",
  "link_local_ips",
  "mac_address",
  "priority",
);

/** compose-go's `ServiceConfig`. */
export const SERVICE: GoStruct = struct(
  "profiles",
  ["annotations", map()],
  "attach",
  ["build", BUILD],
  ["develop", struct(["watch", list(struct("path", "action", "target", ["exec", SERVICE_HOOK, always], "include", "ignore", "initial_sync"))])],
  [
    "blkio_config",
    struct(
      "weight",
      ["weight_device", list(WEIGHT_DEVICE)],
      ["device_read_bps", list(THROTTLE_DEVICE)],
      ["device_read_iops", list(THROTTLE_DEVICE)],
      ["device_write_bps", list(THROTTLE_DEVICE)],
      ["device_write_iops", list(THROTTLE_DEVICE)],
    ),
  ],
  "cap_add",
  "cap_drop",
  "cgroup_parent",
  "cgroup",
  "cpu_count",
  "cpu_percent",
  "cpu_period",
  "cpu_quota",
  "cpu_rt_period",
  "cpu_rt_runtime",
  "cpus",
  "cpuset",
  "cpu_shares",
  ["command", "scalar", nullable],
  ["configs", list(FILE_REFERENCE)],
  "container_name",
  ["credential_spec", struct("config", "file", "registry")],
  ["depends_on", map(struct("condition", "restart", "required"))],
  ["deploy", DEPLOY],
  "device_cgroup_rules",
  ["devices", list(struct("source", "target", "permissions"))],
  "dns",
  "dns_opt",
  "dns_search",
  "dockerfile",
  "domainname",
  ["entrypoint", "scalar", nullable],
  ["provider", struct("type", ["options", map()])],
  ["environment", map()],
  ["env_file", list(struct("path", "required", "format"))],
  "expose",
  ["extends", struct("file", "service")],
  "external_links",
  "extra_hosts",
  "group_add",
  ["gpus", list(DEVICE_REQUEST)],
  "hostname",
  ["healthcheck", struct("test", "timeout", "interval", "retries", "start_period", "start_interval", "disable")],
  "image",
  "init",
  "ipc",
  "isolation",
  ["labels", map()],
  "label_file",
  "links",
  ["logging", struct("driver", ["options", map()])],
  "log_driver",
  ["log_opt", map()],
  "mem_limit",
  "mem_reservation",
  "memswap_limit",
  "mem_swappiness",
  "mac_address",
  ["models", map(struct("endpoint_var"))],
  "net",
  "network_mode",
  ["networks", map(SERVICE_NETWORK)],
  "oom_kill_disable",
  "oom_score_adj",
  "pid",
  "pids_limit",
  "platform",
  ["ports", list(struct("name", "mode", "host_ip", "target", "published", "protocol", "app_protocol"))],
  "privileged",
  "pull_policy",
  "read_only",
  "restart",
  "runtime",
  "scale",
  ["secrets", list(FILE_REFERENCE)],
  "security_opt",
  "shm_size",
  "stdin_open",
  "stop_grace_period",
  "stop_signal",
  ["storage_opt", map()],
  ["sysctls", map()],
  "tmpfs",
  "tty",
  ["ulimits", ULIMITS],
  "use_api_socket",
  "user",
  "userns_mode",
  "uts",
  "volume_driver",
  ["volumes", list(SERVICE_VOLUME)],
  "volumes_from",
  "working_dir",
  ["post_start", list(SERVICE_HOOK)],
  ["pre_stop", list(SERVICE_HOOK)],
);

/** compose-go's `NetworkConfig`. */
export const NETWORK: GoStruct = struct(
  "name",
  "driver",
  ["driver_opts", map()],
  ["ipam", struct("driver", ["config", list(struct("subnet", "gateway", "ip_range", ["aux_addresses", map()]))]), always],
  "external",
  "internal",
  "attachable",
  ["labels", map()],
  "enable_ipv4",
  "enable_ipv6",
);

/** compose-go's `VolumeConfig`. */
export const VOLUME: GoStruct = struct("name", "driver", ["driver_opts", map()], "external", ["labels", map()]);

const FILE_OBJECT = struct(
  "name",
  "file",
  "environment",
  "content",
  "external",
  ["labels", map()],
  "driver",
  ["driver_opts", map()],
  "template_driver",
);

/**
 * compose-go's `Project` as `config --format json` writes it: a map (so its keys are sorted, and
 * top-level `x-*` keys are kept), each section a map of its struct.
 */
export const PROJECT: GoMap = {
  kind: "map",
  value: "scalar",
  byKey: new Map<string, GoType>([
    ["services", map(SERVICE)],
    ["networks", map(NETWORK)],
    ["volumes", map(VOLUME)],
    ["secrets", map(FILE_OBJECT)],
    ["configs", map(FILE_OBJECT)],
    ["models", map(struct("name", "model", "context_size", "runtime_flags"))],
  ]),
};

/** The type of member `key` of a value of type `t` (a sequence's items whatever the key). */
export function childType(t: GoType, key: string): GoType {
  if (t === "scalar") return "scalar";
  switch (t.kind) {
    case "struct":
      return t.byKey.get(key)?.type ?? "scalar";
    case "map":
      return t.byKey?.get(key) ?? t.value;
    case "list":
      return t.item;
  }
}

/** The type found by following `path` (keys; a sequence's items by any key) from `root`. */
export function typeAt(root: GoType, path: readonly string[]): GoType {
  let t = root;
  for (const key of path) t = childType(t, key);
  return t;
}

/**
 * Orders a mapping's keys as compose-go's YAML marshalling does: a struct's fields in declaration
 * order, then its inline extensions (`x-*` and keys the type does not know) in `rest` order; a
 * map's keys (or an untyped mapping's) in `rest` order. Sorts `keys` in place and returns them.
 */
export function orderKeys(t: GoType, keys: string[], rest: (a: string, b: string) => number): string[] {
  if (t === "scalar" || t.kind !== "struct") return keys.sort(rest);
  const rank = (k: string): number => {
    const i = t.fields.findIndex((f) => f.key === k);
    return i < 0 ? t.fields.length : i;
  };
  return keys.sort((a, b) => rank(a) - rank(b) || rest(a, b));
}
