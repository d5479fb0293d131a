/**
 * Typed progress events the engine emits while it works. The CLI draws them (a task list on a
 * TTY, plain lines in CI, NDJSON with `--progress json`); the engine never prints.
 */
export type ResourceKind = "network" | "volume" | "container" | "image" | "service" | "secret" | "config" | "task";

/** A resource changing state: `Creating` → `Created`, `Starting` → `Started`, `Waiting` → `Healthy`… */
export interface ResourceEvent {
  readonly type: "resource";
  readonly kind: ResourceKind;
  /** Engine name (`proj-web-1`, `proj_default`) or image reference. */
  readonly name: string;
  readonly service?: string;
  /** Compose's words: Creating, Created, Starting, Started, Waiting, Healthy, Exited, Stopping, Stopped, Removing, Removed, Recreate, Recreated, Running, Pulling, Pulled, Error, Skipped, Warning. */
  readonly status: string;
  /** Extra text (`exited with code 1`, `unhealthy: probe output …`). */
  readonly detail?: string;
  /** true once this resource reached a final state for the current command. */
  readonly done: boolean;
  /** false when this status reports a failure. */
  readonly ok?: boolean;
  /** Milliseconds since the epoch. */
  readonly time: number;
}

const KIND_WORDS: Record<ResourceKind, string> = {
  network: "Network",
  volume: "Volume",
  container: "Container",
  image: "Image",
  service: "Service",
  secret: "Secret",
  config: "Config",
  task: "Task",
};

/** `Container proj-web-1`: Compose's resource id, the kind's word then the engine name. */
export function resourceLabel(event: Pick<ResourceEvent, "kind" | "name">): string {
  return `${KIND_WORDS[event.kind]} ${event.name}`;
}

/** A resource's state, as Docker Compose's progress statuses: Working, Done, Warning, Error. */
export type ResourceState = "working" | "done" | "warning" | "error";

/** Which state an event puts its resource in: a failure is an error whether or not it is final. */
export function resourceState(event: ResourceEvent): ResourceState {
  if (event.ok === false || event.status === "Error") return "error";
  if (event.status === "Warning") return "warning";
  return event.done ? "done" : "working";
}

/** A message for the user that is not about one resource. */
export interface MessageEvent {
  readonly type: "message";
  readonly level: "info" | "warning" | "error";
  readonly text: string;
  readonly time: number;
}

/**
 * A line of build output. It is a MessageEvent (level `info`, text `web  | Step 2/5 : …`) so every
 * renderer prints it as a prefixed line; `build` lets a renderer group lines per service instead.
 */
export interface BuildOutputEvent extends MessageEvent {
  readonly level: "info";
  readonly build: {
    readonly service: string;
    /** The line as the engine printed it, without the prefix. */
    readonly line: string;
  };
}

/** True when `event` is a line of build output. */
export function isBuildOutput(event: EngineEvent): event is BuildOutputEvent {
  return event.type === "message" && "build" in event;
}

/** Everything the engine can report. */
export type EngineEvent = ResourceEvent | MessageEvent;

/** Where the engine sends its events. */
export interface EventSink {
  emit(event: EngineEvent): void;
}

/** A sink that drops everything (library use without output). */
export const NULL_SINK: EventSink = { emit: () => undefined };

/** A sink that keeps every event, for tests. */
export class RecordingSink implements EventSink {
  readonly events: EngineEvent[] = [];
  emit(event: EngineEvent): void {
    this.events.push(event);
  }
}
