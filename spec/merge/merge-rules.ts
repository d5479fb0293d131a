import type { TreePath } from "../location.js";
import {
  deviceKey,
  envFileKey,
  mountKey,
  portKey,
  subnetKey,
  valueKey,
  volumeKey,
  type EntryKey,
} from "./merge-keys.js";
import type { PlainMap } from "../read/parse.js";

/**
 * How two values at the same place are combined when a later file (or an extending service) is
 * laid over an earlier one. Places without a rule merge mappings recursively, append sequences and
 * let the later scalar win.
 */
export type MergeRule =
  /** The later value replaces the earlier one as a whole (`command`, `entrypoint`, `healthcheck.test`). */
  | { readonly kind: "replace" }
  /** The later value wins even when it is null (one entry of a key/value field). */
  | { readonly kind: "value" }
  /** A key/value field written as a map or a `K=V` list: merged by name into a map. */
  | { readonly kind: "keyValue"; readonly hosts?: boolean }
  /** A sequence whose entries are unique by `key`: a later entry replaces (or, with `deep`, merges into) an earlier one in place. */
  | { readonly kind: "unique"; readonly key: EntryKey; readonly deep?: boolean }
  /** A list of names or a map by name (`depends_on`, service `networks`): merged by name into a map. */
  | { readonly kind: "named"; readonly entry: PlainMap | null }
  /** `build`: a string is `{context: s}`, then mappings merge. */
  | { readonly kind: "build" }
  /** `logging`: options merge only when both sides name the same driver (or one names none). */
  | { readonly kind: "logging" }
  /** One `ulimits` entry: a number or `{soft, hard}`; mappings merge, anything else replaces. */
  | { readonly kind: "ulimit" };

const S = "services.*";
const REPLACE: MergeRule = { kind: "replace" };
const KV: MergeRule = { kind: "keyValue" };
const HOSTS: MergeRule = { kind: "keyValue", hosts: true };
const DEDUP: MergeRule = { kind: "unique", key: valueKey };

const RULES: ReadonlyArray<readonly [string, MergeRule]> = [
  [`${S}.command`, REPLACE],
  [`${S}.entrypoint`, REPLACE],
  [`${S}.healthcheck.test`, REPLACE],
  [`${S}.environment`, KV],
  [`${S}.labels`, KV],
  [`${S}.annotations`, KV],
  [`${S}.sysctls`, KV],
  [`${S}.extra_hosts`, HOSTS],
  [`${S}.build.args`, KV],
  [`${S}.build.labels`, KV],
  [`${S}.build.additional_contexts`, KV],
  [`${S}.build.extra_hosts`, HOSTS],
  [`${S}.deploy.labels`, KV],
  [`${S}.networks.*.driver_opts`, KV],
  ["networks.*.labels", KV],
  ["networks.*.driver_opts", KV],
  ["volumes.*.labels", KV],
  ["volumes.*.driver_opts", KV],
  ["secrets.*.labels", KV],
  ["configs.*.labels", KV],
  [`${S}.ports`, { kind: "unique", key: portKey }],
  [`${S}.volumes`, { kind: "unique", key: volumeKey }],
  [`${S}.secrets`, { kind: "unique", key: mountKey("/run/secrets") }],
  [`${S}.configs`, { kind: "unique", key: mountKey("") }],
  [`${S}.devices`, { kind: "unique", key: deviceKey }],
  [`${S}.env_file`, { kind: "unique", key: envFileKey }],
  [`${S}.label_file`, DEDUP],
  [`${S}.expose`, DEDUP],
  [`${S}.dns`, DEDUP],
  [`${S}.dns_search`, DEDUP],
  [`${S}.dns_opt`, DEDUP],
  [`${S}.tmpfs`, DEDUP],
  [`${S}.cap_add`, DEDUP],
  [`${S}.cap_drop`, DEDUP],
  [`${S}.security_opt`, DEDUP],
  [`${S}.profiles`, DEDUP],
  [`${S}.external_links`, DEDUP],
  [`${S}.links`, DEDUP],
  [`${S}.build.tags`, DEDUP],
  [`${S}.build.platforms`, DEDUP],
  [`${S}.networks.*.aliases`, DEDUP],
  [`${S}.networks.*.link_local_ips`, DEDUP],
  ["networks.*.ipam.config", { kind: "unique", key: subnetKey, deep: true }],
  [`${S}.depends_on`, { kind: "named", entry: { condition: "service_started" } }],
  [`${S}.networks`, { kind: "named", entry: null }],
  [`${S}.models`, { kind: "named", entry: null }],
  [`${S}.build`, { kind: "build" }],
  [`${S}.logging`, { kind: "logging" }],
  [`${S}.ulimits.*`, { kind: "ulimit" }],
];

const BY_LENGTH = new Map<number, Array<readonly [readonly string[], MergeRule]>>();
for (const [pattern, rule] of RULES) {
  const segs = pattern.split(".");
  const list = BY_LENGTH.get(segs.length) ?? [];
  list.push([segs, rule]);
  BY_LENGTH.set(segs.length, list);
}

/**
 * The special rule for the node at `path` of a compose tree (`*` in a rule matches any one key),
 * or undefined when the default merge applies.
 */
export function mergeRuleFor(path: TreePath): MergeRule | undefined {
  const candidates = BY_LENGTH.get(path.length);
  if (!candidates) return undefined;
  for (const [segs, rule] of candidates) {
    if (segs.every((s, i) => s === "*" || s === path[i])) return rule;
  }
  return undefined;
}
