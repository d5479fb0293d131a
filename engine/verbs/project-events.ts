import { LABELS } from "../runtime/labels.js";
import type { Runtime, RuntimeEvent } from "../runtime/runtime.js";

/**
 * One container event of the project, as `events --json` prints it (Docker Compose's shape):
 * `{"action":"start","attributes":{"image":"busybox","name":"shop-web-1"},"id":"…","service":"web","time":"…","type":"container"}`.
 */
export interface ComposeEvent {
  /** The engine's time, RFC 3339 in UTC with up to nanosecond digits (trailing zeros trimmed). */
  readonly time: string;
  readonly type: "container";
  readonly service: string;
  /** Full container id. */
  readonly id: string;
  /** The engine's action as it spells it: `create`, `start`, `die`, `health_status: healthy`, … */
  readonly action: string;
  /** The engine's attributes without Compose's `com.docker.compose.*` labels: `name`, `image`, `exitCode`, the user's labels. */
  readonly attributes: Readonly<Record<string, string>>;
}

/** What `events` streams. */
export interface EventsRequest {
  readonly projectName: string;
  /** Only these services' containers. */
  readonly services?: readonly string[];
  /** Unix seconds: replay from then. */
  readonly since?: number;
  /** Unix seconds: stop then. */
  readonly until?: number;
  /** Ends the stream. */
  readonly signal?: AbortSignal;
}

/** Nanoseconds since the epoch → `2026-11-23T15:00:01.123456789Z` (Go's RFC3339Nano). */
export function rfc3339Nano(timeNano: number): string {
  const ms = Math.floor(timeNano / 1e6);
  const iso = new Date(ms).toISOString().slice(0, 19);
  const fraction = String(Math.round(timeNano - Math.floor(timeNano / 1e9) * 1e9)).padStart(9, "0").replace(/0+$/, "");
  return `${iso}${fraction ? `.${fraction}` : ""}Z`;
}

/** Converts an engine event to Compose's form, or undefined when it is not one of ours to show. */
export function composeEvent(ev: RuntimeEvent, services?: ReadonlySet<string>): ComposeEvent | undefined {
  if (ev.type !== "container" || ev.attributes[LABELS.oneoff] === "True") return undefined;
  const service = ev.attributes[LABELS.service] ?? "";
  if (services && !services.has(service)) return undefined;
  const attributes = Object.fromEntries(Object.entries(ev.attributes).filter(([k]) => !k.startsWith("com.docker.compose.")));
  const action = ev.status ? `${ev.action}: ${ev.status}` : ev.action;
  return { time: rfc3339Nano(ev.timeNano), type: "container", service, id: ev.id, action, attributes };
}

/**
 * The project's container events (one-offs aside), live from now, or replayed from `since`; the
 * iterable ends at `until` or when `signal` aborts.
 */
export async function* projectEvents(runtime: Runtime, req: EventsRequest): AsyncGenerator<ComposeEvent> {
  const services = req.services && req.services.length > 0 ? new Set(req.services) : undefined;
  const stream = runtime.events({
    filters: { type: ["container"], label: { [LABELS.project]: req.projectName } },
    ...(req.since !== undefined ? { since: req.since } : {}),
    ...(req.until !== undefined ? { until: req.until } : {}),
    ...(req.signal ? { signal: req.signal } : {}),
  });
  for await (const ev of stream) {
    const out = composeEvent(ev, services);
    if (out) yield out;
  }
}
