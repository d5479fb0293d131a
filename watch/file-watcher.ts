import type { FSWatcher } from "chokidar";

/** What happened to one path; directories have their own kinds, like chokidar's. */
export type FileEventKind = "add" | "change" | "unlink" | "addDir" | "unlinkDir";

/** One file-system event on an absolute host path. */
export interface FileEvent {
  readonly kind: FileEventKind;
  readonly path: string;
}

/** Receives a watcher's events one at a time (the debouncer batches them). */
export interface FileListener {
  event(e: FileEvent): void;
  error?(err: Error): void;
}

/**
 * A recursive watch over some paths. Events flow to the subscribed listeners from `ready` on
 * (existing files are not reported); ignored paths are never reported, and an ignored directory
 * is never descended into. `close()` stops every event.
 */
export interface FileWatcher {
  /** Adds a listener; returns a function that removes it. */
  subscribe(listener: FileListener): () => void;
  /** Resolves once the initial scan is done and changes are being reported. */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

const KINDS: ReadonlySet<string> = new Set(["add", "change", "unlink", "addDir", "unlinkDir"]);

/** Fans events out to listeners; shared by both implementations. */
class Listeners {
  private readonly set = new Set<FileListener>();
  add(l: FileListener): () => void {
    this.set.add(l);
    return () => this.set.delete(l);
  }
  event(e: FileEvent): void {
    for (const l of this.set) l.event(e);
  }
  error(err: Error): void {
    for (const l of this.set) l.error?.(err);
  }
}

/**
 * A chokidar watcher (native events, no polling): `ignoreInitial`, symlinks reported as such and
 * never followed, and `ignored` consulted for every path so that an ignored directory (such as
 * node_modules) is never read, which keeps an idle large tree cheap. chokidar is loaded lazily.
 */
export async function createChokidarWatcher(paths: readonly string[], ignored: (p: string) => boolean): Promise<FileWatcher> {
  const { watch } = await import("chokidar");
  const listeners = new Listeners();
  const fsw: FSWatcher = watch([...paths], {
    ignoreInitial: true,
    followSymlinks: false,
    usePolling: false,
    persistent: true,
    ignored: (p: string) => ignored(p),
  });
  fsw.on("all", (kind, p) => {
    if (KINDS.has(kind)) listeners.event({ kind: kind as FileEventKind, path: p });
  });
  fsw.on("error", (err) => listeners.error(err instanceof Error ? err : new Error(String(err))));
  const ready = new Promise<void>((resolve) => fsw.once("ready", () => resolve()));
  let closed: Promise<void> | undefined;
  return {
    subscribe: (l) => listeners.add(l),
    ready,
    close: () => (closed ??= fsw.close()),
  };
}

/**
 * An in-memory watcher for tests: `emit` delivers an event as the real watcher would (dropped
 * when `ignored` says so, or after `close`). `paths` and `closed` let tests check how it was used.
 */
export class MemoryWatcher implements FileWatcher {
  readonly ready: Promise<void> = Promise.resolve();
  closed = false;
  private readonly listeners = new Listeners();

  constructor(
    readonly paths: readonly string[],
    private readonly ignored: (p: string) => boolean = () => false,
  ) {}

  subscribe(listener: FileListener): () => void {
    return this.listeners.add(listener);
  }

  /** Reports a change to `path`; returns false when the watcher dropped it (ignored or closed). */
  emit(kind: FileEventKind, path: string): boolean {
    if (this.closed || this.ignored(path)) return false;
    this.listeners.event({ kind, path });
    return true;
  }

  /** Reports a watcher failure. */
  fail(err: Error): void {
    this.listeners.error(err);
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
