import { observeView, runLifecyclePlan, stopServices, type LifecycleRequest } from "./lifecycle.js";
import { serviceContainers } from "../plan/observe.js";
import { planRemove } from "../plan/plan-lifecycle.js";
import { targetServices } from "./project-view.js";
import type { EngineDeps } from "./up.js";

/** An `rm` request. */
export interface RemoveRequest extends LifecycleRequest {
  /** `-s`: stop the containers first (dependants first), then remove them. */
  readonly stop?: boolean;
  /** `-v`: also remove the anonymous volumes attached to the containers. */
  readonly volumes?: boolean;
  readonly timeoutSeconds?: number;
  /** Count running containers as stopped: a dry run of `rm -s` whose stop step the caller ran. */
  readonly includeRunning?: boolean;
  /**
   * Asked with the names of the containers about to be removed; resolving false removes nothing.
   * Absent: remove without asking (`-f`).
   */
  readonly confirm?: (names: readonly string[]) => Promise<boolean>;
}

/** What `rm` did: the stopped containers it found, and whether they were removed. */
export interface RemoveOutcome {
  readonly candidates: readonly string[];
  readonly removed: boolean;
}

/**
 * `rm`: removes the services' stopped containers (one-offs aside; a running container is left
 * alone unless `stop` stops it first). Nothing is removed when there is nothing stopped or when
 * `confirm` says no.
 */
export async function removeServices(deps: EngineDeps, req: RemoveRequest): Promise<RemoveOutcome> {
  if (req.stop) {
    await stopServices(deps, {
      ref: req.ref,
      ...(req.services ? { services: req.services } : {}),
      ...(req.timeoutSeconds !== undefined ? { timeoutSeconds: req.timeoutSeconds } : {}),
      ...(req.dryRun ? { dryRun: true } : {}),
    });
  }
  const { observed, view } = await observeView(deps, req.ref);
  // In a dry run nothing was really stopped; the containers `-s` would have stopped count as stopped.
  const includeRunning = req.includeRunning === true || (req.stop === true && req.dryRun === true);
  const stoppedEnough = (status: string) => includeRunning || !(status === "running" || status === "paused" || status === "restarting");
  const containers = targetServices(view, req.services)
    .flatMap((s) => serviceContainers(observed, s))
    .filter((c) => stoppedEnough(c.status));
  const candidates = containers.map((c) => c.name);
  if (containers.length === 0) return { candidates, removed: false };
  if (req.confirm && !(await req.confirm(candidates))) return { candidates, removed: false };
  await runLifecyclePlan(deps, view.name, planRemove(containers, { ...(req.volumes ? { volumes: true } : {}) }), req.dryRun);
  return { candidates, removed: !req.dryRun };
}
