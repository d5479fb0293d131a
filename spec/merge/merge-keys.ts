import type { Plain, PlainMap } from "../read/parse.js";

/** Computes the identity of one entry of a unique-key sequence (two entries with the same key collide). */
export type EntryKey = (entry: Plain) => string;

/** Whether a plain value is a mapping. */
export function isPlainMap(v: Plain | undefined): v is PlainMap {
  return v !== null && v !== undefined && typeof v === "object" && !Array.isArray(v);
}

/**
 * Splits one list-form entry of a key/value field into its name and value.
 * `K=V` gives `[K, V]`; a bare `K` gives `[K, null]` (the value comes from elsewhere, e.g. the shell).
 * With `hosts`, `host:ip` is accepted too (`=` wins when present, so `host=::1` keeps the IPv6 colons).
 */
export function splitEntry(entry: string, hosts = false): [string, string | null] {
  let i = entry.indexOf("=");
  if (i < 0 && hosts) i = entry.indexOf(":");
  if (i < 0) return [entry, null];
  return [entry.slice(0, i), entry.slice(i + 1)];
}

/** Identity key: the entry itself (numbers and their string form collide: `80` and `"80"`). */
export const valueKey: EntryKey = (entry) =>
  typeof entry === "string" || typeof entry === "number" || typeof entry === "boolean" ? String(entry) : JSON.stringify(entry);

/**
 * Key of a service port: `host_ip:published:target/protocol`, from the short syntax
 * (`[HOST_IP:][PUBLISHED:]TARGET[/PROTOCOL]`, IPv6 hosts in brackets) or the long one.
 * Missing parts are empty (protocol defaults to tcp), so `"8080:80"` and
 * `{target: 80, published: 8080}` collide.
 */
export const portKey: EntryKey = (entry) => {
  if (typeof entry === "number") return portKeyOf("", "", String(entry), "tcp");
  if (typeof entry === "string") return shortPortKey(entry);
  if (isPlainMap(entry)) {
    return portKeyOf(
      str(entry["host_ip"]),
      str(entry["published"]),
      str(entry["target"]),
      str(entry["protocol"]) || "tcp",
    );
  }
  return valueKey(entry);
};

function shortPortKey(spec: string): string {
  let rest = spec.trim();
  let protocol = "tcp";
  const slash = rest.lastIndexOf("/");
  if (slash >= 0) {
    protocol = rest.slice(slash + 1) || "tcp";
    rest = rest.slice(0, slash);
  }
  let host = "";
  if (rest.startsWith("[")) {
    const close = rest.indexOf("]");
    if (close > 0) {
      host = rest.slice(1, close);
      rest = rest.slice(close + 1).replace(/^:/, "");
    }
  }
  const parts = rest.split(":");
  const target = parts.pop() ?? "";
  const published = parts.pop() ?? "";
  // Whatever is left is the host (an unbracketed IPv6 address keeps its colons).
  if (parts.length > 0) host = parts.join(":");
  return portKeyOf(host, published, target, protocol);
}

function portKeyOf(host: string, published: string, target: string, protocol: string): string {
  const h = host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
  return `${h}:${published}:${target}/${protocol.toLowerCase()}`;
}

/** Key of a service volume: its container path (`SRC:DST[:MODE]`, a lone `DST`, or the long form's `target`). */
export const volumeKey: EntryKey = (entry) => {
  if (typeof entry === "string") {
    const parts = entry.split(":");
    return parts.length === 1 ? (parts[0] ?? "") : (parts[1] ?? "");
  }
  if (isPlainMap(entry) && entry["target"] !== undefined) return str(entry["target"]);
  return valueKey(entry);
};

/** Key of a device mapping: its container path (`HOST[:CONTAINER[:PERMS]]` or the long form's `target`). */
export const deviceKey: EntryKey = (entry) => {
  if (typeof entry === "string") {
    const parts = entry.split(":");
    return parts[1] ?? parts[0] ?? "";
  }
  if (isPlainMap(entry) && entry["target"] !== undefined) return str(entry["target"]);
  return valueKey(entry);
};

/**
 * Key of a secret or config reference: where it is mounted. The short form and a long form
 * without `target` mount at `<dir>/<source>`; a relative target is taken under `dir` too.
 * `dir` is `/run/secrets` for secrets and empty (the root) for configs.
 */
export function mountKey(dir: string): EntryKey {
  const under = (name: string) => (name.startsWith("/") ? name : `${dir}/${name}`);
  return (entry) => {
    if (typeof entry === "string") return under(entry);
    if (isPlainMap(entry)) {
      const target = entry["target"];
      if (target !== undefined && target !== null) return under(str(target));
      return under(str(entry["source"]));
    }
    return valueKey(entry);
  };
}

/** Key of an `env_file` entry: its path (short or `{path}` form). */
export const envFileKey: EntryKey = (entry) => {
  if (typeof entry === "string") return entry;
  if (isPlainMap(entry) && entry["path"] !== undefined) return str(entry["path"]);
  return valueKey(entry);
};

/** Key of an IPAM pool: its subnet. */
export const subnetKey: EntryKey = (entry) => (isPlainMap(entry) ? str(entry["subnet"]) : valueKey(entry));

function str(v: Plain | undefined): string {
  if (v === undefined || v === null) return "";
  return typeof v === "object" ? JSON.stringify(v) : String(v);
}
