import { ComposeError } from "../../spec/errors.js";
import type { Operation } from "../plan/operations.js";
import type { ReadinessObservation } from "../readiness/readiness-types.js";

/** One operation that failed, and why. */
export interface OperationFailure {
  readonly operation: Operation;
  /** An OperationError (message naming the service), or the engine's unreachable error. */
  readonly error: ComposeError;
}

/** How long an operation took (ms since the epoch). */
export interface OperationTiming {
  readonly start: number;
  readonly end: number;
}

/**
 * What running a plan did. Every operation id is in exactly one of `completed`, `failed` (by
 * operation) or `skipped` (not run: a prerequisite failed, or the run was interrupted).
 */
export interface ExecuteResult {
  readonly completed: readonly string[];
  readonly failed: readonly OperationFailure[];
  readonly skipped: readonly string[];
  readonly interrupted: boolean;
  /** Warnings given along the way (also emitted as message events). */
  readonly warnings: readonly string[];
  readonly timings: ReadonlyMap<string, OperationTiming>;
  /** Container name (as created) → id, for every container this run created. */
  readonly containerIds: ReadonlyMap<string, string>;
  /** wait-dependency operation id → what was observed for each dependency container. */
  readonly observations: ReadonlyMap<string, readonly ReadinessObservation[]>;
}

/**
 * A plan that did not run to the end: some operations failed or the user interrupted it.
 * `problems` lists every failure (the CLI prints each); `result` says what did happen.
 * Kind `interrupted` (exit 130) when interrupted, else `failure` (exit 1).
 */
export class ExecutionError extends ComposeError {
  readonly result: ExecuteResult;

  constructor(result: ExecuteResult) {
    const first = result.failed[0]?.error;
    const notRun = result.skipped.length > 0 ? `; ${result.skipped.length} operation${result.skipped.length === 1 ? " was" : "s were"} not run` : "";
    const message = result.interrupted
      ? `interrupted${notRun}`
      : result.failed.length === 1 && first
        ? first.message
        : `${result.failed.length} operations failed, first: ${first?.message ?? "unknown error"}`;
    super(result.interrupted ? "E_INTERRUPTED" : (first?.code ?? "E_EXECUTE"), message, {
      kind: result.interrupted ? "interrupted" : "failure",
      ...(!result.interrupted && result.failed.length === 1 && first?.hint !== undefined ? { hint: first.hint } : {}),
      ...(first ? { cause: first } : {}),
    });
    this.name = "ExecutionError";
    this.result = result;
  }

  override get problems(): readonly ComposeError[] {
    return this.result.failed.length > 0 ? this.result.failed.map((f) => f.error) : [this];
  }

  override describe(cwd?: string): string {
    return this.result.failed.length > 0 ? this.result.failed.map((f) => f.error.describe(cwd)).join("\n") : super.describe(cwd);
  }
}
