const TOP_LEVEL_ORDER = ["name", "services", "networks", "volumes", "secrets", "configs", "models"];

/** Orders two mapping keys: negative when `a` comes first. */
export type KeyOrder = (a: string, b: string) => number;

/** Plain code-unit order (Go's `sort.Strings` and `encoding/json` agree for BMP keys). */
export const byteOrder: KeyOrder = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Returns a copy of a JSON-like value with mapping keys in a stable order (`compare`, alphabetical
 * by default, as `docker compose config` prints them). With `topLevel`, the outer mapping comes
 * first as name, services, networks, volumes, secrets, configs, models, then the rest (Compose's
 * struct order). Undefined members are dropped. Sequences keep their order.
 */
export function canonical(value: unknown, topLevel = true, compare: KeyOrder = byteOrder): unknown {
  if (Array.isArray(value)) return value.map((v) => canonical(v, false, compare));
  if (value === null || typeof value !== "object") return value;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  entries.sort(([a], [b]) => (topLevel ? rank(a) - rank(b) : 0) || compare(a, b));
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) {
    const c = canonical(v, false, compare);
    if (k === "__proto__") Object.defineProperty(out, k, { value: c, enumerable: true, writable: true, configurable: true });
    else out[k] = c;
  }
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
