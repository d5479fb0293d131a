import type { EventSink, ResourceKind } from "../runtime/engine-events.js";
import type { Operation, Plan } from "../plan/operations.js";

/** The resource a progress row is about. */
export interface Resource {
  readonly kind: ResourceKind;
  readonly name: string;
  readonly service?: string;
}

/** Extra fields of a resource event. */
export interface StatusExtra {
  readonly done?: boolean;
  readonly ok?: boolean;
  readonly detail?: string;
  /** Defaults to now. */
  readonly time?: number;
}

/** Emits ResourceEvents and warnings to a sink, keeping the warnings for the result. */
export class Reporter {
  readonly warnings: string[] = [];

  constructor(private readonly sink: EventSink) {}

  /** One resource changing status (Compose's words: Creating, Created, Starting, …). */
  status(resource: Resource, status: string, extra: StatusExtra = {}): void {
    this.sink.emit({
      type: "resource",
      kind: resource.kind,
      name: resource.name,
      ...(resource.service !== undefined ? { service: resource.service } : {}),
      status,
      ...(extra.detail !== undefined ? { detail: extra.detail } : {}),
      done: extra.done ?? false,
      ...(extra.ok !== undefined ? { ok: extra.ok } : {}),
      time: extra.time ?? Date.now(),
    });
  }

  /** A warning for the user, also kept in `warnings`. */
  warn(text: string): void {
    this.warnings.push(text);
    this.sink.emit({ type: "message", level: "warning", text, time: Date.now() });
  }
}

/**
 * How a plan's recreates look on screen. Compose shows a recreate as one row on the final
 * container name, `Recreate` → `Recreated`, and keeps the stop, remove and rename of the old
 * container off screen; this index finds those steps from the plan's structure.
 */
export class RecreateIndex {
  /** create op id → final container name. */
  private readonly finals = new Map<string, string>();
  /** Temp name → final name, for renames that end a recreate. */
  private readonly renames = new Map<string, string>();
  /** Names and ids of containers being replaced. */
  private readonly replaced = new Set<string>();

  constructor(plan: Plan) {
    const renameTo = new Map<string, string>();
    for (const op of plan.operations) if (op.kind === "rename-container") renameTo.set(op.from, op.to);
    for (const op of plan.operations) {
      if (op.kind !== "create-container" || op.replaces === undefined) continue;
      const final = renameTo.get(op.name) ?? op.name;
      this.finals.set(op.id, final);
      if (renameTo.has(op.name)) this.renames.set(op.name, final);
      this.replaced.add(op.replaces);
    }
  }

  /** The final name when `op` creates a replacement container, else undefined. */
  recreateName(op: Operation): string | undefined {
    return this.finals.get(op.id);
  }

  /** True when the rename `from` completes a recreate. */
  endsRecreate(from: string): boolean {
    return this.renames.has(from);
  }

  /** True when the stop/remove of `ref` is part of a recreate. */
  isReplaced(ref: string): boolean {
    return this.replaced.has(ref);
  }
}

/** The progress row an operation reports on, or undefined for waits (they report on the dependency). */
export function resourceOf(op: Operation): Resource | undefined {
  switch (op.kind) {
    case "create-network":
      return { kind: "network", name: op.options.name };
    case "remove-network":
      return { kind: "network", name: op.name };
    case "create-volume":
      return { kind: "volume", name: op.options.name ?? op.key };
    case "remove-volume":
      return { kind: "volume", name: op.name };
    case "pull-image":
      return { kind: "image", name: op.image, service: op.service };
    case "rename-container":
      return { kind: "container", name: op.to, service: op.service };
    case "wait-dependency":
    case "disconnect-network":
    case "connect-network":
      // Compose shows no row for these: the container's stop and start rows tell the story.
      return undefined;
    default:
      return { kind: "container", name: op.name, service: op.service };
  }
}
