import path from "node:path";
import { isRemoteContext } from "../normalize/normalize-paths.js";
import type { Plain, PlainMap } from "../read/parse.js";


/** Resolves `p` against `dir` unless it is absolute or starts with `~`. */
export function resolveAgainst(dir: string, p: string): string {
  if (p.startsWith("~") || path.isAbsolute(p)) return p;
  return path.resolve(dir, p);
}

/**
 * Makes every relative path of a raw (not yet normalized) compose tree absolute against `dir`:
 * build contexts, bind sources, env_file and label_file entries, `develop.watch` paths, and
 * file-based secrets and configs. Used where a model leaves the directory its paths belong to
 * (an included project, an extends base from another file). Structure is unchanged, so
 * source maps stay valid.
 */
export function absolutizePaths(data: PlainMap, dir: string): PlainMap {
  const out: PlainMap = { ...data };
  const services = asMap(data["services"]);
  if (services) {
    const next: PlainMap = {};
    for (const [name, svc] of Object.entries(services)) {
      const m = asMap(svc);
      next[name] = m ? absolutizeService(m, dir) : svc;
    }
    out["services"] = next;
  }
  for (const key of ["secrets", "configs"]) {
    const section = asMap(data[key]);
    if (!section) continue;
    const next: PlainMap = {};
    for (const [name, def] of Object.entries(section)) {
      const m = asMap(def);
      next[name] = m && typeof m["file"] === "string" ? { ...m, file: resolveAgainst(dir, m["file"]) } : def;
    }
    out[key] = next;
  }
  return out;
}

/** The service-level part of `absolutizePaths`. */
export function absolutizeService(svc: PlainMap, dir: string): PlainMap {
  const out: PlainMap = { ...svc };
  const build = svc["build"];
  if (typeof build === "string") out["build"] = isRemoteContext(build) ? build : resolveAgainst(dir, build);
  else if (asMap(build)) {
    const b = build as PlainMap;
    const ctx = typeof b["context"] === "string" ? b["context"] : ".";
    out["build"] = { ...b, context: isRemoteContext(ctx) ? ctx : resolveAgainst(dir, ctx) };
  }
  if (Array.isArray(svc["volumes"])) out["volumes"] = svc["volumes"].map((v) => absolutizeVolume(v, dir));
  for (const key of ["env_file", "label_file"]) {
    const v = svc[key];
    if (v !== undefined) out[key] = absolutizeFileList(v, dir);
  }
  const extendsRef = asMap(svc["extends"]);
  if (extendsRef && typeof extendsRef["file"] === "string") {
    out["extends"] = { ...extendsRef, file: resolveAgainst(dir, extendsRef["file"]) };
  }
  const develop = asMap(svc["develop"]);
  if (develop && Array.isArray(develop["watch"])) {
    out["develop"] = {
      ...develop,
      watch: develop["watch"].map((rule) => {
        const r = asMap(rule);
        return r && typeof r["path"] === "string" ? { ...r, path: resolveAgainst(dir, r["path"]) } : rule;
      }),
    };
  }
  return out;
}

function absolutizeVolume(v: Plain, dir: string): Plain {
  if (typeof v === "string") {
    const i = v.indexOf(":");
    if (i <= 0) return v;
    const src = v.slice(0, i);
    return src.startsWith(".") ? resolveAgainst(dir, src) + v.slice(i) : v;
  }
  const m = asMap(v);
  if (m && m["type"] === "bind" && typeof m["source"] === "string") return { ...m, source: resolveAgainst(dir, m["source"]) };
  return v;
}

function absolutizeFileList(v: Plain, dir: string): Plain {
  const one = (e: Plain): Plain => {
    if (typeof e === "string") return resolveAgainst(dir, e);
    const m = asMap(e);
    return m && typeof m["path"] === "string" ? { ...m, path: resolveAgainst(dir, m["path"]) } : e;
  };
  return Array.isArray(v) ? v.map(one) : one(v);
}

function asMap(v: Plain | undefined): PlainMap | undefined {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? v : undefined;
}
