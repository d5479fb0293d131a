import { ProjectError } from "../../../spec/errors.js";
import { loadProject, type LoadedProject } from "../../../spec/load.js";
import type { Project } from "../../../spec/project.js";
import type { CliContext } from "../../context.js";
import { loadOptions } from "../../load-options.js";
import { openSession, printWarnings, type EngineSession } from "../../session.js";
import { currentScript, startDetachedWatch, stopWatcher } from "../../watch/watch-detach.js";
import { watchLockPath, watchStateDir } from "../../watch/watch-lock.js";
import { startCliWatch, takeWatchLock, watchedServices } from "../../watch/watch-session.js";
import { withoutBuildOutput } from "../shared/quiet-output.js";
import type { WatchFlags } from "./watch.js";
import { projectOrigin } from "../../../api/connect/origin.js";
import { engineWarnings } from "../../engine-connect.js";

/** Checks flag combinations; bad usage exits 2 before anything happens. */
export function checkWatchFlags(flags: WatchFlags): void {
  if (flags.stop && (flags.detach || flags.up === false || flags.quiet)) {
    throw new ProjectError("E_USAGE", "--stop cannot be combined with --detach, --no-up or --quiet", { hint: "Run `watch --stop` on its own." });
  }
}

/**
 * Like Compose's watch: services with both `build` and `develop` get `pull_policy: build`, so the
 * `up` before watching builds them (a stale image would make the first sync land on old code).
 */
export function buildWatchedImages(project: Project, services: readonly string[]): Project {
  const changed = Object.fromEntries(
    services.filter((s) => project.services[s]?.build && project.services[s]?.develop).map((s) => [s, { ...project.services[s]!, pull_policy: "build" }]),
  );
  return Object.keys(changed).length === 0 ? project : { ...project, services: { ...project.services, ...changed } };
}

/**
 * Runs `watch`: `--stop` ends the project's background watcher; `--detach` starts one; otherwise
 * takes the project's lock, brings the watched services up (unless `--no-up`), and watches until
 * Ctrl-C. Like Compose, Ctrl-C ends watching with exit 0 and leaves the containers running.
 */
export async function runWatch(ctx: CliContext, services: string[], flags: WatchFlags): Promise<void> {
  checkWatchFlags(flags);
  const loaded = loadProject(await loadOptions(ctx, { services }));
  printWarnings(ctx, [...loaded.warnings, ...engineWarnings(ctx, loaded)]);
  const stateDir = watchStateDir(ctx.env);
  const lockPath = watchLockPath(stateDir, loaded.project.name);
  if (flags.stop) return stopWatcher(ctx, loaded.project.name, lockPath);
  const watched = watchedServices(loaded.project, services);
  if (flags.detach) {
    return startDetachedWatch(ctx, {
      project: loaded.project.name,
      stateDir,
      lockPath,
      argv: process.argv.slice(2),
      node: process.execPath,
      script: currentScript(process.argv),
      execArgv: process.execArgv,
    });
  }
  const lock = takeWatchLock(ctx, loaded.project.name);
  try {
    const session = await openSession(ctx);
    try {
      if (flags.up !== false) await upForWatch(ctx, session, loaded, services, flags);
      await session.finishProgress();
      // --dry-run shows what the `up` would do; there is nothing to watch.
      if (session.interrupts.graceful.aborted || ctx.global.dryRun) return;
      await watchUntilInterrupted(ctx, session, loaded, watched, flags);
    } finally {
      await session.close();
    }
  } finally {
    lock.release();
  }
}

async function upForWatch(ctx: CliContext, session: EngineSession, loaded: LoadedProject, services: string[], flags: WatchFlags): Promise<void> {
  const { upProject } = await import("../../../engine/verbs/up.js");
  const { selectServices } = await import("../../../engine/plan/plan-up.js");
  const project = buildWatchedImages(loaded.project, selectServices(loaded.project, services, false));
  await upProject(flags.quiet ? withoutBuildOutput(session) : session, {
    project,
    origin: projectOrigin(loaded),
    disabledServices: loaded.disabledServices,
    services,
    ...(ctx.global.dryRun ? { dryRun: true } : {}),
  });
}

async function watchUntilInterrupted(ctx: CliContext, session: EngineSession, loaded: LoadedProject, watched: string[], flags: WatchFlags): Promise<void> {
  const stop = new AbortController();
  const onInterrupt = () => stop.abort();
  session.interrupts.graceful.addEventListener("abort", onInterrupt, { once: true });
  try {
    const watch = await startCliWatch(ctx, session, { loaded, services: watched, debounceMs: flags.debounce, quiet: flags.quiet === true, prune: flags.prune !== false, signal: stop.signal });
    await Promise.race([watch.done, new Promise<void>((resolve) => stop.signal.addEventListener("abort", () => resolve(), { once: true }))]);
    // A second Ctrl-C does not wait for a sync or build in flight to end.
    const closed = watch.close().then(() => watch.done);
    await Promise.race([closed, new Promise<void>((resolve) => session.interrupts.forced.addEventListener("abort", () => resolve(), { once: true }))]);
    if (stop.signal.aborted) ctx.stdout.write("Stopped watching\n");
  } finally {
    session.interrupts.graceful.removeEventListener("abort", onInterrupt);
  }
}
