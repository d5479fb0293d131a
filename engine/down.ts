import type { Project } from "../spec/project.js";
import type { EngineDeps } from "./up.js";
import { executePlan, type ExecuteResult } from "./execute.js";
import { observe } from "./observe.js";
import { describeOperation, type Plan } from "./operations.js";
import { planDown, type DownPlanOptions } from "./plan-down.js";
import { Readiness } from "./readiness.js";

/** A `down` request: the project (or only its name, when the compose file is gone). */
export interface DownRequest extends DownPlanOptions {
  readonly projectName: string;
  readonly project?: Project;
  readonly dryRun?: boolean;
}

/**
 * Stops and removes the project's containers (dependants first), then its networks, and with
 * `volumes` its volumes. Everything is found by the project label; nothing else is touched.
 */
export async function downProject(deps: EngineDeps, req: DownRequest): Promise<{ plan: Plan; result?: ExecuteResult }> {
  const observed = await observe(deps.runtime, req.projectName);
  const plan = planDown(observed, req.project, req);
  if (req.dryRun) {
    for (const op of plan.operations) deps.sink.emit({ type: "message", level: "info", text: `DRY-RUN ${describeOperation(op)}`, time: Date.now() });
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
    return { plan, result };
  } finally {
    readiness.close();
  }
}
