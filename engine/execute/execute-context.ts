import type { RecreateIndex, Reporter } from "./execute-events.js";
import type { Operation } from "../plan/operations.js";
import type { Readiness } from "../readiness/readiness.js";
import type { ReadinessObservation } from "../readiness/readiness-types.js";
import type { Runtime } from "../runtime/runtime.js";

/** What an operation runs with. */
export interface OperationContext {
  readonly runtime: Runtime;
  readonly readiness: Readiness;
  readonly report: Reporter;
  readonly recreates: RecreateIndex;
  readonly signal?: AbortSignal;
  readonly dependencyTimeoutMs?: number;
  /** Filled in: container name → id. */
  readonly containerIds: Map<string, string>;
  /** Filled in: wait op id → observations. */
  readonly observations: Map<string, readonly ReadinessObservation[]>;
  /** Filled in: name of a container this run created or adopted → the labels it was planned with. */
  readonly specLabels: Map<string, Readonly<Record<string, string>>>;
}

/** The operation of kind `K`. */
export type Op<K extends Operation["kind"]> = Extract<Operation, { kind: K }>;
