import path from "node:path";
import type { ProjectOrigin } from "../engine/container-spec/spec-for.js";
import type { EngineDeps } from "../engine/verbs/up.js";
import { ComposeError } from "../spec/errors.js";
import type { Project } from "../spec/project.js";
import { CoalescingQueue } from "./coalescing-queue.js";
import type { Owner } from "./container-user.js";
import { Debouncer, DEFAULT_QUIET_MS } from "./debounce.js";
import { createChokidarWatcher, type FileEvent, type FileWatcher } from "./file-watcher.js";
import { isWithin, loadRuleFilter } from "./ignore.js";
import { initialEntries } from "./initial-sync.js";
import { withAddedDirContents } from "./expand-dirs.js";
import { isSyncAction, mergeActions, planBatch, usableRules, type CompiledRule, type ServiceActions } from "./rules.js";
import { runServiceActions, type ActionContext } from "./service-actions.js";
import type { WatchEvent } from "./watch-events.js";

export { formatWatchEvent, type WatchEvent } from "./watch-events.js";

/** What to watch and where to report. */
export interface WatchOptions {
  readonly project: Project;
  readonly origin: ProjectOrigin;
  /** Services to watch (default: all); those without `develop.watch` are left out. */
  readonly services?: readonly string[];
  /** Quiet period of the debouncer (default 50 ms). */
  readonly debounceMs?: number;
  /** After a rebuild, remove the replaced image of the project when no tag names it any more. */
  readonly prune?: boolean;
  /** Ends the session (as `close()` does). */
  readonly signal?: AbortSignal;
  readonly onEvent: (e: WatchEvent) => void;
  /** The file watcher (default: chokidar); tests inject a memory watcher. */
  readonly createWatcher?: (paths: string[], ignored: (p: string) => boolean) => FileWatcher | Promise<FileWatcher>;
}

/** A running watch. */
export interface WatchSession {
  /** Resolves once changes are watched and every `initial_sync` is done. */
  readonly ready: Promise<void>;
  /** Stops watching and waits for the actions under way; idempotent. */
  close(): Promise<void>;
  /** Resolves once the session has ended (closed or aborted). */
  readonly done: Promise<void>;
}

/**
 * Watches the `develop.watch` rules of the selected services and applies each debounced batch of
 * changes: sync (one tar per container), rebuild (build, then recreate that service only, then
 * restart dependants with `restart: true`), restart, sync+restart, sync+exec. Each service has
 * its own queue, so a rebuild in flight absorbs later changes and runs once more afterwards.
 * A failing action reports an error event and the session goes on. Throws a ComposeError when no
 * selected service has usable watch rules.
 */
export async function watchProject(deps: EngineDeps, options: WatchOptions): Promise<WatchSession> {
  const { project, onEvent } = options;
  const rules = await compileRules(project, options.services, options.origin.configFiles, onEvent);
  const ctx: ActionContext = { deps, project, origin: options.origin, emit: onEvent, owners: new Map<string, Owner>(), ...(options.prune ? { prune: true } : {}) };
  const queues = new Map<string, CoalescingQueue<ServiceActions>>();
  for (const r of rules) {
    if (queues.has(r.service)) continue;
    const service = r.service;
    const onError = (error: unknown) => onEvent({ service, kind: "error", message: String(error) });
    queues.set(service, new CoalescingQueue((a) => runServiceActions(ctx, a), mergeActions, onError));
  }
  // In order: a batch whose new directories are being listed holds back the batches after it.
  let dispatching: Promise<void> = Promise.resolve();
  const dispatch = (batch: readonly FileEvent[]) => {
    dispatching = dispatching
      .then(() => withAddedDirContents(batch, (dir) => prunedEverywhere(rules, dir)))
      .then((full) => {
        for (const a of planBatch(full, rules)) queues.get(a.service)?.push(a);
      })
      .catch((error: unknown) => onEvent({ service: "watch", kind: "error", message: `listing new directories: ${String(error)}` }));
  };
  const debouncer = new Debouncer(dispatch, { quietMs: options.debounceMs ?? DEFAULT_QUIET_MS });
  // A path under another watched path is covered by the outer watch already.
  const paths = [...new Set(rules.map((r) => r.rule.path))];
  const roots = paths.filter((p) => !paths.some((q) => q !== p && isWithin(q, p)));
  const create = options.createWatcher ?? createChokidarWatcher;
  const watcher = await create(roots, (p) => watcherIgnores(rules, p));
  const unsubscribe = watcher.subscribe({
    event: (e) => debouncer.push(e),
    error: (err) => onEvent({ service: "watch", kind: "error", message: `file watcher: ${err.message}` }),
  });

  let resolveDone: () => void = () => undefined;
  const done = new Promise<void>((r) => (resolveDone = r));
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      unsubscribe();
      debouncer.cancel();
      await watcher.close();
      await dispatching;
      await Promise.all([...queues.values()].map((q) => q.idle()));
      resolveDone();
    })());
  options.signal?.addEventListener("abort", () => void close(), { once: true });
  if (options.signal?.aborted) void close();

  const ready = (async () => {
    await watcher.ready;
    await initialSync(rules, queues);
    for (const [service] of queues) onEvent({ service, kind: "watching", message: `watching ${describeRules(rules, service, options.origin.projectDir)}` });
  })();
  ready.catch(() => undefined);
  return { ready, close, done };
}

/** The usable rules of the selected services with their filters; warnings go out as events. */
async function compileRules(
  project: Project,
  selected: readonly string[] | undefined,
  projectFiles: readonly string[],
  onEvent: (e: WatchEvent) => void,
): Promise<CompiledRule[]> {
  const unknown = (selected ?? []).filter((s) => !project.services[s]);
  if (unknown.length > 0) {
    throw new ComposeError("E_NO_SUCH_SERVICE", `no such service: ${unknown.join(", ")}`, { hint: "Check the service names against the project's services." });
  }
  const services = (selected && selected.length > 0 ? selected : Object.keys(project.services)).filter((s) => (project.services[s]?.develop?.watch?.length ?? 0) > 0);
  const { rules, warnings } = usableRules(project, services);
  for (const w of warnings) onEvent({ service: w.service, kind: "warning", message: w.message });
  if (rules.length === 0) {
    throw new ComposeError("E_WATCH_NO_RULES", "none of the selected services has usable develop.watch rules", {
      hint: "Add a develop.watch section (path, action, target) to the services to watch; see https://docs.docker.com/compose/file-watch/.",
    });
  }
  return Promise.all(rules.map(async (r) => ({ ...r, filter: await loadRuleFilter(r.rule, project.services[r.service]?.build, projectFiles) })));
}

/**
 * The watcher skips `p` unless it is a watched path, one of their ancestors, or under a rule
 * path that does not prune it.
 */
/** True when no rule whose path holds `dir` would sync anything below it. */
function prunedEverywhere(rules: readonly CompiledRule[], dir: string): boolean {
  return rules.every((r) => !isWithin(r.rule.path, dir) || r.filter.prunes(dir));
}

function watcherIgnores(rules: readonly CompiledRule[], p: string): boolean {
  for (const r of rules) {
    if (isWithin(p, r.rule.path)) return false;
    if (isWithin(r.rule.path, p) && !r.filter.prunes(p)) return false;
  }
  return true;
}

/** Queues the `initial_sync` copies and waits until they are applied. */
async function initialSync(rules: readonly CompiledRule[], queues: ReadonlyMap<string, CoalescingQueue<ServiceActions>>): Promise<void> {
  const wanted = rules.filter((r) => r.rule.initial_sync && isSyncAction(r.rule.action));
  const entries = await Promise.all(wanted.map((r) => initialEntries(r.rule, r.filter)));
  wanted.forEach((r, i) => {
    const writes = entries[i] ?? [];
    if (writes.length > 0) queues.get(r.service)?.push({ service: r.service, rebuild: false, restart: false, writes, deletes: [], execs: [] });
  });
  await Promise.all([...new Set(wanted.map((r) => r.service))].map((s) => queues.get(s)?.idle()));
}

/** `./src → /app/src (sync), ./Dockerfile (rebuild)`. */
function describeRules(rules: readonly CompiledRule[], service: string, projectDir: string): string {
  return rules
    .filter((r) => r.service === service)
    .map((r) => {
      const rel = path.relative(projectDir, r.rule.path);
      const shown = rel === "" ? "." : rel.startsWith("..") || path.isAbsolute(rel) ? r.rule.path : `./${rel.split(path.sep).join("/")}`;
      return `${shown}${r.rule.target && isSyncAction(r.rule.action) ? ` → ${r.rule.target}` : ""} (${r.rule.action})`;
    })
    .join(", ");
}
