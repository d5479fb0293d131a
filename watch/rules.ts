import path from "node:path";
import type { Project, ServiceHook, WatchRule } from "../spec/project.js";
import type { FileEvent } from "./file-watcher.js";
import { isWithin, type PathFilter } from "./ignore.js";

/** A watch rule of one service, kept with its position in `develop.watch`. */
export interface ServiceRule {
  readonly service: string;
  readonly index: number;
  readonly rule: WatchRule;
}

/** A rule ready to match events: the rule plus its path filter. */
export interface CompiledRule extends ServiceRule {
  readonly filter: PathFilter;
}

/** A host path to copy into the containers, and where it goes. */
export interface SyncEntry {
  readonly hostPath: string;
  readonly containerPath: string;
  /** The rule's `target`: directories between it and `containerPath` are the synced tree's own. */
  readonly target: string;
}

/** What one service must do for a batch. A rebuild makes the rest moot (the new container has it all). */
export interface ServiceActions {
  readonly service: string;
  readonly rebuild: boolean;
  readonly restart: boolean;
  /** Files and directories to copy (directories without their content: their files come as entries). */
  readonly writes: readonly SyncEntry[];
  /** Container paths to remove (`rm -rf`); none lies under another. */
  readonly deletes: readonly string[];
  /** `sync+exec` hooks to run after the sync, once per rule. */
  readonly execs: readonly ServiceHook[];
}

/** A rule left out, and why (shown as a warning). */
export interface RuleWarning {
  readonly service: string;
  readonly message: string;
}

const SYNCS: ReadonlySet<WatchRule["action"]> = new Set(["sync", "sync+restart", "sync+exec"]);

/** True for the actions that copy files. */
export function isSyncAction(action: WatchRule["action"]): boolean {
  return SYNCS.has(action);
}

/**
 * The watch rules of `services` that can run, with a warning for each one left out: a sync rule
 * whose path is also bind-mounted into the service (the bind mount already shares it, as Compose
 * says), a sync rule without `target`, a `rebuild` rule of a service without `build`.
 */
export function usableRules(project: Project, services: readonly string[]): { rules: ServiceRule[]; warnings: RuleWarning[] } {
  const rules: ServiceRule[] = [];
  const warnings: RuleWarning[] = [];
  for (const service of services) {
    const svc = project.services[service];
    (svc?.develop?.watch ?? []).forEach((rule, index) => {
      const binds = (svc?.volumes ?? []).filter((v) => v.type === "bind" && v.source !== undefined && isWithin(v.source, rule.path));
      if (isSyncAction(rule.action) && binds.length > 0) {
        warnings.push({ service, message: `path ${rule.path} is also bind-mounted at ${binds[0]!.target}, so it is not watched` });
      } else if (isSyncAction(rule.action) && !rule.target) {
        warnings.push({ service, message: `the ${rule.action} rule for ${rule.path} has no target, so it is not watched` });
      } else if (rule.action === "rebuild" && !svc?.build) {
        warnings.push({ service, message: `the rebuild rule for ${rule.path} needs a build section, so it is not watched` });
      } else {
        rules.push({ service, index, rule });
      }
    });
  }
  return { rules, warnings };
}

/**
 * Turns a debounced batch into per-service actions. For each service, an event counts for one rule:
 * of the rules that match it (path under the rule path, not ignored, included), the one with the
 * most specific path, the first declared on a tie. Deletions under a deleted directory are folded into it. A service that must rebuild
 * gets only the rebuild. Services appear in the order of their first rule; services with
 * nothing to do are left out.
 */
export function planBatch(events: readonly FileEvent[], rules: readonly CompiledRule[]): ServiceActions[] {
  const byService = new Map<string, { rebuild: boolean; restart: boolean; writes: SyncEntry[]; deletes: string[]; execs: Map<number, ServiceHook> }>();
  for (const r of rules) if (!byService.has(r.service)) byService.set(r.service, { rebuild: false, restart: false, writes: [], deletes: [], execs: new Map() });
  for (const e of events) {
    const isDir = e.kind === "addDir" || e.kind === "unlinkDir";
    for (const [service, acc] of byService) {
      const r = bestRule(rules, service, e.path, isDir);
      if (!r) continue;
      const { action, target } = r.rule;
      if (action === "rebuild") acc.rebuild = true;
      if (action === "restart" || action === "sync+restart") acc.restart = true;
      if (action === "sync+exec" && r.rule.exec) acc.execs.set(r.index, r.rule.exec);
      if (!isSyncAction(action) || !target) continue;
      const containerPath = toContainerPath(r.rule.path, target, e.path);
      if (e.kind === "unlink" || e.kind === "unlinkDir") acc.deletes.push(containerPath);
      else acc.writes.push({ hostPath: e.path, containerPath, target });
    }
  }
  const out: ServiceActions[] = [];
  for (const [service, acc] of byService) {
    const actions: ServiceActions = acc.rebuild
      ? { service, rebuild: true, restart: false, writes: [], deletes: [], execs: [] }
      : { service, rebuild: false, restart: acc.restart, writes: acc.writes, deletes: foldDeletes(acc.deletes), execs: [...acc.execs.values()] };
    if (!isEmpty(actions)) out.push(actions);
  }
  return out;
}

/** True when the actions do nothing. */
export function isEmpty(a: ServiceActions): boolean {
  return !a.rebuild && !a.restart && a.writes.length === 0 && a.deletes.length === 0 && a.execs.length === 0;
}

/**
 * Two successive action sets of one service as one (what a queued batch becomes when another
 * arrives before it ran): a path's last word wins, a rebuild absorbs everything.
 */
export function mergeActions(a: ServiceActions, b: ServiceActions): ServiceActions {
  if (a.rebuild || b.rebuild) return { service: a.service, rebuild: true, restart: false, writes: [], deletes: [], execs: [] };
  const writes = new Map<string, SyncEntry>();
  const deletes = new Set<string>();
  for (const step of [a, b]) {
    for (const d of step.deletes) {
      deletes.add(d);
      for (const key of [...writes.keys()]) if (key === d || key.startsWith(`${d}/`)) writes.delete(key);
    }
    for (const w of step.writes) {
      deletes.delete(w.containerPath);
      writes.set(w.containerPath, w);
    }
  }
  const execs = [...a.execs, ...b.execs.filter((h) => !a.execs.includes(h))];
  return { service: a.service, rebuild: false, restart: a.restart || b.restart, writes: [...writes.values()], deletes: foldDeletes([...deletes]), execs };
}

function bestRule(rules: readonly CompiledRule[], service: string, p: string, isDir: boolean): CompiledRule | undefined {
  let best: CompiledRule | undefined;
  for (const r of rules) {
    if (r.service !== service || (best && r.rule.path.length <= best.rule.path.length)) continue;
    if (!r.filter.excludes(p, isDir)) best = r;
  }
  return best;
}

/** Where a host path under `rulePath` goes inside the container. */
export function toContainerPath(rulePath: string, target: string, hostPath: string): string {
  const rel = path.relative(rulePath, hostPath).split(path.sep).join("/");
  return path.posix.join(target, rel);
}

/** Sorted, without duplicates and without paths under another listed path. */
function foldDeletes(paths: readonly string[]): string[] {
  const sorted = [...new Set(paths)].sort();
  const out: string[] = [];
  for (const p of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && (p === last || p.startsWith(last === "/" ? "/" : `${last}/`))) continue;
    out.push(p);
  }
  return out;
}
