import path from "node:path";
import { ProjectError } from "../errors.js";
import { isWindowsPath, resolveHostPath, type PathBase } from "./normalize-paths.js";
import type { Plain, PlainMap } from "../read/parse.js";
import type { ServiceVolume } from "../project.js";
import { parseByteSize } from "./units.js";

const SHORT_HINT =
  'Write a volume as SOURCE:TARGET[:MODE] (e.g. "./src:/app:ro", "data:/var/lib/data") or TARGET alone ' +
  'for an anonymous volume; modes are ro, rw, z, Z, nocopy and a propagation (shared, rslave, …), comma-separated.';
const PROPAGATIONS = new Set(["rprivate", "private", "rshared", "shared", "rslave", "slave"]);
const SELINUX = new Set(["z", "Z"]);

/**
 * Normalizes one service `volumes:` entry to the long syntax, with Compose's rules:
 * a string is the short syntax (see `parseVolumeSpec`); a mapping is the long syntax, passed through
 * with a bind source made absolute (see `resolveHostPath`: `~` expanded, a relative path joined and
 * cleaned, an absolute one kept as written), the target cleaned as Go's `path.Clean` and `tmpfs.size`
 * in bytes. Unlike the short syntax, a long-syntax bind gets no `create_host_path` (false), as in
 * Compose 2.40. A Windows bind source (`C:\data`, `\\server\share`) is kept as written, as Compose
 * passes it through. Like Compose, a relative target is accepted (the engine judges it).
 * Throws a ProjectError (`E_VOLUME`) for a missing target or a bind without a source.
 */
export function normalizeVolume(entry: Plain, base: PathBase, opts: { readonly cleanTarget?: boolean } = {}): ServiceVolume {
  if (typeof entry === "string") return parseVolumeSpec(entry, base);
  if (entry !== null && typeof entry === "object" && !Array.isArray(entry)) return longVolume(entry, base, opts.cleanTarget !== false);
  throw new ProjectError("E_VOLUME", `invalid volume entry ${JSON.stringify(entry)}`, { hint: SHORT_HINT });
}

/** The fields of a short-syntax spec as compose-go's `format.ParseVolume` fills them. */
interface ShortFields {
  source?: string;
  target?: string;
  readOnly?: boolean;
  nocopy?: boolean;
  bind: Record<string, string>;
}

/**
 * Parses the short syntax `SRC:DST[:MODE]` exactly as compose-go's `format.ParseVolume` does:
 * a spec of at most 2 bytes is an anonymous volume's target; otherwise the spec is split on `:`,
 * except that a colon right after a section made of one letter is a Windows drive (`C:`, `v:`)
 * and stays in that section (so `v:/v` is one target, `/src:c:/dst` has the target `c:/dst`).
 * One section is an anonymous volume's target, two are source and target, the third the modes:
 * `ro`, `rw`, `nocopy`, a propagation and `z`/`Z` count, any other mode is ignored (as Compose does:
 * `cached`, `delegated`, typos). A source starting with `.`, `/`, `~`, `\\` or a drive letter is a
 * bind mount (made absolute, `bind.create_host_path: true` as docker-compose v1 did); any other
 * source is a named volume. The target is cleaned, not checked: Compose accepts a relative one.
 */
export function parseVolumeSpec(spec: string, base: PathBase): ServiceVolume {
  const fail = (why: string): never => {
    throw new ProjectError("E_VOLUME", `invalid volume "${spec}": ${why}`, { hint: SHORT_HINT });
  };
  if (spec === "") fail("it is empty");
  if (Buffer.byteLength(spec) <= 2) return { type: "volume", target: goClean(spec) };
  const fields: ShortFields = { bind: {} };
  let buffer: string[] = [];
  for (const char of spec) {
    if (char === ":" && buffer.length === 1 && LETTER.test(buffer[0] ?? "")) buffer.push(char);
    else if (char === ":") {
      populate(fields, buffer.join(""), false, fail);
      buffer = [];
    } else buffer.push(char);
  }
  populate(fields, buffer.join(""), true, fail);
  return shortVolume(fields, base);
}

/** compose-go's `populateFieldFromBuffer`: fills the next field from one section. */
function populate(fields: ShortFields, section: string, last: boolean, fail: (why: string) => never): void {
  if (section === "") fail("it has an empty part between colons");
  else if (fields.source === undefined && last) fields.target = section;
  else if (fields.source === undefined) fields.source = section;
  else if (fields.target === undefined) fields.target = section;
  else if (!last) fail("it has too many colons");
  else {
    for (const option of section.split(",")) {
      if (option === "ro") fields.readOnly = true;
      else if (option === "rw") fields.readOnly = false;
      else if (option === "nocopy") fields.nocopy = true;
      else if (SELINUX.has(option)) fields.bind["selinux"] = option;
      else if (PROPAGATIONS.has(option)) fields.bind["propagation"] = option;
    }
  }
}

function shortVolume(fields: ShortFields, base: PathBase): ServiceVolume {
  const { source, bind } = fields;
  const isBind = source !== undefined && isFilePath(source);
  const out: Record<string, unknown> = { type: isBind ? "bind" : "volume" };
  if (source !== undefined) out["source"] = isBind ? hostPath(source, base) : source;
  out["target"] = goClean(fields.target ?? "");
  if (fields.readOnly === true) out["read_only"] = true;
  const volume = fields.nocopy === true ? { nocopy: true } : {};
  if (isBind) {
    out["bind"] = { ...bind, create_host_path: true };
    if (fields.nocopy === true) out["volume"] = volume;
  } else {
    if (Object.keys(bind).length > 0) out["bind"] = bind;
    out["volume"] = volume;
  }
  return out as unknown as ServiceVolume;
}

const LETTER = /^\p{L}$/u;
const WINDOWS_DRIVE = /^\p{L}:/u;

/** compose-go's `isFilePath`: what makes a short-syntax source a bind mount. */
function isFilePath(source: string): boolean {
  return /^[./~]/.test(source) || source.startsWith("\\\\") || WINDOWS_DRIVE.test(source);
}

/**
 * A bind source made absolute as compose-go's `maybeUnixPath`: a Windows absolute path (`C:\x`,
 * `c:/x`, `\\server\share`) is passed through as written; anything else (`c:` alone included) is a
 * POSIX path resolved by `resolveHostPath`.
 */
function hostPath(source: string, base: PathBase): string {
  return isWindowsPath(source) ? source : resolveHostPath(source, base);
}

/** Go's `path.Clean`: `.`/`..` segments and repeated and trailing slashes removed; `""` is `.`. */
export function goClean(p: string): string {
  if (p === "") return ".";
  const clean = path.posix.normalize(p);
  return clean.length > 1 && clean.endsWith("/") ? clean.slice(0, -1) : clean;
}

/** A long-syntax entry; its target is kept as written when `cleanTarget` is false (`config --no-normalize`, as Compose). */
function longVolume(entry: PlainMap, base: PathBase, cleanTarget: boolean): ServiceVolume {
  const text = JSON.stringify(entry);
  const fail = (why: string, hint: string): never => {
    throw new ProjectError("E_VOLUME", `invalid volume ${text}: ${why}`, { hint });
  };
  const type = typeof entry["type"] === "string" ? entry["type"] : "volume";
  const target = entry["target"];
  if (typeof target !== "string") {
    return fail("it has no target", "Set `target` to the path inside the container, e.g. `target: /data`.");
  }
  const out: Record<string, unknown> = { ...entry, type, target: cleanTarget ? goClean(target) : target };
  const source = entry["source"];
  if (type === "bind") {
    if (typeof source !== "string") {
      return fail("a bind mount needs a source", "Set `source` to a host path, e.g. `source: ./data`.");
    }
    // No create_host_path default here (Compose 2.40): see engine/container-spec/container-spec-mounts.ts for what the engine gets.
    out["source"] = hostPath(source, base);
  }
  const tmpfs = entry["tmpfs"];
  if (tmpfs !== null && typeof tmpfs === "object" && !Array.isArray(tmpfs)) {
    const size = tmpfs["size"];
    if (typeof size === "string" || typeof size === "number") out["tmpfs"] = { ...tmpfs, size: parseByteSize(size) };
  }
  return out as unknown as ServiceVolume;
}
