import { ComposeError } from "../../spec/errors.js";

/** Why a runtime call failed, independent of the engine's wire format. */
export type RuntimeErrorReason = "not-found" | "conflict" | "unreachable" | "other";

/** Options of a RuntimeError beyond its reason and message. */
export interface RuntimeErrorOptions {
  /** The engine's HTTP status, when it answered. */
  readonly status?: number;
  /** The engine's own message, verbatim (for logs and `--verbose`). */
  readonly engineMessage?: string;
  readonly hint?: string;
  readonly cause?: unknown;
}

const CODES: Record<RuntimeErrorReason, string> = {
  "not-found": "E_RUNTIME_NOT_FOUND",
  conflict: "E_RUNTIME_CONFLICT",
  unreachable: "E_ENGINE_UNREACHABLE",
  other: "E_RUNTIME",
};

/**
 * A failed call to the container engine, in our own terms: every Runtime implementation throws
 * only this (never a client library's error). `reason` is what callers branch on; `code` is the
 * stable `E_RUNTIME_*` / `E_ENGINE_UNREACHABLE` string derived from it. It is a plain failure
 * (exit 1), never bad input.
 */
export class RuntimeError extends ComposeError {
  readonly reason: RuntimeErrorReason;
  readonly status?: number;
  readonly engineMessage: string;

  constructor(reason: RuntimeErrorReason, message: string, options: RuntimeErrorOptions = {}) {
    super(CODES[reason], message, {
      kind: "failure",
      ...(options.hint !== undefined ? { hint: options.hint } : {}),
      ...(options.cause !== undefined ? { cause: options.cause } : {}),
    });
    this.name = "RuntimeError";
    this.reason = reason;
    if (options.status !== undefined) this.status = options.status;
    this.engineMessage = options.engineMessage ?? message;
  }
}

/** True when `error` is a RuntimeError (of the given reason, when one is given). */
export function isRuntimeError(error: unknown, reason?: RuntimeErrorReason): error is RuntimeError {
  return error instanceof RuntimeError && (reason === undefined || error.reason === reason);
}

/** Shorthand for the not-found error every implementation raises for an unknown object. */
export function notFound(kind: string, ref: string): RuntimeError {
  return new RuntimeError("not-found", `no such ${kind}: ${ref}`, { status: 404 });
}
