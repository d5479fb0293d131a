import { ProjectError, ProjectErrors, type Warning } from "../../spec/errors.js";
import type { SourceLocation, TreePath } from "../../spec/location.js";
import type { StackProblem, SwarmStack } from "./stack-types.js";

/** Where a node of the project's files was written (LoadedProject.locate). */
export type Locate = (path: TreePath) => SourceLocation | undefined;

/** `services.<name>.<attribute>` as a tree path: `ports[0]` is the key `ports`, then the index 0. */
export function problemPath(problem: StackProblem): TreePath {
  const path: (string | number)[] = problem.service === undefined ? [] : ["services", problem.service];
  for (const part of problem.attribute.split(".")) {
    const [key = "", ...indexes] = part.split(/[[\]]+/).filter((s) => s !== "");
    path.push(key, ...indexes.map(Number));
  }
  return path;
}

/** A conversion problem with its place in the files: `compose.yaml:7:5 services.web.build`. */
function located(locate: Locate, problem: StackProblem): { path: TreePath; location?: SourceLocation } {
  const path = problemPath(problem);
  const location = locate(path);
  return { path, ...(location ? { location } : {}) };
}

/** The conversion's warnings (what Swarm leaves out), located in the files (`W_SWARM_IGNORED`). */
export function stackWarnings(stack: SwarmStack, locate: Locate): Warning[] {
  return stack.warnings.map((w) => ({ code: "W_SWARM_IGNORED", message: w.message, ...located(locate, w) }));
}

/**
 * Throws the conversion's errors, every one at once and located, as bad input
 * (`E_SWARM_UNSUPPORTED`, exit 2): nothing may reach the engine then. `hint` says what else to do.
 */
export function throwStackErrors(stack: SwarmStack, locate: Locate, hint: string): void {
  if (stack.errors.length === 0) return;
  throw new ProjectErrors(stack.errors.map((e) => new ProjectError("E_SWARM_UNSUPPORTED", e.message, { ...located(locate, e), hint })));
}
