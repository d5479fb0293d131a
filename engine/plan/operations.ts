import type { ServiceConfig } from "../../spec/project.js";
import type { CreateNetworkOptions, CreateVolumeOptions, EndpointSpec } from "../runtime/runtime.js";
import type { ContainerSpec } from "../runtime/runtime-container-spec.js";

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
      /**
       * Set when the config hash label depends on a container this run creates: the service joins
       * another service's namespaces or volumes (`service:X`), and Compose hashes it with X's
       * container id (see plan-up-hash.ts). The executor then labels the container with the hash of
       * `service` with each reference in `containers` (service → container name, in place once the
       * op's prerequisites ran) resolved to that container's id; `spec`'s hash label is replaced.
       */
      readonly hashFrom?: HashFrom;
    })
  | (OperationBase & {
      readonly kind: "disconnect-network";
      readonly service: string;
      /** The container (name) and the network (engine name). */
      readonly name: string;
      readonly network: string;
    })
  | (OperationBase & {
      readonly kind: "connect-network";
      readonly service: string;
      readonly name: string;
      readonly network: string;
      /** The endpoint as the container's create would have it (aliases, fixed addresses…). */
      readonly endpoint: Omit<EndpointSpec, "network">;
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

/** How the executor computes a create's config hash label once the containers it depends on exist. */
export interface HashFrom {
  /** The service, its references to containers known at plan time already resolved. */
  readonly service: ServiceConfig;
  /** Referenced service → the name of its first container, created or recreated by this plan. */
  readonly containers: Readonly<Record<string, string>>;
}

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
      case "disconnect-network":
        return `container ${op.name} from network ${op.network}`;
      case "connect-network":
        return `container ${op.name} to network ${op.network}`;
      case "wait-dependency":
        return `${op.service} for ${op.dependency} ${op.condition}`;
    }
  })();
  const verb = op.kind.split("-")[0] ?? op.kind;
  const after = op.after.length > 0 ? ` after ${[...op.after].sort().join(", ")}` : "";
  const hashed = op.kind === "create-container" && op.hashFrom ? ` hashed with ${Object.keys(op.hashFrom.containers).sort().join(", ")}` : "";
  return `${verb} ${target} (${op.cause})${hashed}${after}`;
}

/** The plan as text, one operation per line, in plan order. */
export function describePlan(plan: Plan): string {
  return plan.operations.map(describeOperation).join("\n");
}
