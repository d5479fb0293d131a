import { ComposeError } from "../../spec/errors.js";

/** What is known about a failed build. */
export interface BuildFailure {
  readonly service: string;
  readonly image: string;
  /** The step that failed, as the engine printed it (`Step 3/5 : RUN make`), when known. */
  readonly step?: string;
  /** The engine's message (`The command '/bin/sh -c make' returned a non-zero code: 2`). */
  readonly reason: string;
  /** The last lines of build output, oldest first. */
  readonly lastLines: readonly string[];
  readonly cause?: unknown;
}

/**
 * A service's image failed to build (exit 1). The message names the service, the failing step
 * and the engine's reason; `describe()` adds the last lines of build output under it.
 */
export class BuildError extends ComposeError {
  readonly failure: BuildFailure;

  constructor(failure: BuildFailure) {
    const step = failure.step ? /^Step (\d+\/\d+) : (.*)$/.exec(failure.step) : null;
    const at = step ? ` at step ${step[1]} (${step[2]})` : "";
    super("E_BUILD_FAILED", `service "${failure.service}": building image ${failure.image} failed${at}: ${failure.reason}`, {
      hint: "Fix the Dockerfile or the build context, then run `tscompose build` again; no container was changed.",
      ...(failure.cause !== undefined ? { cause: failure.cause } : {}),
    });
    this.name = "BuildError";
    this.failure = failure;
  }

  /** The last lines of build output as an indented block under a heading, or undefined. */
  get detail(): string | undefined {
    const lines = this.failure.lastLines;
    if (lines.length === 0) return undefined;
    return [`last ${lines.length} line${lines.length === 1 ? "" : "s"} of the build of ${this.failure.service}:`, ...lines.map((l) => `  ${l}`)].join("\n");
  }

  override describe(cwd?: string): string {
    const line = super.describe(cwd);
    const detail = this.detail;
    return detail ? `${line}\n${detail.replace(/^/gm, "  ")}` : line;
  }
}
