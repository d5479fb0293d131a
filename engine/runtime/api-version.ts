/**
 * Whether Engine API `version` (`1.44`, as the engine sends it in its `Api-Version` header) is at
 * least `min`, comparing each dotted part as a number (`1.9` < `1.41` < `1.100`). An empty or
 * unreadable version gives `unknown`: by default false, so callers take the path every engine
 * accepts; checks that would only warn or refuse pass true and let the engine judge.
 */
export function apiVersionAtLeast(version: string | undefined, min: string, unknown = false): boolean {
  const have = parseVersion(version);
  const want = parseVersion(min);
  if (!have || !want) return unknown;
  for (let i = 0; i < Math.max(have.length, want.length); i++) {
    const a = have[i] ?? 0;
    const b = want[i] ?? 0;
    if (a !== b) return a > b;
  }
  return true;
}

function parseVersion(v: string | undefined): number[] | undefined {
  if (!v || !/^\d+(\.\d+)*$/.test(v.trim())) return undefined;
  return v.trim().split(".").map(Number);
}
