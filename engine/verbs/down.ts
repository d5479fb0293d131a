import type { Project } from "../../spec/project.js";
import type { EngineDeps } from "./up.js";
import { executePlan, type ExecuteResult } from "../execute/execute.js";
import { observe } from "../plan/observe.js";
import { describeOperation, type Plan } from "../plan/operations.js";
import { planDown, type DownPlanOptions } from "../plan/plan-down.js";
import { imagesToRemove, removeImages, type RemoveImagesMode } from "./project-images.js";
import { Readiness } from "../readiness/readiness.js";

/** A `down` request: the project (or only its name, when the compose file is gone). */
export interface DownRequest extends DownPlanOptions {
  readonly projectName: string;
  readonly project?: Project;
  readonly dryRun?: boolean;
  /** `--rmi`: also remove the project's images once its containers are gone. */
  readonly rmi?: RemoveImagesMode;
}

/**
 * Stops and removes the project's containers (dependants first), then its networks, with
 * `volumes` its volumes, and with `rmi` its images. Everything is found by the project label;
 * nothing else is touched.
 */
export async function downProject(deps: EngineDeps, req: DownRequest): Promise<{ plan: Plan; result?: ExecuteResult }> {
  const observed = await observe(deps.runtime, req.projectName);
  const plan = planDown(observed, req.project, req);
  // Chosen before the containers go: without a compose file they are what names the images.
  const images = req.rmi ? await imagesToRemove(deps.runtime, req.projectName, req.project, req.rmi) : [];
  if (req.dryRun) {
    for (const op of plan.operations) deps.sink.emit({ type: "message", level: "info", text: `DRY-RUN ${describeOperation(op)}`, time: Date.now() });
    for (const ref of images) deps.sink.emit({ type: "message", level: "info", text: `DRY-RUN remove image ${ref} (down --rmi ${req.rmi})`, time: Date.now() });
    return { plan };
  }
  const readiness = new Readiness(deps.runtime, { project: req.projectName });
  try {
    const result = await executePlan(plan, {
      runtime: deps.runtime,
      sink: deps.sink,
      readiness,
      ...(deps.signal ? { signal: deps.signal } : {}),
      ...(deps.concurrency !== undefined ? { concurrency: deps.concurrency } : {}),
    });
    if (images.length > 0) await removeImages(deps, images);
    return { plan, result };
  } finally {
    readiness.close();
  }
}
