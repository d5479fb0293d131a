import { isRemoteContext, rebasePath } from "../normalize/normalize-paths.js";
import type { Plain, PlainMap } from "../read/parse.js";
import { parseVolumeSpec } from "../normalize/volumes.js";

/** How the paths of a moved model are rewritten: `rebasePath` with the directories of the move. */
export type Rebase = (p: string) => string;

/** The `Rebase` of a model written in `dir` taken into the model of directory `from` (see `rebasePath`). */
export function rebaser(dir: string, from: string, homeDir: string, resolvePaths: boolean | undefined): Rebase {
  return (p) => rebasePath(p, { dir, from, homeDir, resolvePaths });
}

/**
 * Rebases every relative path of a raw (not yet normalized) compose tree with `move`: build
 * contexts and additional contexts, bind sources, env_file and label_file entries, `extends.file`,
 * `develop.watch` paths, and file-based secrets and configs. Used where a model leaves the
 * directory its paths belong to (an included project, an extends base from another file): made
 * absolute by default, kept relative with `--no-path-resolution` (see `rebasePath`). Structure is
 * unchanged, so source maps stay valid.
 */
export function rebasePaths(data: PlainMap, move: Rebase): PlainMap {
  const out: PlainMap = { ...data };
  const services = asMap(data["services"]);
  if (services) {
    const next: PlainMap = {};
    for (const [name, svc] of Object.entries(services)) {
      const m = asMap(svc);
      next[name] = m ? rebaseService(m, move) : svc;
    }
    out["services"] = next;
  }
  const volumes = asMap(data["volumes"]);
  if (volumes) {
    const next: PlainMap = {};
    for (const [name, def] of Object.entries(volumes)) {
      const m = asMap(def);
      next[name] = m ? rebaseBindDevice(m, move) : def;
    }
    out["volumes"] = next;
  }
  for (const key of ["secrets", "configs"]) {
    const section = asMap(data[key]);
    if (!section) continue;
    const next: PlainMap = {};
    for (const [name, def] of Object.entries(section)) {
      const m = asMap(def);
      next[name] = m && typeof m["file"] === "string" ? { ...m, file: move(m["file"]) } : def;
    }
    out[key] = next;
  }
  return out;
}

/** The service-level part of `rebasePaths`. */
export function rebaseService(svc: PlainMap, move: Rebase): PlainMap {
  const out: PlainMap = { ...svc };
  const build = svc["build"];
  if (typeof build === "string") out["build"] = isRemoteContext(build) ? build : move(build);
  else if (asMap(build)) {
    const b = build as PlainMap;
    const ctx = typeof b["context"] === "string" ? b["context"] : ".";
    out["build"] = { ...b, context: isRemoteContext(ctx) ? ctx : move(ctx), ...additionalContexts(b["additional_contexts"], move) };
  }
  if (Array.isArray(svc["volumes"])) out["volumes"] = svc["volumes"].map((v) => rebaseVolume(v, move));
  for (const key of ["env_file", "label_file"]) {
    const v = svc[key];
    if (v !== undefined) out[key] = rebaseFileList(v, move);
  }
  const extendsRef = asMap(svc["extends"]);
  if (extendsRef && typeof extendsRef["file"] === "string") {
    out["extends"] = { ...extendsRef, file: move(extendsRef["file"]) };
  }
  const develop = asMap(svc["develop"]);
  if (develop && Array.isArray(develop["watch"])) {
    out["develop"] = {
      ...develop,
      watch: develop["watch"].map((rule) => {
        const r = asMap(rule);
        return r && typeof r["path"] === "string" ? { ...r, path: move(r["path"]) } : rule;
      }),
    };
  }
  return out;
}

function rebaseVolume(v: Plain, move: Rebase): Plain {
  if (typeof v === "string") {
    const i = v.indexOf(":");
    if (i <= 0) return v;
    const src = v.slice(0, i);
    if (!src.startsWith(".") && !src.startsWith("~")) return v;
    const moved = move(src);
    if (/^[./~]/.test(moved)) return moved + v.slice(i);
    // Rebased relatively (`--no-path-resolution`), `./x` may become `x`, which the short syntax reads
    // as a named volume: the long form keeps it a bind mount, as Compose (which rebases after
    // expanding the short syntax) prints it. A spec that does not parse is left for normalization to report.
    try {
      return { ...parseVolumeSpec(v, { projectDir: "/", homeDir: "/", resolvePaths: false }), source: moved } as unknown as PlainMap;
    } catch {
      return v;
    }
  }
  const m = asMap(v);
  if (m && m["type"] === "bind" && typeof m["source"] === "string") return { ...m, source: move(m["source"]) };
  return v;
}

function rebaseFileList(v: Plain, move: Rebase): Plain {
  const one = (e: Plain): Plain => {
    if (typeof e === "string") return move(e);
    const m = asMap(e);
    return m && typeof m["path"] === "string" ? { ...m, path: move(m["path"]) } : e;
  };
  return Array.isArray(v) ? v.map(one) : one(v);
}

/**
 * A top-level volume with `driver: local` and `o: bind` names a host directory in
 * `driver_opts.device`: rebased like any host path (normalization then resolves it, see `bindDevice`).
 */
function rebaseBindDevice(volume: PlainMap, move: Rebase): PlainMap {
  const opts = asMap(volume["driver_opts"]);
  const device = opts?.["device"];
  if (!opts || volume["driver"] !== "local" || typeof device !== "string") return volume;
  if (!String(opts["o"] ?? "").split(",").includes("bind")) return volume;
  return { ...volume, driver_opts: { ...opts, device: move(device) } };
}

/** `build.additional_contexts` (a map or a `name=path` list) with its local paths moved; nothing when absent. */
function additionalContexts(v: Plain | undefined, move: Rebase): { additional_contexts?: Plain } {
  const one = (p: string) => (isRemoteContext(p) ? p : move(p));
  if (Array.isArray(v)) {
    return {
      additional_contexts: v.map((e) => {
        if (typeof e !== "string") return e;
        const eq = e.indexOf("=");
        return eq < 0 ? e : `${e.slice(0, eq + 1)}${one(e.slice(eq + 1))}`;
      }),
    };
  }
  const m = asMap(v);
  if (!m) return {};
  return { additional_contexts: Object.fromEntries(Object.entries(m).map(([k, p]) => [k, typeof p === "string" ? one(p) : p])) };
}

function asMap(v: Plain | undefined): PlainMap | undefined {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? v : undefined;
}
