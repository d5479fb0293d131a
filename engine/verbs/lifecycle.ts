import { executePlan, type ExecuteResult } from "../execute/execute.js";
import { observe } from "../plan/observe.js";
import { describeOperation, type Plan } from "../plan/operations.js";
import { planStart, planStop, type StartPlan } from "../plan/plan-lifecycle.js";
import { projectView, targetServices, type ProjectRef } from "./project-view.js";
import { Readiness } from "../readiness/readiness.js";
import { waitForProject, type EngineDeps } from "./up.js";

/** What `start`, `stop` and the other lifecycle verbs are asked to act on. */
export interface LifecycleRequest {
  readonly ref: ProjectRef;
  /** Services named on the command line; none = every service of the project. */
  readonly services?: readonly string[];
  /** Report the plan (`DRY-RUN …` messages), change nothing. */
  readonly dryRun?: boolean;
}

/** A `start` request. */
export interface StartRequest extends LifecycleRequest {
  /** `--wait`: once started, wait until every service is running (healthy when it has a healthcheck). */
  readonly wait?: boolean;
  readonly waitTimeoutMs?: number;
}

/** A `stop` request. */
export interface StopRequest extends LifecycleRequest {
  readonly timeoutSeconds?: number;
}

/**
 * Runs a lifecycle plan, or with `dryRun` reports each operation as a `DRY-RUN …` message.
 * Dependency waits are served by one event subscription for the project.
 */
export async function runLifecyclePlan(deps: EngineDeps, projectName: string, plan: Plan, dryRun = false): Promise<ExecuteResult | undefined> {
  if (dryRun) {
    for (const op of plan.operations) deps.sink.emit({ type: "message", level: "info", text: `DRY-RUN ${describeOperation(op)}`, time: Date.now() });
    return undefined;
  }
  const readiness = new Readiness(deps.runtime, { project: projectName });
  try {
    return await executePlan(plan, {
      runtime: deps.runtime,
      sink: deps.sink,
      readiness,
      ...(deps.signal ? { signal: deps.signal } : {}),
      ...(deps.concurrency !== undefined ? { concurrency: deps.concurrency } : {}),
    });
  } finally {
    readiness.close();
  }
}

/** Observes the project by label and builds its view (from the file when there is one). */
export async function observeView(deps: Pick<EngineDeps, "runtime">, ref: ProjectRef) {
  const observed = await observe(deps.runtime, ref.name);
  return { observed, view: projectView(ref, observed.containers) };
}

/**
 * `start`: starts the existing containers of the services (and of their dependencies),
 * dependencies first, each service once its dependencies meet their `depends_on` condition;
 * with `wait`, then waits until they are running or healthy. Never creates a container: a
 * declared service without one fails with `E_NO_CONTAINER` before anything starts.
 */
export async function startServices(deps: EngineDeps, req: StartRequest): Promise<StartPlan> {
  const { observed, view } = await observeView(deps, req.ref);
  const plan = planStart(view, observed, targetServices(view, req.services));
  for (const c of plan.running) {
    deps.sink.emit({ type: "resource", kind: "container", name: c.name, service: c.service, status: "Running", done: true, ok: true, time: Date.now() });
  }
  await runLifecyclePlan(deps, view.name, plan, req.dryRun);
  if (req.wait && !req.dryRun) await waitForProject(deps, view, plan.services, req.waitTimeoutMs !== undefined ? { timeoutMs: req.waitTimeoutMs } : {});
  return plan;
}

/**
 * `stop`: stops the services' containers (one-offs aside) without removing them, dependants
 * before their dependencies. With no services named: every declared service (every labelled one
 * when the compose file is missing).
 */
export async function stopServices(deps: EngineDeps, req: StopRequest): Promise<Plan> {
  const { observed, view } = await observeView(deps, req.ref);
  const plan = planStop(view, observed, targetServices(view, req.services), req.timeoutSeconds);
  await runLifecyclePlan(deps, view.name, plan, req.dryRun);
  return plan;
}

