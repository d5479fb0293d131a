import { ComposeError } from "../../spec/errors.js";
import type { Operation } from "../plan/operations.js";
import { isRuntimeError } from "../runtime/runtime-errors.js";

/**
 * The user interrupted the run (Ctrl-C): nothing new was launched after it. Kind `interrupted`,
 * so the CLI exits with 130.
 */
export class InterruptedError extends ComposeError {
  constructor(message = "interrupted") {
    super("E_INTERRUPTED", message, { kind: "interrupted" });
    this.name = "InterruptedError";
  }
}

/** Options of a ReadinessError. */
export interface ReadinessErrorOptions {
  readonly hint?: string;
  /** The container's last log lines, oldest first. */
  readonly logs?: readonly string[];
  /** The output of the last health probe, when the failure is about health. */
  readonly healthOutput?: string;
  readonly cause?: unknown;
}

/**
 * A container did not reach the condition someone waited for: unhealthy, exited, exited with a
 * non-zero code, removed, without a healthcheck, or too slow. `detail` carries its last log lines,
 * which the CLI prints under the message.
 */
export class ReadinessError extends ComposeError {
  /** The container's name. */
  readonly container: string;
  readonly logs: readonly string[];
  readonly healthOutput?: string;

  constructor(code: string, container: string, message: string, options: ReadinessErrorOptions = {}) {
    super(code, message, {
      ...(options.hint !== undefined ? { hint: options.hint } : {}),
      ...(options.cause !== undefined ? { cause: options.cause } : {}),
    });
    this.name = "ReadinessError";
    this.container = container;
    this.logs = options.logs ?? [];
    if (options.healthOutput !== undefined) this.healthOutput = options.healthOutput;
  }

  /** The last log lines as an indented block under a heading, or undefined when there are none. */
  get detail(): string | undefined {
    if (this.logs.length === 0) return undefined;
    return [`last ${this.logs.length} log line${this.logs.length === 1 ? "" : "s"} of ${this.container}:`, ...this.logs.map((l) => `  ${l}`)].join("\n");
  }

  /** The message line, then the log lines indented under it (the CLI prints `describe()`). */
  override describe(cwd?: string): string {
    return withDetail(super.describe(cwd), this.detail);
  }
}

function withDetail(line: string, detail: string | undefined): string {
  return detail ? `${line}\n${detail.replace(/^/gm, "  ")}` : line;
}

/** Options of an OperationError. */
export interface OperationErrorOptions {
  readonly hint?: string;
  readonly detail?: string;
  readonly cause?: unknown;
}

/**
 * One plan operation failed. The message names the service (or the network/volume) and says what
 * failed; `operation` is the failed step; `detail` holds extra lines (a dependency's logs).
 */
export class OperationError extends ComposeError {
  readonly operation: Operation;
  readonly detail?: string;

  constructor(code: string, operation: Operation, message: string, options: OperationErrorOptions = {}) {
    super(code, message, {
      ...(options.hint !== undefined ? { hint: options.hint } : {}),
      ...(options.cause !== undefined ? { cause: options.cause } : {}),
    });
    this.name = "OperationError";
    this.operation = operation;
    if (options.detail !== undefined) this.detail = options.detail;
  }

  /** The message line, then `detail` indented under it. */
  override describe(cwd?: string): string {
    return withDetail(super.describe(cwd), this.detail);
  }
}

const CODES: Record<Operation["kind"], string> = {
  "create-network": "E_NETWORK_CREATE",
  "remove-network": "E_NETWORK_REMOVE",
  "create-volume": "E_VOLUME_CREATE",
  "remove-volume": "E_VOLUME_REMOVE",
  "pull-image": "E_PULL_FAILED",
  "create-container": "E_CONTAINER_CREATE",
  "start-container": "E_CONTAINER_START",
  "stop-container": "E_CONTAINER_STOP",
  "remove-container": "E_CONTAINER_REMOVE",
  "rename-container": "E_CONTAINER_RENAME",
  "disconnect-network": "E_NETWORK_DISCONNECT",
  "connect-network": "E_NETWORK_CONNECT",
  "wait-dependency": "E_DEPENDENCY_FAILED",
};

/** Who an operation is about, for messages: `service "web"`, `network proj_default`, … */
export function subjectOf(op: Operation): string {
  switch (op.kind) {
    case "create-network":
      return `network ${op.options.name}`;
    case "remove-network":
      return `network ${op.name}`;
    case "create-volume":
      return `volume ${op.options.name ?? op.key}`;
    case "remove-volume":
      return `volume ${op.name}`;
    default:
      return `service "${op.service}"`;
  }
}

function what(op: Operation): string {
  switch (op.kind) {
    case "create-network":
    case "create-volume":
      return "could not be created";
    case "remove-network":
    case "remove-volume":
      return "could not be removed";
    case "pull-image":
      return `could not pull image "${op.image}" (the registry could not be reached or refused it)`;
    case "create-container":
      return `container ${op.name} could not be created`;
    case "start-container":
      return `container ${op.name} could not be started`;
    case "stop-container":
      return `container ${op.name} could not be stopped`;
    case "remove-container":
      return `container ${op.name} could not be removed`;
    case "rename-container":
      return `container ${op.from} could not be renamed to ${op.to}`;
    case "disconnect-network":
      return `container ${op.name} could not be disconnected from network ${op.network}`;
    case "connect-network":
      return `container ${op.name} could not be connected to network ${op.network}`;
    case "wait-dependency":
      return `dependency "${op.dependency}" failed`;
  }
}

const PORT_IN_USE = /port is already allocated|address already in use/i;

function hintFor(op: Operation, engineMessage: string, reason: string): string | undefined {
  if (reason === "unreachable") return undefined; // the RuntimeError's own hint says how to reach the engine
  if (op.kind === "pull-image") {
    return "Check the image name and your network (or `docker login`), or make the image available locally and set `pull_policy: never` or `missing`.";
  }
  if (op.kind === "start-container" && PORT_IN_USE.test(engineMessage)) {
    return `Another container or process already uses that host port: stop it, or change the published port of service "${op.service}".`;
  }
  if (op.kind === "create-container" && reason === "conflict") {
    return `Remove or rename the existing container named ${op.name}, or give service "${op.service}" another container_name.`;
  }
  if (op.kind === "create-container" && /no such image/i.test(engineMessage)) {
    return `Pull or build the image of service "${op.service}" first (its pull_policy may forbid pulling).`;
  }
  if (/network .* not found/i.test(engineMessage)) {
    return "Create the network (an `external: true` network must exist before `up`), or remove the reference to it.";
  }
  return undefined;
}

/**
 * Wraps whatever an operation threw into an OperationError whose message names the service or
 * resource and the engine's words. Interruptions and errors that already are OperationErrors pass
 * through; an unreachable engine keeps its code `E_ENGINE_UNREACHABLE` and its hint.
 */
export function toOperationError(op: Operation, error: unknown): ComposeError {
  if (error instanceof InterruptedError || error instanceof OperationError) return error;
  const engineMessage = error instanceof Error ? error.message : String(error);
  const reason = isRuntimeError(error) ? error.reason : "other";
  let code = CODES[op.kind];
  if (reason === "unreachable") code = "E_ENGINE_UNREACHABLE";
  else if (op.kind === "start-container" && PORT_IN_USE.test(engineMessage)) code = "E_PORT_IN_USE";
  else if (op.kind === "create-container" && reason === "conflict") code = "E_CONTAINER_NAME_CONFLICT";
  const hint = hintFor(op, engineMessage, reason) ?? (error instanceof ComposeError ? error.hint : undefined);
  return new OperationError(code, op, `${subjectOf(op)}: ${what(op)}: ${engineMessage}`, {
    ...(hint !== undefined ? { hint } : {}),
    cause: error,
  });
}
