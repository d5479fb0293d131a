/** One place where two JSON values differ. */
export interface Difference {
  /** Dotted path, `services.web.ports[0].protocol`; `(root)` for the whole value. */
  readonly path: string;
  readonly compose: unknown;
  readonly ours: unknown;
}

const MISSING = Symbol("missing");

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The value with every object's keys sorted, recursively (arrays keep their order). */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isObject(value)) return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) sorted[key] = sortKeys(value[key]);
  return sorted;
}

function child(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  const part = /^[A-Za-z_][\w-]*$/.test(key) ? key : JSON.stringify(key);
  return path ? `${path}.${part}` : part;
}

function walk(a: unknown, b: unknown, path: string, out: Difference[], limit: number): void {
  if (out.length >= limit) return;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      walk(i < a.length ? a[i] : MISSING, i < b.length ? b[i] : MISSING, child(path, i), out, limit);
    }
    return;
  }
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const key of keys) {
      walk(key in a ? a[key] : MISSING, key in b ? b[key] : MISSING, child(path, key), out, limit);
    }
    return;
  }
  if (JSON.stringify(a) !== JSON.stringify(b) || (a === MISSING) !== (b === MISSING)) {
    out.push({ path: path || "(root)", compose: a === MISSING ? undefined : a, ours: b === MISSING ? undefined : b });
  }
}

/** The first `limit` differences between Compose's value and ours, in path order. */
export function diff(compose: unknown, ours: unknown, limit = 8): Difference[] {
  const out: Difference[] = [];
  walk(compose, ours, "", out, limit);
  return out;
}

function show(value: unknown): string {
  if (value === undefined) return "(absent)";
  const text = JSON.stringify(value);
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}

/** `path: compose X, ours Y`, one line per difference. */
export function formatDifferences(differences: readonly Difference[]): string[] {
  return differences.map((d) => `${d.path}: compose ${show(d.compose)}, ours ${show(d.ours)}`);
}

/** Where two texts first differ: the line number and both lines, for key-order and escaping differences. */
export function firstLineDifference(compose: string, ours: string): string | undefined {
  if (compose === ours) return undefined;
  const a = compose.split("\n");
  const b = ours.split("\n");
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) {
      return `line ${i + 1}: compose ${show(a[i])}, ours ${show(b[i])}`;
    }
  }
  return "the texts differ only in their line endings";
}
