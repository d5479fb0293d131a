import path from "node:path";
import v8 from "node:v8";
import type { EngineDeps } from "../../engine/verbs/up.js";
import { ComposeError, ProjectError } from "../../spec/errors.js";
import type { LoadedProject } from "../../spec/load.js";
import type { Project } from "../../spec/project.js";
import type { WatchSession } from "../../watch/watch-project.js";
import type { CliContext } from "../context.js";
import { useColor } from "../render/colors.js";
import { ansiMode } from "../session.js";
import { alreadyWatched, readyLine, WATCH_LOG_ENV } from "./watch-detach.js";
import { acquireWatchLock, watchLockPath, watchStateDir, type HeldWatchLock } from "./watch-lock.js";
import { createWatchPrinter } from "./watch-output.js";
import { projectOrigin } from "../../api/connect/origin.js";

/**
 * The services `watch` acts on: the named ones (each must have `develop.watch`), else every
 * service with `develop.watch`. None at all is a usage error, as in Compose.
 */
export function watchedServices(project: Project, named: readonly string[]): string[] {
  const hasRules = (s: string) => (project.services[s]?.develop?.watch?.length ?? 0) > 0;
  const chosen = named.length > 0 ? named.filter(hasRules) : Object.keys(project.services).filter(hasRules);
  if (chosen.length === 0) {
    throw new ProjectError("E_WATCH_NOTHING", `none of the selected services is configured for watch`, {
      hint: "Add a develop.watch section to a service (see the README's Watch section).",
    });
  }
  return chosen.sort();
}

/** The watched paths, relative to the project directory (`./site`), each once, in rule order. */
export function watchedPaths(project: Project, services: readonly string[], projectDir: string): string[] {
  const out = new Set<string>();
  for (const s of services) {
    for (const rule of project.services[s]?.develop?.watch ?? []) {
      const rel = path.relative(projectDir, rule.path);
      out.add(rel === "" ? "." : rel.startsWith("..") || path.isAbsolute(rel) ? rule.path : `./${rel}`);
    }
  }
  return [...out];
}

/**
 * Takes the project's watch lock for this process (one watcher per project), or throws naming
 * the live holder (exit 1). The lock is also released if the process exits without `release()`.
 */
export function takeWatchLock(ctx: CliContext, project: string): HeldWatchLock {
  const file = watchLockPath(watchStateDir(ctx.env), project);
  const log = ctx.env[WATCH_LOG_ENV];
  const result = acquireWatchLock(file, { pid: process.pid, startedAt: new Date().toISOString(), cwd: ctx.cwd, project, ...(log ? { log } : {}) });
  if ("holder" in result) throw alreadyWatched(project, result.holder);
  const onExit = () => result.held.release();
  process.once("exit", onExit);
  return {
    path: result.held.path,
    release() {
      process.off("exit", onExit);
      result.held.release();
    },
  };
}

/** What the CLI's watch loop needs besides the engine. */
export interface CliWatchOptions {
  readonly loaded: LoadedProject;
  readonly services: readonly string[];
  readonly debounceMs: number;
  readonly quiet: boolean;
  /** Remove the image a rebuild replaced when it is left dangling (`--prune`, Compose's default). */
  readonly prune: boolean;
  /** Stops the watcher when aborted (Ctrl-C). */
  readonly signal: AbortSignal;
}

/**
 * Starts `watchProject` with the CLI's printer: one line per action on stdout, build output unless
 * quiet, and the ready line (`watching ./site (project app, pid 42)`) once every watcher is armed.
 * Resolves once ready; the returned session's `done` settles when watching has ended.
 */
export async function startCliWatch(ctx: CliContext, deps: EngineDeps, opts: CliWatchOptions): Promise<WatchSession> {
  const { project, projectDir } = opts.loaded;
  // A watcher is a long-lived, mostly idle process whose memory is dominated by chokidar's
  // per-file watchers and the garbage of the initial scan: trade V8 speed for size (a watched
  // 10,000-file tree: RSS about 160 MB -> 115 MB; bench/watch.mjs).
  v8.setFlagsFromString("--optimize-for-size");
  const { watchProject, formatWatchEvent } = await import("../../watch/watch-project.js");
  const printer = createWatchPrinter(ctx.stdout, { color: useColor(ansiMode(ctx), ctx.stdout, ctx.env), quiet: opts.quiet, format: formatWatchEvent });
  const session = await watchProject(
    { runtime: deps.runtime, sink: printer.sink, signal: opts.signal, ...(deps.concurrency ? { concurrency: deps.concurrency } : {}) },
    {
      project,
      origin: projectOrigin(opts.loaded),
      services: opts.services,
      debounceMs: opts.debounceMs,
      prune: opts.prune,
      signal: opts.signal,
      onEvent: (e) => printer.event(e),
    },
  );
  try {
    await session.ready;
  } catch (err) {
    await session.close().catch(() => undefined);
    throw err instanceof ComposeError ? err : new ComposeError("E_WATCH_FAILED", `could not start watching: ${(err as Error).message}`, { cause: err });
  }
  printer.note(readyLine(watchedPaths(project, opts.services, projectDir), project.name, process.pid));
  return session;
}
