import type { LoadedProject } from "../../spec/load.js";
import type { UpFlags } from "../commands/lifecycle/up.js";
import { DEFAULT_DEBOUNCE_MS } from "../commands/lifecycle/watch.js";
import type { CliContext } from "../context.js";
import type { EngineSession } from "../session.js";
import { followWithWatch } from "./watch-follow.js";
import { startCliWatch, takeWatchLock, watchedServices } from "./watch-session.js";

/** `up --watch` once its lock is held: `follow` runs the attached session with the watcher; `release` drops the lock. */
export interface UpWatch {
  follow(session: EngineSession, selected: readonly string[], flags: UpFlags): Promise<number>;
  release(): void;
}

/** Flags `--watch` cannot be combined with (Compose refuses `-d --watch`); throws the usage error `usage` builds. */
export function checkUpWatchFlags(flags: UpFlags, usage: (message: string, hint?: string) => Error): void {
  if (flags.detach || flags.wait) throw usage("--watch cannot be combined with --detach or --wait", "For a background watcher run `tscompose up -d` and then `tscompose watch --detach`.");
  if (flags.abortOnContainerExit || flags.abortOnContainerFailure || flags.exitCodeFrom) {
    throw usage("--watch cannot be combined with --abort-on-container-exit, --abort-on-container-failure or --exit-code-from");
  }
  if (flags.start === false) throw usage("--watch cannot be combined with --no-start");
}

/**
 * Before `up --watch` changes anything: checks some selected service has `develop.watch` and
 * takes the project's watch lock (a second watcher is refused with its holder, exit 1).
 */
export function prepareUpWatch(ctx: CliContext, loaded: LoadedProject, targets: readonly string[]): UpWatch {
  const watched = watchedServices(loaded.project, targets);
  const lock = takeWatchLock(ctx, loaded.project.name);
  return {
    async follow(session, selected, flags) {
      const stop = new AbortController();
      const watch = await startCliWatch(ctx, session, { loaded, services: watched, debounceMs: DEFAULT_DEBOUNCE_MS, quiet: false, prune: true, signal: stop.signal });
      try {
        return await followWithWatch(ctx, session, loaded, targets, selected, flags, watch);
      } finally {
        stop.abort();
      }
    },
    release: () => lock.release(),
  };
}
