import { createHash } from "node:crypto";
import { canonicalJson } from "../../spec/compose-go/canonical.js";
import type { ServiceSpec } from "./api-types.js";
import { STACK_LABELS } from "./stack-labels.js";

/**
 * The hash a redeploy compares to skip an unchanged service: sha256 (hex) of the spec's canonical
 * JSON (keys sorted, undefined members left out) without the spec-hash label itself. What the
 * engine adds to a spec it stores (defaults, a resolved image digest) never enters it, since it is
 * computed from the spec we send.
 */
export function serviceSpecHash(spec: ServiceSpec): string {
  const labels: Record<string, string> = { ...spec.Labels };
  delete labels[STACK_LABELS.specHash];
  return createHash("sha256").update(canonicalJson({ ...spec, Labels: labels })).digest("hex");
}

/** `spec` with its spec-hash label set. */
export function withSpecHash(spec: ServiceSpec): ServiceSpec {
  return { ...spec, Labels: { ...spec.Labels, [STACK_LABELS.specHash]: serviceSpecHash(spec) } };
}
