import { ComposeError } from "../../spec/errors.js";
import type { EventSink } from "../runtime/engine-events.js";
import { InterruptedError, toOperationError } from "./execute-errors.js";
import { RecreateIndex, Reporter, resourceOf } from "./execute-events.js";
import { runOperation } from "./execute-ops.js";
import { ExecutionError, type ExecuteResult, type OperationFailure, type OperationTiming } from "./execute-result.js";
import { runDag, type SkipReason } from "../plan/graph.js";
import { engineLimitWarnings } from "../runtime/engine-limits.js";
import { describeOperation, type Operation, type Plan } from "../plan/operations.js";
import type { Readiness } from "../readiness/readiness.js";
import type { ReadinessObservation } from "../readiness/readiness-types.js";
import type { Runtime } from "../runtime/runtime.js";

export { ExecutionError, type ExecuteResult, type OperationFailure, type OperationTiming } from "./execute-result.js";

/** What `executePlan` runs with. */
export interface ExecuteContext {
  readonly runtime: Runtime;
  readonly sink: EventSink;
  /** Serves `wait-dependency`; started here when the plan has waits (start it earlier if you can). */
  readonly readiness: Readiness;
  /** Ctrl-C: nothing new is launched; in-flight calls finish; waits stop. */
  readonly signal?: AbortSignal;
  /** At most this many operations at once; waits do not count (they only listen). Default: unbounded. */
  readonly concurrency?: number;
  /** Give up waiting for a dependency after this long; default: wait until interrupted, like Compose. */
  readonly dependencyTimeoutMs?: number;
}

/**
 * Runs a plan: every operation starts as soon as all of its `after` operations are done, in
 * parallel as the edges allow, and maps to its Runtime calls with Compose's progress words. It
 * makes no decisions of its own. When an operation fails, what depends on it is skipped (a
 * `Skipped` event says why), independent work and in-flight calls finish, and the promise
 * rejects with an ExecutionError naming every failure (its `result` says what did happen). An
 * abort stops launching and rejects with an interrupted ExecutionError.
 */
export async function executePlan(plan: Plan, ctx: ExecuteContext): Promise<ExecuteResult> {
  const byId = indexPlan(plan);
  const report = new Reporter(ctx.sink);
  const opCtx = {
    runtime: ctx.runtime,
    readiness: ctx.readiness,
    report,
    recreates: new RecreateIndex(plan),
    ...(ctx.signal ? { signal: ctx.signal } : {}),
    ...(ctx.dependencyTimeoutMs !== undefined ? { dependencyTimeoutMs: ctx.dependencyTimeoutMs } : {}),
    containerIds: new Map<string, string>(),
    observations: new Map<string, readonly ReadinessObservation[]>(),
    specLabels: new Map<string, Readonly<Record<string, string>>>(),
  };
  if (plan.operations.some((op) => op.kind === "wait-dependency" && op.condition !== "service_started")) ctx.readiness.start();
  for (const text of await engineLimitWarnings(ctx.runtime, plan.operations)) report.warn(text);
  const timings = new Map<string, OperationTiming>();
  const failures = new Map<string, OperationFailure>();
  const visit = async (id: string): Promise<void> => {
    const op = byId.get(id) as Operation;
    const start = Date.now();
    try {
      await runOperation(op, opCtx);
    } catch (error) {
      const wrapped = toOperationError(op, error);
      if (!(wrapped instanceof InterruptedError)) {
        failures.set(id, { operation: op, error: wrapped });
        const row = resourceOf(op);
        if (row) report.status(row, "Error", { done: true, ok: false, detail: wrapped.message });
      }
      throw wrapped;
    } finally {
      timings.set(id, { start, end: Date.now() });
    }
  };
  const outcome = await runDag([...byId.keys()], (id) => byId.get(id)?.after ?? [], visit, {
    onFailure: "skip-dependants",
    unbounded: (id) => byId.get(id)?.kind === "wait-dependency",
    onSkip: (id, reason) => reportSkip(report, byId, failures, id, reason),
    ...(ctx.concurrency !== undefined ? { concurrency: ctx.concurrency } : {}),
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  });
  // A wait cut short by the abort is "not run", not a failure.
  const cut = outcome.failed.filter((f) => f.error instanceof InterruptedError).map((f) => f.node);
  const result: ExecuteResult = {
    completed: outcome.completed,
    failed: outcome.failed.flatMap((f) => failures.get(f.node) ?? []),
    skipped: [...outcome.skipped, ...cut],
    interrupted: outcome.interrupted || cut.length > 0,
    warnings: report.warnings,
    timings,
    containerIds: opCtx.containerIds,
    observations: opCtx.observations,
  };
  if (result.failed.length > 0 || result.interrupted) throw new ExecutionError(result);
  return result;
}

function indexPlan(plan: Plan): Map<string, Operation> {
  const byId = new Map<string, Operation>();
  for (const op of plan.operations) {
    if (byId.has(op.id)) throw new ComposeError("E_PLAN_INVALID", `the plan has two operations with the id ${op.id}`);
    byId.set(op.id, op);
  }
  return byId;
}

function reportSkip(
  report: Reporter,
  byId: ReadonlyMap<string, Operation>,
  failures: ReadonlyMap<string, OperationFailure>,
  id: string,
  reason: SkipReason<string>,
): void {
  const op = byId.get(id);
  const row = op ? resourceOf(op) : undefined;
  if (!row) return;
  // A prerequisite cut short by the abort is not a failure: its dependants were interrupted.
  const failed = reason.kind === "prerequisite-failed" ? failures.get(reason.prerequisite) : undefined;
  const prerequisite = failed?.operation;
  const detail = prerequisite ? `not run: ${describeOperation({ ...prerequisite, after: [] })} failed` : "not run: interrupted";
  report.status(row, "Skipped", { done: true, detail });
}
