import type { TreePath } from "../spec/location.js";
import type { ServiceConfig } from "../spec/project.js";

/** Service attributes the Engine API has but the Runtime port cannot carry yet. */
const NOT_CARRIED = [
  "annotations",
  "cpu_count",
  "cpu_percent",
  "credential_spec",
  "isolation",
  "use_api_socket",
] as const satisfies readonly (keyof ServiceConfig)[];

/**
 * Paths of the attributes of `service` that `containerSpec` leaves out because the Runtime port
 * has no field for them (see `NOT_CARRIED`), plus `bind.recursive` and the `systempaths=unconfined` security option. Empty for a service
 * that uses none. Attributes handled by other layers (hooks, build, develop, scale…) are not listed.
 */
export function unsupportedAttributes(serviceName: string, service: ServiceConfig): TreePath[] {
  const at = (...rest: (string | number)[]): TreePath => ["services", serviceName, ...rest];
  const out: TreePath[] = [];
  for (const key of NOT_CARRIED) {
    const value: unknown = service[key];
    if (value !== undefined && value !== false && !(Array.isArray(value) && value.length === 0)) out.push(at(key));
  }
  for (const [i, v] of (service.volumes ?? []).entries()) if (v.bind?.recursive) out.push(at("volumes", i, "bind", "recursive"));
  for (const [i, opt] of (service.security_opt ?? []).entries()) if (opt === "systempaths=unconfined") out.push(at("security_opt", i));
  return out;
}
