import { readFileSync } from "node:fs";
import path from "node:path";
import type { RegistryAuthEntry, RegistryCredentials } from "../../engine/container-spec/container-spec-files.js";
import type { Project } from "../../spec/project.js";
import type { Environment } from "./connect.js";

/**
 * The user's registry credentials for `use_api_socket`, as Docker Compose 2.40 gathers them: the
 * `auths` map of the docker CLI's config file (`$DOCKER_CONFIG/config.json`, else
 * `$HOME/.docker/config.json`, both from `env`), read only when a service of `project` asks for
 * the socket (undefined otherwise, and nothing is read). A missing or unreadable file, or one that
 * is not JSON, gives no credentials, as the docker CLI then goes on with an empty configuration.
 * Credential helpers (`credsStore`, `credHelpers`) are not asked: only what the file holds is given.
 */
export function apiSocketCredentials(project: Project, env: Environment): RegistryCredentials | undefined {
  if (!Object.values(project.services).some((s) => s.use_api_socket)) return undefined;
  const dir = env["DOCKER_CONFIG"] || (env["HOME"] ? path.join(env["HOME"], ".docker") : undefined);
  if (!dir) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path.join(dir, "config.json"), "utf8"));
  } catch {
    return {};
  }
  const auths = (parsed as { auths?: unknown } | null)?.auths;
  if (!auths || typeof auths !== "object" || Array.isArray(auths)) return {};
  const out: Record<string, RegistryAuthEntry> = {};
  for (const [registry, entry] of Object.entries(auths as Record<string, unknown>)) {
    if (!entry || typeof entry !== "object") continue;
    const strings = Object.entries(entry as Record<string, unknown>).filter(([, v]) => typeof v === "string");
    out[registry] = Object.fromEntries(strings) as RegistryAuthEntry;
  }
  return out;
}
