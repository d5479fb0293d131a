const TOP_LEVEL_ORDER = ["name", "services", "networks", "volumes", "secrets", "configs", "models"];

/**
 * Returns a copy of a JSON-like value with mapping keys in a stable order (alphabetical, as
 * `docker compose config` prints them; the top level as name, services, networks, volumes, secrets,
 * configs, models, then the rest). Undefined members are dropped. Sequences keep their order.
 */
export function canonical(value: unknown, topLevel = true): unknown {
  if (Array.isArray(value)) return value.map((v) => canonical(v, false));
  if (value === null || typeof value !== "object") return value;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  entries.sort(([a], [b]) => (topLevel ? rank(a) - rank(b) : 0) || (a < b ? -1 : a > b ? 1 : 0));
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) out[k] = canonical(v, false);
  return out;
}

function rank(key: string): number {
  const i = TOP_LEVEL_ORDER.indexOf(key);
  return i < 0 ? TOP_LEVEL_ORDER.length : i;
}

/** JSON with canonical key order: equal models give equal strings. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonical(value, false));
}
