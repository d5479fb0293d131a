import { psProject, PS_STATES, type PsEntry } from "../../engine/verbs/ps.js";
import type { ProjectRef } from "../../engine/verbs/project-view.js";
import type { ContainerStatus, Runtime } from "../../engine/runtime/runtime.js";
import { ProjectError } from "../../spec/errors.js";

/** Which containers `ps` lists. */
export interface PsOptions {
  /** Only these services' containers; a name the compose file does not know is an error. */
  readonly services?: readonly string[];
  /** Stopped containers and one-offs too. */
  readonly all?: boolean;
  /** Only containers in these states (implies `all`). */
  readonly status?: readonly ContainerStatus[];
  /** Containers of services the compose file does not declare (default true, as Compose). */
  readonly orphans?: boolean;
}

/** Throws E_USAGE for a state `ps` does not know. */
export function checkStatuses(statuses: readonly string[]): asserts statuses is readonly ContainerStatus[] {
  for (const s of statuses) {
    if (!(PS_STATES as readonly string[]).includes(s)) {
      throw new ProjectError("E_USAGE", `invalid status "${s}"`, { hint: `Use one of: ${PS_STATES.join(", ")}.` });
    }
  }
}

/**
 * The project's containers as `ps --format json` prints them (`PsEntry`), sorted by name: running
 * ones by default, `all` adds stopped ones and one-offs. Fails with E_NO_SUCH_SERVICE for a
 * service the compose file (when `ref` has one) neither declares nor disables.
 */
export async function psStack(runtime: Runtime, ref: ProjectRef, options: PsOptions = {}): Promise<PsEntry[]> {
  const services = options.services ?? [];
  checkStatuses(options.status ?? []);
  if (ref.project && services.length > 0) {
    const known = new Set([...Object.keys(ref.project.services), ...(ref.disabledServices ?? [])]);
    const unknown = services.filter((s) => !known.has(s));
    if (unknown.length > 0) throw new ProjectError("E_NO_SUCH_SERVICE", `no such service: ${unknown.join(", ")}`);
  }
  return psProject(runtime, {
    ref,
    services,
    status: options.status ?? [],
    ...(options.orphans !== undefined ? { orphans: options.orphans } : {}),
    ...(options.all ? { all: true } : {}),
  });
}
