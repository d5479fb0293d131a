import type { TreePath } from "../../spec/location.js";
import type { ServiceConfig } from "../../spec/project.js";

/** Service attributes the Engine API has but the Runtime port cannot carry yet. */
const NOT_CARRIED = [
  "credential_spec",
] as const satisfies readonly (keyof ServiceConfig)[];

/**
 * Paths of the attributes of `service` that `containerSpec` leaves out because the Runtime port
 * has no field for them (see `NOT_CARRIED`). Empty for a service
 * that uses none. Attributes handled by other layers (hooks, build, develop, scale…) are not listed.
 */
export function unsupportedAttributes(serviceName: string, service: ServiceConfig): TreePath[] {
  const at = (...rest: (string | number)[]): TreePath => ["services", serviceName, ...rest];
  const out: TreePath[] = [];
  for (const key of NOT_CARRIED) {
    const value: unknown = service[key];
    if (value !== undefined && value !== false && !(Array.isArray(value) && value.length === 0)) out.push(at(key));
  }
  return out;
}
