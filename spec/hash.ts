import { createHash } from "node:crypto";
import { canonicalJson } from "./canonical.js";
import type { ServiceConfig } from "./project.js";

/** Service keys that never force a recreate (as in Compose's hash). */
const NOT_HASHED = ["build", "pull_policy", "scale", "depends_on", "profiles"] as const;

/**
 * The config hash tscompose labels a service's containers with (`com.docker.compose.config-hash`):
 * SHA-256 of the normalized service in canonical JSON, leaving out `build`, `pull_policy`, `scale`,
 * `deploy.replicas`, `depends_on` and `profiles`, so scaling or dependency edits never recreate.
 */
export function serviceConfigHash(service: ServiceConfig): string {
  const copy: Record<string, unknown> = { ...service };
  for (const key of NOT_HASHED) delete copy[key];
  const deploy = copy["deploy"];
  if (deploy && typeof deploy === "object") {
    const { replicas: _replicas, ...rest } = deploy as Record<string, unknown>;
    copy["deploy"] = Object.keys(rest).length > 0 ? rest : undefined;
  }
  return createHash("sha256").update(canonicalJson(copy)).digest("hex");
}
