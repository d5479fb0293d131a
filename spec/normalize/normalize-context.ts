import { ComposeError, ProjectError, type Diagnostics } from "../errors.js";
import type { SpecHost } from "../host.js";
import type { SourceMap, TreePath } from "../location.js";
import type { PathBase } from "./normalize-paths.js";
import type { Plain, PlainMap } from "../read/parse.js";

/** What every normalization step may use. Steps do no I/O except through `host`. */
export interface NormalizeContext extends PathBase {
  readonly projectName: string;
  readonly host: SpecHost;
  /** Variables from the shell and `.env`, for bare `environment`/`build.args` names and env files. */
  readonly lookup: (name: string) => string | undefined;
  readonly diag: Diagnostics;
  readonly sources: SourceMap;
  /**
   * false for `config --no-normalize`: what compose-go's `Normalize` adds is left out (the implicit
   * `default` network, inferred `depends_on`, default resource names, `dockerfile: Dockerfile`,
   * build args looked up, `pull_policy` spelling, long-syntax volume targets cleaned); parsing,
   * interpolation, paths, env files and short syntaxes are unchanged.
   */
  readonly normalize?: boolean;
}

/**
 * Runs `fn`; a ComposeError it throws is recorded in `ctx.diag` at its own path, else at `path`
 * (with the source location of that path), and `undefined` is returned. Any other exception is a bug and propagates.
 */
export function attempt<T>(ctx: NormalizeContext, path: TreePath, fn: () => T): T | undefined {
  try {
    return fn();
  } catch (err) {
    if (!(err instanceof ComposeError)) throw err;
    const where = err.path ?? path;
    const location = ctx.sources.locate(where);
    ctx.diag.error(err.code, err.message, {
      ...(err.hint !== undefined ? { hint: err.hint } : {}),
      ...(location ? { location } : {}),
      path: where,
    });
    return undefined;
  }
}

/** Runs `fn`, attaching `path` to a ComposeError it throws that has no path yet (so `attempt` reports the exact node). */
export function within<T>(path: TreePath, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (!(err instanceof ComposeError) || err.path !== undefined) throw err;
    throw new ProjectError(err.code, err.message, { ...(err.hint !== undefined ? { hint: err.hint } : {}), path });
  }
}

/** Records a warning at `path` with its source location. */
export function warnAt(ctx: NormalizeContext, path: TreePath, code: string, message: string): void {
  const location = ctx.sources.locate(path);
  ctx.diag.warn(code, message, { ...(location ? { location } : {}), path });
}

/** Whether a plain value is a mapping. */
export function isMap(v: Plain | undefined): v is PlainMap {
  return v !== null && v !== undefined && typeof v === "object" && !Array.isArray(v);
}

/** A scalar as Compose stringifies it (`true` → "true", `1.5` → "1.5", null → ""). */
export function scalarString(v: Plain | undefined): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

/**
 * A `list_or_dict` as a string map (labels, annotations, sysctls, driver options): list items are
 * `K=V` (a bare `K` maps to ""), mapping values are stringified (null → "").
 */
export function toStringMap(v: Plain | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(v)) {
    for (const item of v) {
      const text = scalarString(item);
      const eq = text.indexOf("=");
      setKey(out, eq < 0 ? text : text.slice(0, eq), eq < 0 ? "" : text.slice(eq + 1));
    }
  } else if (isMap(v)) {
    for (const [k, val] of Object.entries(v)) setKey(out, k, scalarString(val));
  }
  return out;
}

/**
 * A `list_or_dict` whose bare names take their value from `lookup` (environment, build args):
 * `K=V` and `K: V` are literal; `K` and `K: null` are looked up and are `null` when unset.
 */
export function toLookupMap(v: Plain | undefined, lookup: (name: string) => string | undefined): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  const resolve = (k: string): string | null => lookup(k) ?? null;
  if (Array.isArray(v)) {
    for (const item of v) {
      const text = scalarString(item);
      const eq = text.indexOf("=");
      setKey(out, eq < 0 ? text : text.slice(0, eq), eq < 0 ? resolve(text) : text.slice(eq + 1));
    }
  } else if (isMap(v)) {
    for (const [k, val] of Object.entries(v)) setKey(out, k, val === null ? resolve(k) : scalarString(val));
  }
  return out;
}

/** A string or a list of strings as a list (`dns`, `tmpfs`, `env_file`…); numbers are stringified. */
export function toStringList(v: Plain | undefined): string[] {
  if (v === null || v === undefined) return [];
  if (Array.isArray(v)) return v.map(scalarString);
  return [scalarString(v)];
}

/** Sets `out[k] = v`, keeping a `__proto__` key as data. */
export function setKey<T>(out: Record<string, T>, k: string, v: T): void {
  if (k === "__proto__") Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  else out[k] = v;
}
