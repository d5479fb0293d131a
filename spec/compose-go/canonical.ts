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
  const map = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of sortKeys(Object.keys(map), topLevel, compare)) {
    const v = map[k];
    if (v === undefined) continue;
    const c = canonical(v, false, compare);
    if (k === "__proto__") Object.defineProperty(out, k, { value: c, enumerable: true, writable: true, configurable: true });
    else out[k] = c;
  }
  return out;
}

/**
 * Sorts mapping keys in place as `canonical` orders them (`topLevel`: Compose's struct order first)
 * and returns them; for emitters that order keys as they write.
 */
export function sortKeys(keys: string[], topLevel: boolean, compare: KeyOrder): string[] {
  return keys.sort(topLevel ? (a, b) => rank(a) - rank(b) || compare(a, b) : compare);
}

function rank(key: string): number {
  const i = TOP_LEVEL_ORDER.indexOf(key);
  return i < 0 ? TOP_LEVEL_ORDER.length : i;
}

/** JSON with canonical key order: equal models give equal strings. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonical(value, false));
}
