import { serviceConfigHash } from "../../spec/compose-go/hash.js";
import type { ServiceConfig } from "../../spec/project.js";
import { DEFAULT_ENGINE_ENDPOINT } from "../container-spec/container-spec.js";
import { withApiSocket } from "../container-spec/container-spec-mounts.js";

/** The namespace attributes that may name another service (`service:X`). */
const NAMESPACE_KEYS = ["network_mode", "ipc", "pid"] as const;

/**
 * The services whose container `service` refers to: `network_mode`, `ipc` or `pid` set to
 * `service:X`, and `volumes_from` entries `X[:mode]` (not `container:…`). Each name once.
 */
export function serviceReferences(service: ServiceConfig): string[] {
  const out = new Set<string>();
  for (const key of NAMESPACE_KEYS) {
    const value = service[key];
    if (typeof value === "string" && value.startsWith("service:")) out.add(value.slice("service:".length));
  }
  for (const entry of service.volumes_from ?? []) {
    const [name] = entry.split(":");
    if (name && name !== "container") out.add(name);
  }
  return [...out];
}

/**
 * The service as Docker Compose 2.40 hashes it for its containers' label: before creating them,
 * Compose replaces `service:X` in `network_mode`/`ipc`/`pid` with `container:<id>` and each
 * `volumes_from` entry with a bare container id (`X[:mode]` → the id of X's first container, its
 * mode dropped; `container:Y[:mode]` → `Y`), where `idOf(X)` gives the id of X's first container.
 * A reference `idOf` cannot resolve is left as written. Returns a copy; `service` is not changed.
 */
export function resolveServiceReferences(service: ServiceConfig, idOf: (service: string) => string | undefined): ServiceConfig {
  const copy: Record<string, unknown> = { ...service };
  for (const key of NAMESPACE_KEYS) {
    const value = service[key];
    if (typeof value !== "string" || !value.startsWith("service:")) continue;
    const id = idOf(value.slice("service:".length));
    if (id !== undefined) copy[key] = `container:${id}`;
  }
  if (service.volumes_from) {
    copy["volumes_from"] = service.volumes_from.map((entry) => {
      const parts = entry.split(":");
      if (parts[0] === "container") return parts[1] ?? entry;
      return idOf(parts[0] ?? "") ?? entry;
    });
  }
  return copy as unknown as ServiceConfig;
}

/**
 * The config hash label of a service's containers, with its references resolved by `idOf` (see
 * resolveServiceReferences), and with `use_api_socket` applied (see withApiSocket): what Compose
 * writes, and what it compares with on the next `up`. A service with neither gets its plain config
 * hash (`config --hash`).
 */
export function resolvedConfigHash(service: ServiceConfig, idOf: (service: string) => string | undefined): string {
  // Compose hashes the service after adding what `use_api_socket` brings (socket bind, DOCKER_CONFIG, credentials config).
  const socketed = service.use_api_socket ? withApiSocket("", service, DEFAULT_ENGINE_ENDPOINT) : service;
  if (serviceReferences(socketed).length === 0) return serviceConfigHash(socketed);
  return serviceConfigHash(resolveServiceReferences(socketed, idOf));
}
