import path from "node:path";
import { ProjectError } from "./errors.js";
import { isWindowsPath, resolveHostPath, type PathBase } from "./normalize-paths.js";
import type { Plain, PlainMap } from "./parse.js";
import type { ServiceVolume } from "./project.js";
import { parseByteSize } from "./units.js";

const SHORT_HINT =
  'Write a volume as SOURCE:TARGET[:MODE] (e.g. "./src:/app:ro", "data:/var/lib/data") or TARGET alone ' +
  'for an anonymous volume; modes are ro, rw, z, Z, nocopy and a propagation (shared, rslave, …), comma-separated.';
const PROPAGATIONS = new Set(["rprivate", "private", "rshared", "shared", "rslave", "slave"]);
const SELINUX = new Set(["z", "Z"]);
/** Docker Desktop's macOS consistency modes: accepted and ignored, as compose-go does (no `consistency` key). */
const CONSISTENCY = new Set(["cached", "delegated", "consistent"]);

/**
 * Normalizes one service `volumes:` entry to the long syntax, with Compose's rules:
 * a string is the short syntax (see `parseVolumeSpec`); a mapping is the long syntax, passed through
 * with a bind source made absolute (`~` expanded), paths cleaned and `tmpfs.size` in bytes. Unlike
 * the short syntax, a long-syntax bind gets no `create_host_path` (false), as in Compose 2.40.
 * A Windows bind source (`C:\data`, `\\server\share`) is kept as written, as Compose passes it through.
 * Throws a ProjectError (`E_VOLUME`) for a missing or relative target or a bad mode.
 */
export function normalizeVolume(entry: Plain, base: PathBase): ServiceVolume {
  if (typeof entry === "string") return parseVolumeSpec(entry, base);
  if (entry !== null && typeof entry === "object" && !Array.isArray(entry)) return longVolume(entry, base);
  throw new ProjectError("E_VOLUME", `invalid volume entry ${JSON.stringify(entry)}`, { hint: SHORT_HINT });
}

/**
 * Parses the short syntax `SRC:DST[:MODE]`. A source starting with `.`, `/` or `~` is a bind mount
 * (made absolute, and given `bind.create_host_path: true` as docker-compose v1 did); any other source
 * is a named volume; `DST` alone is an anonymous volume. The consistency modes `cached`, `delegated`
 * and `consistent` are accepted and ignored, as in Compose. A Windows source (`C:\data`, `c:/data`,
 * `\\server\share`) is a bind kept as written (its drive colon is no separator), as compose-go
 * parses it; the engine decides whether it can mount it.
 */
export function parseVolumeSpec(spec: string, base: PathBase): ServiceVolume {
  const fail = (why: string, hint = SHORT_HINT): never => {
    throw new ProjectError("E_VOLUME", `invalid volume "${spec}": ${why}`, { hint });
  };
  if (spec === "") fail("it is empty");
  // compose-go: a drive letter's colon (`C:`) does not split the spec.
  const drive = WINDOWS_DRIVE.test(spec) ? spec.slice(0, 2) : "";
  const parts = spec.slice(drive.length).split(":");
  parts[0] = drive + (parts[0] ?? "");
  if (parts.length > 3) fail("it has too many colons");
  if (parts.some((p) => p === "")) fail("it has an empty part between colons");
  const [first = "", second, mode] = parts;
  const source = second === undefined ? undefined : first;
  const target = second ?? first;
  checkTarget(target, fail);
  const isBind = source !== undefined && (/^[./~]/.test(source) || isWindowsSource(source));
  const out: Record<string, unknown> = { type: isBind ? "bind" : "volume" };
  if (source !== undefined) out["source"] = isBind ? hostPath(source, base) : source;
  out["target"] = path.posix.resolve(target);
  const bind: Record<string, unknown> = {};
  const volume: Record<string, unknown> = {};
  for (const option of mode === undefined ? [] : mode.split(",")) {
    if (option === "ro") out["read_only"] = true;
    else if (option === "rw") delete out["read_only"];
    else if (option === "nocopy") volume["nocopy"] = true;
    else if (SELINUX.has(option)) bind["selinux"] = option;
    else if (PROPAGATIONS.has(option)) bind["propagation"] = option;
    else if (CONSISTENCY.has(option)) continue;
    else fail(`unknown mode "${option}"`);
  }
  if (isBind) out["bind"] = { ...bind, create_host_path: true };
  else {
    if (Object.keys(bind).length > 0) out["bind"] = bind;
    out["volume"] = volume;
  }
  if (isBind && Object.keys(volume).length > 0) out["volume"] = volume;
  return out as unknown as ServiceVolume;
}

const WINDOWS_DRIVE = /^[A-Za-z]:/;

/** A Windows path as compose-go tells one (`C:…`, `\\server\share`). */
function isWindowsSource(source: string): boolean {
  return WINDOWS_DRIVE.test(source) || source.startsWith("\\\\") || isWindowsPath(source);
}

/** A bind source made absolute, except a Windows path, which Compose passes through as written. */
function hostPath(source: string, base: PathBase): string {
  return isWindowsSource(source) ? source : resolveHostPath(source, base);
}

function checkTarget(target: string, fail: (why: string, hint?: string) => never): void {
  if (!target.startsWith("/")) {
    fail(`the container path "${target}" is not absolute`, "Mount points inside the container start with /, e.g. /data.");
  }
}

function longVolume(entry: PlainMap, base: PathBase): ServiceVolume {
  const text = JSON.stringify(entry);
  const fail = (why: string, hint: string): never => {
    throw new ProjectError("E_VOLUME", `invalid volume ${text}: ${why}`, { hint });
  };
  const type = typeof entry["type"] === "string" ? entry["type"] : "volume";
  const target = entry["target"];
  if (typeof target !== "string" || target === "") {
    return fail("it has no target", "Set `target` to the path inside the container, e.g. `target: /data`.");
  }
  if (type !== "npipe") checkTarget(target, (why, hint) => fail(why, hint ?? SHORT_HINT));
  const out: Record<string, unknown> = { ...entry, type, target: type === "npipe" ? target : path.posix.resolve(target) };
  const source = entry["source"];
  if (type === "bind") {
    if (typeof source !== "string" || source === "") {
      return fail("a bind mount needs a source", "Set `source` to a host path, e.g. `source: ./data`.");
    }
    // No create_host_path default here (Compose 2.40): see engine/container-spec-mounts.ts for what the engine gets.
    out["source"] = hostPath(source, base);
  }
  const tmpfs = entry["tmpfs"];
  if (tmpfs !== null && typeof tmpfs === "object" && !Array.isArray(tmpfs)) {
    const size = tmpfs["size"];
    if (typeof size === "string" || typeof size === "number") out["tmpfs"] = { ...tmpfs, size: parseByteSize(size) };
  }
  return out as unknown as ServiceVolume;
}
