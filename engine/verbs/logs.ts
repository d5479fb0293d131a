import { LABELS } from "../runtime/labels.js";
import { assertKnownServices, type ProjectRef } from "./project-view.js";
import type { ContainerSummary, LogLine, LogsOptions, Runtime } from "../runtime/runtime.js";
import { isRuntimeError } from "../runtime/runtime-errors.js";

/** A container whose output is shown. */
export interface LogSource {
  readonly id: string;
  readonly name: string;
  readonly service: string;
  readonly number: number;
}

/** What `logs` shows. */
export interface LogsRequest {
  readonly ref: ProjectRef;
  /** Only these services (default: all). */
  readonly services?: readonly string[];
  /** Only the container with this number (`--index`). */
  readonly index?: number;
  /** Keep streaming: containers started later are followed too; ends when every followed container has stopped, or on `signal`. */
  readonly follow?: boolean;
  /** Lines from the end of each container's log (default all). */
  readonly tail?: number;
  /** Unix seconds or a Date. */
  readonly since?: number | Date;
  readonly until?: number | Date;
  /** Ask the engine for each line's time (`LogLine.time`). */
  readonly timestamps?: boolean;
  readonly signal?: AbortSignal;
}

/** Where the lines go. */
export interface LogsConsumer {
  /** The containers found at the start, in display order (by service, then number), before any line. */
  begin(sources: readonly LogSource[]): void;
  line(source: LogSource, line: LogLine): void;
  /** Following only: a followed container stopped, with its exit code. */
  exited(source: LogSource, exitCode: number): void;
}

function sourceOf(c: ContainerSummary): LogSource {
  return { id: c.id, name: c.name, service: c.labels[LABELS.service] ?? "", number: Number(c.labels[LABELS.containerNumber] ?? "0") || 0 };
}

/**
 * Shows the project's container logs (one-offs aside), found by label. Without `follow`, each
 * container's log is printed whole, one container after another in display order; with
 * `follow`, all stream at once, containers that start later (or restart) are picked up from
 * their start, and the call returns once none is running any more or `signal` aborts.
 */
export async function projectLogs(runtime: Runtime, req: LogsRequest, consumer: LogsConsumer): Promise<readonly LogSource[]> {
  const listedAt = Date.now() / 1000;
  const list = await runtime.listContainers({ all: true, labels: { [LABELS.project]: req.ref.name } });
  const project = list.filter((c) => c.labels[LABELS.oneoff] !== "True");
  assertKnownServices(req.ref, project.map((c) => c.labels[LABELS.service] ?? ""), req.services);
  const named = req.services && req.services.length > 0 ? new Set(req.services) : undefined;
  const wanted = (s: LogSource) => (!named || named.has(s.service)) && (req.index === undefined || s.number === req.index);
  const sources = project
    .map(sourceOf)
    .filter(wanted)
    .sort((a, b) => (a.service < b.service ? -1 : a.service > b.service ? 1 : a.number - b.number));
  consumer.begin(sources);
  const options = {
    ...(req.tail !== undefined ? { tail: req.tail } : {}),
    ...(req.since !== undefined ? { since: req.since } : {}),
    ...(req.until !== undefined ? { until: req.until } : {}),
    ...(req.timestamps ? { timestamps: true } : {}),
    ...(req.signal ? { signal: req.signal } : {}),
  };
  if (!req.follow) {
    for (const s of sources) await pipe(runtime, s, options, consumer);
    return sources;
  }
  const running = new Set(list.filter((c) => c.status === "running" || c.status === "restarting").map((c) => c.id));
  await new Follower(runtime, req, consumer, wanted, options).run(sources, running, listedAt);
  return sources;
}

async function pipe(runtime: Runtime, s: LogSource, options: object, consumer: LogsConsumer): Promise<void> {
  try {
    for await (const line of runtime.logs(s.id, options)) consumer.line(s, line);
  } catch (error) {
    // A container removed while we read it simply has no more output.
    if (!isRuntimeError(error, "not-found")) throw error;
  }
}

/**
 * `logs -f`: one stream per running container, plus an event subscription for containers that
 * start (or restart) later. `alive` holds the containers that keep the command going.
 */
class Follower {
  private readonly alive = new Set<string>();
  private readonly streaming = new Set<string>();
  /** Container id → unix seconds up to which its output was shown (a restart resumes from there). */
  private readonly shownUntil = new Map<string, number>();
  /** Container id → when its current stream began (unix seconds). */
  private readonly streamBegan = new Map<string, number>();
  private readonly streams: Promise<void>[] = [];
  private readonly events = new AbortController();

  constructor(
    private readonly runtime: Runtime,
    private readonly req: LogsRequest,
    private readonly consumer: LogsConsumer,
    private readonly wanted: (s: LogSource) => boolean,
    private readonly options: { readonly signal?: AbortSignal },
  ) {}

  async run(sources: readonly LogSource[], running: ReadonlySet<string>, listedAt: number): Promise<void> {
    const onAbort = () => this.events.abort();
    this.req.signal?.addEventListener("abort", onAbort, { once: true });
    try {
      for (const s of sources) {
        if (running.has(s.id)) this.follow(s);
        else {
          await pipe(this.runtime, s, this.options, this.consumer);
          this.shownUntil.set(s.id, listedAt);
        }
      }
      if (this.alive.size > 0) await this.watchStarts(listedAt);
      await Promise.allSettled(this.streams);
    } finally {
      this.req.signal?.removeEventListener("abort", onAbort);
      this.events.abort();
    }
  }

  private follow(s: LogSource, since?: number): void {
    this.alive.add(s.id);
    this.streaming.add(s.id);
    this.streamBegan.set(s.id, Date.now() / 1000);
    // A resumed stream shows every new line: --tail only applies to what was there at the start.
    const { tail: _tail, ...resumed } = this.options as LogsOptions;
    const options = { ...(since !== undefined ? resumed : this.options), follow: true, ...(since !== undefined ? { since } : {}) };
    const stream = pipe(this.runtime, s, options, this.consumer).catch(() => undefined);
    this.streams.push(stream.then(() => this.ended(s)));
  }

  private async ended(s: LogSource): Promise<void> {
    if (this.req.signal?.aborted) return this.forget(s);
    const state = await this.runtime.inspectContainer(s.id).then((d) => d.state, () => undefined);
    const seconds = (iso: string | undefined) => (iso ? Date.parse(iso) / 1000 : Number.NaN);
    const began = this.streamBegan.get(s.id) ?? 0;
    // Everything up to the end of the run that just ended was shown; a next run starts after it.
    const finished = seconds(state?.finishedAt);
    if (finished >= began) this.shownUntil.set(s.id, finished);
    this.streaming.delete(s.id);
    // Restarting: its next start event picks it up again.
    if (state?.restarting) return;
    if (state?.running) {
      // Restarted since the stream began: resume after the last run; else the stream broke: resume from now.
      const restarted = seconds(state.startedAt) > began && finished >= began;
      return this.follow(s, restarted ? finished : Date.now() / 1000);
    }
    this.consumer.exited(s, state?.exitCode ?? 0);
    this.forget(s);
  }

  private forget(s: LogSource): void {
    this.streaming.delete(s.id);
    this.alive.delete(s.id);
    if (this.alive.size === 0) this.events.abort();
  }

  private async watchStarts(since: number): Promise<void> {
    const filters = { type: ["container"], event: ["start"], label: { [LABELS.project]: this.req.ref.name } };
    try {
      for await (const ev of this.runtime.events({ since, filters, signal: this.events.signal })) {
        if (ev.attributes[LABELS.oneoff] === "True" || this.streaming.has(ev.id)) continue;
        const s: LogSource = {
          id: ev.id,
          name: ev.attributes["name"] ?? ev.id,
          service: ev.attributes[LABELS.service] ?? "",
          number: Number(ev.attributes[LABELS.containerNumber] ?? "0") || 0,
        };
        // A container new to us shows its whole output (from --since, if given).
        if (this.wanted(s)) this.follow(s, this.shownUntil.get(ev.id));
      }
    } catch (error) {
      if (!this.events.signal.aborted) throw error;
    }
  }
}
