import type { CreateNetworkOptions, CreateVolumeOptions } from "./runtime.js";
import type { ContainerSpec } from "./runtime-container-spec.js";

/** How a service's dependency must be before the service starts. */
export type DependencyCondition = "service_started" | "service_healthy" | "service_completed_successfully";

interface OperationBase {
  /** Unique within a plan; stable across runs for the same inputs (e.g. `container:web-1:create`). */
  readonly id: string;
  /** Why the planner chose it, in a few words (`missing`, `config changed`, `image changed`, …). */
  readonly cause: string;
  /** Ids of operations that must finish first. */
  readonly after: readonly string[];
}

/**
 * One atomic step of a plan. The planner decides; the executor only runs these.
 * Names are engine names (`proj_default`, `proj-web-1`); `service` is the compose key.
 */
export type Operation =
  | (OperationBase & { readonly kind: "create-network"; readonly key: string; readonly options: CreateNetworkOptions })
  | (OperationBase & { readonly kind: "remove-network"; readonly key: string; readonly name: string })
  | (OperationBase & { readonly kind: "create-volume"; readonly key: string; readonly options: CreateVolumeOptions })
  | (OperationBase & { readonly kind: "remove-volume"; readonly key: string; readonly name: string })
  | (OperationBase & { readonly kind: "pull-image"; readonly service: string; readonly image: string })
  | (OperationBase & {
      readonly kind: "create-container";
      readonly service: string;
      readonly number: number;
      readonly name: string;
      readonly spec: ContainerSpec;
      /** For a recreate: the container being replaced (its anonymous volumes are inherited). */
      readonly replaces?: string;
    })
  | (OperationBase & { readonly kind: "start-container"; readonly service: string; readonly name: string })
  | (OperationBase & {
      readonly kind: "stop-container";
      readonly service: string;
      readonly name: string;
      readonly timeoutSeconds?: number;
    })
  | (OperationBase & {
      readonly kind: "remove-container";
      readonly service: string;
      readonly name: string;
      readonly volumes: boolean;
      readonly force?: boolean;
    })
  | (OperationBase & { readonly kind: "rename-container"; readonly service: string; readonly from: string; readonly to: string })
  | (OperationBase & {
      readonly kind: "wait-dependency";
      readonly service: string;
      readonly dependency: string;
      readonly condition: DependencyCondition;
      /** When false, a failure only warns (`depends_on.required: false`). */
      readonly required: boolean;
    });

/** The kind tag of an operation. */
export type OperationKind = Operation["kind"];

/** An ordered list of operations with their dependency edges. */
export interface Plan {
  readonly operations: readonly Operation[];
}

/**
 * The stable one-line text of an operation, which tests assert on:
 * `create container proj-web-1 (missing) after network:proj_default:create`.
 */
export function describeOperation(op: Operation): string {
  const target = (() => {
    switch (op.kind) {
      case "create-network":
        return `network ${op.options.name}`;
      case "remove-network":
        return `network ${op.name}`;
      case "create-volume":
        return `volume ${op.options.name ?? op.key}`;
      case "remove-volume":
        return `volume ${op.name}`;
      case "pull-image":
        return `image ${op.image}`;
      case "create-container":
      case "start-container":
      case "stop-container":
      case "remove-container":
        return `container ${op.name}`;
      case "rename-container":
        return `container ${op.from} -> ${op.to}`;
      case "wait-dependency":
        return `${op.service} for ${op.dependency} ${op.condition}`;
    }
  })();
  const verb = op.kind.split("-")[0] ?? op.kind;
  const after = op.after.length > 0 ? ` after ${[...op.after].sort().join(", ")}` : "";
  return `${verb} ${target} (${op.cause})${after}`;
}

/** The plan as text, one operation per line, in plan order. */
export function describePlan(plan: Plan): string {
  return plan.operations.map(describeOperation).join("\n");
}
