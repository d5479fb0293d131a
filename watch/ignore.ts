import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import dockerignore, { type Ignore } from "@balena/dockerignore";
import { parseIgnore } from "../engine/images/build-context.js";
import type { BuildConfig, WatchRule } from "../spec/project.js";

// The package is CommonJS (`module.exports = factory`) while its typings declare a default export.
const newIgnore = ((dockerignore as unknown as { default?: unknown }).default ?? dockerignore) as unknown as () => Ignore;

/**
 * Base names never synced: editor temporary and backup files (vim, emacs, JetBrains, kate, macOS),
 * as Compose's ephemeral-path matcher ignores them.
 */
const EDITOR_TEMP: readonly RegExp[] = [
  /~$/,
  /\.sw[px]$/,
  /^\..*\.sw.$/,
  /^4913$/,
  /^\.#/,
  /^#.*#$/,
  /\.tmp$/,
  /^\.DS_Store$/,
  /___jb_(tmp|old)___$/,
];

/** True for a base name that an editor writes as a temporary or backup file. */
export function isEditorTemp(name: string): boolean {
  return EDITOR_TEMP.some((re) => re.test(name));
}

/** Decides which host paths count for one watch rule. Paths are absolute host paths. */
export interface PathFilter {
  /** The rule's path (absolute). */
  readonly root: string;
  /** True when a change at `p` does not count: outside the rule path, ignored, or not included. */
  excludes(p: string, isDir?: boolean): boolean;
  /** True when nothing under the directory `p` can count, so a watcher need not descend into it. */
  prunes(p: string): boolean;
}

/** What a rule's filter needs besides the rule: the build context and its ignore patterns. */
export interface FilterContext {
  /** The service's build context (absolute), when it has one. */
  readonly contextDir?: string;
  /** The context's `.dockerignore` (or `<Dockerfile>.dockerignore`) patterns, parsed. */
  readonly dockerignore?: readonly string[];
  /** Absolute host paths that never count (the project's compose files and the Dockerfile, for sync rules). */
  readonly skip?: readonly string[];
}

/** A dockerignore-syntax matcher relative to `base`, and whether it has exceptions (`!`). */
interface Relative {
  readonly base: string;
  readonly ig: Ignore;
  readonly hasExceptions: boolean;
}

function relative(base: string, patterns: readonly string[] | undefined): Relative | undefined {
  if (!patterns || patterns.length === 0) return undefined;
  return { base, ig: newIgnore().add([...patterns]), hasExceptions: patterns.some((p) => p.startsWith("!")) };
}

/** `p` relative to `base` in POSIX form, or undefined when `p` is not strictly inside it. */
function inside(base: string, p: string): string | undefined {
  const rel = path.relative(base, p);
  if (rel === "" || rel.startsWith("..") || path.isAbsolute(rel)) return undefined;
  return rel.split(path.sep).join("/");
}

/** True when `p` is `base` or lies under it. */
export function isWithin(base: string, p: string): boolean {
  return p === base || inside(base, p) !== undefined;
}

/**
 * The filter of one rule, as Compose matches: the path must be the rule path or under it; `.git`
 * anywhere and editor temporary files are ignored; the build context's dockerignore applies to
 * paths inside the context (relative to it); the rule's `ignore` applies relative to the
 * rule path; with `include`, only files matching one of its patterns count (a directory pattern
 * covers what is under it); paths listed in `skip` never count. Pure: the dockerignore text is
 * read by `loadRuleFilter`.
 */
export function ruleFilter(rule: WatchRule, ctx: FilterContext = {}): PathFilter {
  const root = rule.path;
  const docker = ctx.contextDir ? relative(ctx.contextDir, ctx.dockerignore) : undefined;
  const own = relative(root, rule.ignore);
  const include = rule.include && rule.include.length > 0 ? newIgnore().add([...rule.include]) : undefined;
  const ignoredBy = (m: Relative | undefined, p: string): boolean => {
    const rel = m && inside(m.base, p);
    return rel !== undefined && m!.ig.ignores(rel);
  };
  const defaultIgnored = (p: string): boolean => {
    const rel = inside(root, p);
    if (rel === undefined) return false;
    const parts = rel.split("/");
    return parts.includes(".git") || isEditorTemp(parts[parts.length - 1] ?? "");
  };
  const skip = new Set(ctx.skip ?? []);
  const ignored = (p: string): boolean => skip.has(p) || defaultIgnored(p) || ignoredBy(docker, p) || ignoredBy(own, p);
  return {
    root,
    excludes(p, isDir = false) {
      if (!isWithin(root, p)) return true;
      if (ignored(p)) return true;
      if (!include || isDir) return false;
      const rel = inside(root, p);
      return rel !== undefined && !include.ignores(rel);
    },
    prunes(p) {
      if (!isWithin(root, p)) return true;
      if (skip.has(p) || defaultIgnored(p)) return true;
      // With `!` exceptions a file under an ignored directory may come back, so keep walking.
      return (ignoredBy(docker, p) && !docker!.hasExceptions) || (ignoredBy(own, p) && !own!.hasExceptions);
    },
  };
}

/**
 * Reads the ignore file of the build context (`<Dockerfile>.dockerignore` first, else the
 * context's `.dockerignore`, as BuildKit does) and returns the rule's filter. A sync rule never
 * copies the service's Dockerfile nor the paths in `projectFiles` (the compose files), as Compose
 * does (docker/compose#14117, #14217): they describe the container, they are not part of it.
 */
export async function loadRuleFilter(rule: WatchRule, build: BuildConfig | undefined, projectFiles: readonly string[] = []): Promise<PathFilter> {
  const syncs = rule.action === "sync" || rule.action === "sync+restart" || rule.action === "sync+exec";
  const dockerfile = build && !build.dockerfile_inline ? path.resolve(build.context, build.dockerfile ?? "Dockerfile") : undefined;
  const skip = syncs ? [...projectFiles, ...(dockerfile ? [dockerfile] : [])] : [];
  if (!build) return ruleFilter(rule, { skip });
  const contextDir = build.context;
  const candidates = [...(dockerfile ? [`${dockerfile}.dockerignore`] : []), path.join(contextDir, ".dockerignore")];
  for (const file of candidates) {
    if (!(await stat(file).catch(() => undefined))?.isFile()) continue;
    return ruleFilter(rule, { contextDir, dockerignore: parseIgnore(await readFile(file, "utf8")), skip });
  }
  return ruleFilter(rule, { contextDir, skip });
}
