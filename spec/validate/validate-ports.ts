import type { Diagnostics } from "../errors.js";
import type { SourceMap, TreePath } from "../location.js";
import type { Plain, PlainMap } from "../read/parse.js";
import { normalizePort } from "../normalize/ports.js";
import type { ServicePort } from "../project.js";

/**
 * The host address and port a published entry binds, e.g. `*:8080/tcp`; undefined for an entry
 * that lets the engine choose (no host port, or a host range for one container port).
 * Invariant: two entries conflict exactly when their keys are equal.
 */
export function hostBinding(p: ServicePort): { key: string; port: number } | undefined {
  if (!p.published) return undefined;
  const [lo, hi] = p.published.split("-").map(Number);
  if (lo === undefined || Number.isNaN(lo) || (hi !== undefined && hi !== lo)) return undefined;
  const ip = p.host_ip && p.host_ip !== "0.0.0.0" && p.host_ip !== "::" ? p.host_ip : "*";
  return { key: `${ip}:${lo}/${p.protocol}`, port: lo };
}

/**
 * Reports a host port that one service publishes twice, at the later of the two `ports:` entries
 * as the user wrote them. Runs on the tree before normalization, because normalization expands
 * port ranges into one entry per port and the written indexes are lost. Entries that do not parse
 * are skipped (normalization reports them). Conflicts between services are a rule (rules.ts).
 */
export function checkPortsPublishedTwice(data: PlainMap, sources: SourceMap, diag: Diagnostics): void {
  const services = data["services"];
  if (!isMap(services)) return;
  for (const [name, service] of Object.entries(services)) {
    const ports = isMap(service) ? service["ports"] : undefined;
    if (Array.isArray(ports)) checkService(name, ports, sources, diag);
  }
}

function checkService(name: string, ports: readonly Plain[], sources: SourceMap, diag: Diagnostics): void {
  const seen = new Map<string, number>();
  const reported = new Set<number>();
  ports.forEach((entry, i) => {
    for (const p of expand(entry)) {
      const binding = hostBinding(p);
      if (!binding) continue;
      const first = seen.get(binding.key);
      if (first === undefined) seen.set(binding.key, i);
      else if (first !== i && !reported.has(i)) {
        reported.add(i);
        const path: TreePath = ["services", name, "ports", i];
        const location = sources.locate(path);
        // Compose accepts the file; the engine refuses the start, and `up` refuses it first (plan-up-names.ts).
        diag.warn("W_PORT_PUBLISHED_TWICE", `host port ${binding.port}/${p.protocol} is published twice by service "${name}" (also by ports[${first}]): it cannot start`, {
          path,
          ...(location ? { location } : {}),
        });
      }
    }
  });
}

function expand(entry: Plain): ServicePort[] {
  try {
    return normalizePort(entry);
  } catch {
    return [];
  }
}

function isMap(v: Plain | undefined): v is PlainMap {
  return v !== null && v !== undefined && typeof v === "object" && !Array.isArray(v);
}
