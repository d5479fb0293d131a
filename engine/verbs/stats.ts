import { LABELS } from "../runtime/labels.js";
import { assertKnownServices, type ProjectRef } from "./project-view.js";
import type { ContainerSummary, Runtime } from "../runtime/runtime.js";
import { isRuntimeError } from "../runtime/runtime-errors.js";
import { statsEntry, type StatsEntry } from "../format/stats-format.js";

/** Which of the project's containers `stats` reports on. */
export interface StatsQuery {
  /** Only these services' containers (all when empty). */
  readonly services?: readonly string[];
  /** Stopped containers too (`-a`). */
  readonly all?: boolean;
}

const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * The project's containers `stats` covers, by name: running ones (stopped ones too with `all`),
 * one-offs included as Docker Compose does (it filters on the project label alone), only the
 * named services' when some are named. An unknown service name is an error when the project file
 * is loaded.
 */
export async function statsTargets(runtime: Runtime, ref: ProjectRef, query: StatsQuery = {}): Promise<ContainerSummary[]> {
  const list = await runtime.listContainers({ all: query.all === true, labels: { [LABELS.project]: ref.name } });
  assertKnownServices(ref, list.map((c) => c.labels[LABELS.service] ?? ""), query.services);
  const named = query.services && query.services.length > 0 ? new Set(query.services) : undefined;
  return list.filter((c) => !named || named.has(c.labels[LABELS.service] ?? "")).sort(byName);
}

/** One sample of a container as a `StatsEntry`; undefined when it is gone (removed meanwhile). */
async function sampleOne(runtime: Runtime, id: string, signal?: AbortSignal): Promise<StatsEntry | undefined> {
  try {
    return statsEntry(await runtime.containerStats(id, signal ? { signal } : {}));
  } catch (error) {
    if (isRuntimeError(error, "not-found")) return undefined;
    throw error;
  }
}

/**
 * One sample of each container `statsTargets` names (`stats --no-stream`), sampled in parallel
 * and sorted by name; a container removed meanwhile is left out.
 */
export async function projectStats(runtime: Runtime, ref: ProjectRef, query: StatsQuery = {}, signal?: AbortSignal): Promise<StatsEntry[]> {
  const targets = await statsTargets(runtime, ref, query);
  const entries = await Promise.all(targets.map((c) => sampleOne(runtime, c.id, signal)));
  return entries.filter((e): e is StatsEntry => e !== undefined).sort(byName);
}

/** How often a `StatsMonitor` samples each container at most. */
export const STATS_INTERVAL_MS = 1000;

interface Watched {
  readonly id: string;
  latest?: StatsEntry;
  /** Settles after the first sample (or failure). */
  readonly first: Promise<void>;
}

/**
 * Samples the project's containers over and over (`stats` without `--no-stream`): each watched
 * container in its own loop, at most once per interval (an engine sample takes about a second
 * anyway), so a slow one never holds the others up. `refresh` follows the container list:
 * containers that appear are watched, those that go (or stop, without `all`) are dropped. Ends
 * with `stop` or the signal.
 */
export class StatsMonitor {
  private readonly watched = new Map<string, Watched>();
  private readonly controller = new AbortController();

  constructor(
    private readonly runtime: Runtime,
    private readonly ref: ProjectRef,
    private readonly query: StatsQuery = {},
    private readonly intervalMs = STATS_INTERVAL_MS,
  ) {}

  /** Lists the containers again and starts or stops watching them. */
  async refresh(): Promise<void> {
    const targets = await statsTargets(this.runtime, this.ref, this.query);
    const ids = new Set(targets.map((c) => c.id));
    for (const id of [...this.watched.keys()]) if (!ids.has(id)) this.watched.delete(id);
    for (const c of targets) if (!this.watched.has(c.id)) this.watch(c.id);
  }

  /** Resolves once every watched container has had its first sample. */
  async ready(): Promise<void> {
    await Promise.all([...this.watched.values()].map((w) => w.first));
  }

  /** The latest entry of each watched container that has one, by name. */
  entries(): StatsEntry[] {
    return [...this.watched.values()].flatMap((w) => (w.latest ? [w.latest] : [])).sort(byName);
  }

  /** Stops every loop (pending engine requests are aborted). */
  stop(): void {
    this.controller.abort();
    this.watched.clear();
  }

  private watch(id: string): void {
    let settle!: () => void;
    const w: Watched = { id, first: new Promise<void>((r) => (settle = r)) };
    this.watched.set(id, w);
    void this.loop(w, settle);
  }

  private async loop(w: Watched, settleFirst: () => void): Promise<void> {
    const signal = this.controller.signal;
    while (!signal.aborted && this.watched.get(w.id) === w) {
      const started = Date.now();
      try {
        const entry = await sampleOne(this.runtime, w.id, signal);
        if (!entry) this.watched.delete(w.id);
        else w.latest = entry;
      } catch {
        // A failed sample (the engine hiccuped, the container is being removed) keeps the last one.
      }
      settleFirst();
      await pause(Math.max(0, this.intervalMs - (Date.now() - started)), signal);
    }
    settleFirst();
  }
}

/** Waits `ms`, or less when the signal aborts. */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}
