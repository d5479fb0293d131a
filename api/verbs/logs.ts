import { containerShortName } from "../../engine/runtime/labels.js";
import { projectLogs, type LogsConsumer, type LogSource } from "../../engine/verbs/logs.js";
import type { ProjectRef } from "../../engine/verbs/project-view.js";
import type { Runtime } from "../../engine/runtime/runtime.js";

/** Which log lines to read. */
export interface LogsOptions {
  /** Only these services (default: all). */
  readonly services?: readonly string[];
  /** Only the container with this number. */
  readonly index?: number;
  /** Lines from the end of each container's log (default: all). */
  readonly tail?: number;
  /** Unix seconds or a Date. */
  readonly since?: number | Date;
  readonly until?: number | Date;
  /** Ask the engine for each line's time (`LogEntry.time`). */
  readonly timestamps?: boolean;
  readonly signal?: AbortSignal;
}

/** One line of a container's output. */
export interface LogEntry {
  readonly service: string;
  /** Container name (`proj-web-1`). */
  readonly container: string;
  /** Container number (`1` for `proj-web-1`). */
  readonly number: number;
  readonly stream: "stdout" | "stderr";
  /** The line, without its newline. */
  readonly text: string;
  /** The engine's timestamp (ISO), with `timestamps`. */
  readonly time?: string;
}

/**
 * Streams the project's container logs (one-offs aside) to `consumer`, found by label: whole logs
 * one container after another, or with `follow` all at once (containers started later too) until
 * none runs any more or `signal` aborts. Fails with E_NO_SUCH_SERVICE for an unknown service.
 */
export async function streamLogs(runtime: Runtime, ref: ProjectRef, options: LogsOptions & { follow?: boolean }, consumer: LogsConsumer): Promise<readonly LogSource[]> {
  return projectLogs(
    runtime,
    {
      ref,
      ...(options.services ? { services: options.services } : {}),
      ...(options.index !== undefined ? { index: options.index } : {}),
      ...(options.follow ? { follow: true } : {}),
      ...(options.tail !== undefined ? { tail: options.tail } : {}),
      ...(options.since !== undefined ? { since: options.since } : {}),
      ...(options.until !== undefined ? { until: options.until } : {}),
      ...(options.timestamps ? { timestamps: true } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    },
    consumer,
  );
}

function entry(s: LogSource, line: { stream: "stdout" | "stderr"; text: string; time?: string }): LogEntry {
  return { service: s.service, container: s.name, number: s.number, stream: line.stream, text: line.text, ...(line.time ? { time: line.time } : {}) };
}

/** Every line the project's containers have printed so far, container after container. */
export async function collectLogs(runtime: Runtime, ref: ProjectRef, options: LogsOptions = {}): Promise<LogEntry[]> {
  const lines: LogEntry[] = [];
  await streamLogs(runtime, ref, options, { begin: () => undefined, line: (s, l) => lines.push(entry(s, l)), exited: () => undefined });
  return lines;
}

/**
 * Follows the project's logs as an async iterable: every line so far (or the last `tail`), then
 * new lines as they come, from containers started later too. It ends when no container runs any
 * more or `signal` aborts; leaving the loop early (`break`) stops the stream.
 */
export async function* followLogs(runtime: Runtime, ref: ProjectRef, options: LogsOptions = {}): AsyncGenerator<LogEntry, void, undefined> {
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  options.signal?.addEventListener("abort", onAbort, { once: true });
  const queue: LogEntry[] = [];
  let wake: (() => void) | undefined;
  let finished = false;
  let failure: { error: unknown } | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  const push = (e: LogEntry) => {
    queue.push(e);
    notify();
  };
  const done = streamLogs(runtime, ref, { ...options, follow: true, signal: stop.signal }, { begin: () => undefined, line: (s, l) => push(entry(s, l)), exited: () => undefined }).then(
    () => undefined,
    (error: unknown) => void (failure = { error }),
  );
  void done.finally(() => {
    finished = true;
    notify();
  });
  try {
    for (;;) {
      const next = queue.shift();
      if (next) {
        yield next;
        continue;
      }
      if (failure) throw failure.error;
      if (finished) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    options.signal?.removeEventListener("abort", onAbort);
    stop.abort();
    await done;
  }
}

/**
 * Lines as Docker Compose prints them without colour: `web-1  | text`, prefixes padded to one
 * width (the container name for containers outside `<project>-<service>-<n>`), or the bare
 * text with `prefix: false`. Ends with a newline unless empty.
 */
export function formatLogs(lines: readonly LogEntry[], projectName: string, options: { prefix?: boolean } = {}): string {
  if (lines.length === 0) return "";
  if (options.prefix === false) return lines.map((l) => `${l.text}\n`).join("");
  const label = (l: LogEntry) => containerShortName(projectName, l.service, l.number, l.container);
  const width = Math.max(...lines.map((l) => label(l).length));
  return lines.map((l) => `${label(l).padEnd(width)}  | ${l.text}\n`).join("");
}
