import { ComposeError } from "../../spec/errors.js";
import { isRuntimeError } from "../runtime/runtime-errors.js";

/**
 * The error of a pull or push that failed at the registry, naming the service and the image with
 * the engine's own words: `service "cache": pulling image redis:7 failed: the registry could not
 * be reached or refused it (…)`. `up`, `pull` and `push` report it alike (exit 1).
 */
export function registryError(action: "pulling" | "pushing", service: string, ref: string, cause: unknown): ComposeError {
  const engineMessage = isRuntimeError(cause) ? cause.message : String(cause);
  const pull = action === "pulling";
  return new ComposeError(pull ? "E_PULL_FAILED" : "E_PUSH_FAILED", `service "${service}": ${action} image ${ref} failed: the registry could not be reached or refused it (${engineMessage})`, {
    hint: pull ? "Check the image name and your network, or build/load the image locally." : "Check the image name and your network; no registry credentials are sent, so the registry must accept anonymous pushes.",
    cause,
  });
}
