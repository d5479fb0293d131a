import type { Operation } from "../plan/operations.js";
import type { Runtime } from "./runtime.js";

/**
 * Warnings for what the plan asks of the engine that the engine at hand does not do, one per
 * service (not per container), before anything is created. Asks the engine who it is only when
 * the plan holds something that differs by engine, so a plan without any asks nothing.
 *
 * - Podman: its Docker-compatible service accepts endpoint links but its DNS (aardvark-dns)
 *   ignores them, so a link alias (`links: [db:database]`, `external_links`) does not resolve;
 *   the linked service's own name and network aliases still do.
 */
export async function engineLimitWarnings(runtime: Runtime, operations: readonly Operation[]): Promise<string[]> {
  const linking = new Set<string>();
  for (const op of operations) {
    if (op.kind === "create-container" && (op.spec.networks ?? []).some((e) => (e.links ?? []).length > 0)) linking.add(op.service);
  }
  if (linking.size === 0 || !runtime.identify) return [];
  const identity = await runtime.identify().catch(() => undefined);
  if (identity?.kind !== "podman") return [];
  return [...linking].map(
    (service) =>
      `service "${service}" sets links, which Podman does not support: its DNS ignores link aliases, so a name only a link gives (links: [db:database]) does not resolve; use the linked service's name or a network alias (networks: … aliases) instead`,
  );
}
