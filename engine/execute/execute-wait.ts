import type { Op, OperationContext } from "./execute-context.js";
import { InterruptedError, OperationError, ReadinessError } from "./execute-errors.js";
import type { Resource } from "./execute-events.js";

/**
 * Waits until every container of the dependency meets the condition (`service_started` is
 * ordering only, as in Compose: the plan's edges already did it). A failure of an optional
 * dependency (`required: false`) only warns.
 */
export async function waitDependency(ctx: OperationContext, op: Op<"wait-dependency">): Promise<void> {
  if (op.condition === "service_started") return;
  const condition = op.condition === "service_healthy" ? "healthy" : "completed_successfully";
  const row = (name: string): Resource => ({ kind: "container", name, service: op.dependency });
  let waitingAt = Date.now();
  try {
    const observations = await ctx.readiness.waitForService(op.dependency, condition, {
      ...(ctx.dependencyTimeoutMs !== undefined ? { timeoutMs: ctx.dependencyTimeoutMs } : {}),
      ...(ctx.signal ? { signal: ctx.signal } : {}),
      onWaiting: (containers) => {
        waitingAt = Date.now();
        for (const c of containers) ctx.report.status(row(c.name), "Waiting");
      },
      onMet: (o) => ctx.report.status(row(o.container), condition === "healthy" ? "Healthy" : "Exited", { done: true, ok: true, time: Math.max(o.observedAt, waitingAt) }),
    });
    ctx.observations.set(op.id, observations);
  } catch (error) {
    if (error instanceof InterruptedError || !(error instanceof ReadinessError)) throw error;
    dependencyFailed(ctx, op, error, row);
  }
}

/** A dependency that failed its wait: a warning when it is optional, else an OperationError naming the service. */
function dependencyFailed(ctx: OperationContext, op: Op<"wait-dependency">, error: ReadinessError, row: (name: string) => Resource): void {
  const missing = error.code === "E_NO_CONTAINER";
  if (!op.required) {
    const text = missing ? `${op.service} is missing dependency ${op.dependency}` : `optional dependency "${op.dependency}" failed to start: ${error.message}`;
    if (!missing) ctx.report.status(row(error.container), "Skipped", { done: true, detail: text });
    ctx.report.warn(text);
    return;
  }
  if (missing) {
    throw new OperationError("E_DEPENDENCY_MISSING", op, `service "${op.service}" is missing dependency "${op.dependency}"`, {
      hint: `Start "${op.dependency}" too (drop --no-deps), or mark the dependency \`required: false\`.`,
      cause: error,
    });
  }
  ctx.report.status(row(error.container), "Error", { done: true, ok: false, detail: error.message });
  const prefix = op.condition === "service_healthy" ? "dependency failed to start: " : "";
  throw new OperationError(error.code, op, `service "${op.service}": ${prefix}${error.message}`, {
    ...(error.hint !== undefined ? { hint: error.hint } : {}),
    ...(error.detail !== undefined ? { detail: error.detail } : {}),
    cause: error,
  });
}
