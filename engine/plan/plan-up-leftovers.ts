import { LABELS } from "../runtime/labels.js";
import type { ObservedContainer } from "./observe.js";
import type { PlanBuilder } from "./plan-builder.js";

/** `<first 12 hex of the old id>_<final name>`: where a recreate creates the replacement. */
const TEMP_NAME = /^[0-9a-f]{12}_(.+)$/;

const CAUSE = "left over by an interrupted recreate";

/** A service's containers once leftovers of interrupted recreates are dealt with. */
export interface SettledContainers {
  /** The containers to reason about, leftovers that take over under their final name included. */
  readonly containers: ObservedContainer[];
  /** Container name → the rename op every other op on that container must follow. */
  readonly renamed: ReadonlyMap<string, string>;
  /** Removals of leftovers: creates of the service must follow them (they may reuse the name). */
  readonly removals: readonly string[];
}

/**
 * Finds replacements that an interrupted recreate left under their temporary name (a killed
 * `up` between create and rename) and plans what finishes the job. When the container they were
 * to replace is still there, they are stopped and removed, and the recreate is planned again
 * from scratch; when it is gone, the newest one is renamed to the final name and counts as that
 * container (the others are removed). So a re-run `up` never leaves a container under a
 * temporary name or two containers with one number.
 */
export function settleLeftovers(b: PlanBuilder, service: string, containers: readonly ObservedContainer[]): SettledContainers {
  const finals = new Set(containers.filter((c) => !isLeftover(c)).map((c) => c.name));
  const keep: ObservedContainer[] = [];
  const renamed = new Map<string, string>();
  const removals: string[] = [];
  const newestFirst = [...containers].sort((x, y) => y.created - x.created);
  for (const c of newestFirst) {
    const final = isLeftover(c) ? TEMP_NAME.exec(c.name)?.[1] : undefined;
    if (final === undefined) {
      keep.push(c);
    } else if (finals.has(final)) {
      const stop = b.add({ kind: "stop-container", id: `container:${c.name}:stop`, cause: CAUSE, service, name: c.name });
      removals.push(b.add({ kind: "remove-container", id: `container:${c.name}:remove`, cause: CAUSE, service, name: c.name, volumes: false, after: [stop] }));
    } else {
      finals.add(final);
      renamed.set(final, b.add({ kind: "rename-container", id: `container:${c.name}:rename`, cause: CAUSE, service, from: c.name, to: final }));
      keep.push({ ...c, name: final });
    }
  }
  return { containers: keep.sort((x, y) => x.number - y.number), renamed, removals };
}

function isLeftover(c: ObservedContainer): boolean {
  return c.labels[LABELS.replace] !== undefined && TEMP_NAME.test(c.name);
}
