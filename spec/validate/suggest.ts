/**
 * The candidate closest to `word` by Damerau-Levenshtein distance (optimal string alignment:
 * insertions, deletions, substitutions and swaps of two adjacent characters each cost 1),
 * or undefined when none is close enough to be a plausible typo.
 * Invariant: a candidate is returned only if its distance is at most max(2, ⌊len/3⌋) of the
 * longer of the two words and smaller than the length of `word`; ties go to the earlier candidate.
 * Comparison ignores case, so `Image` suggests `image`.
 */
export function suggest(word: string, candidates: Iterable<string>): string | undefined {
  const w = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const c = candidate.toLowerCase();
    if (c === w) return candidate;
    const limit = Math.max(2, Math.floor(Math.max(w.length, c.length) / 3));
    const d = distance(w, c);
    if (d <= limit && d < w.length && d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** Optimal-string-alignment distance between two strings. */
export function distance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  // Three rolling rows suffice: the transposition step looks two rows back.
  let prev2 = new Array<number>(cols).fill(0);
  let prev = Array.from({ length: cols }, (_, j) => j);
  for (let i = 1; i < rows; i++) {
    const cur = new Array<number>(cols).fill(0);
    cur[0] = i;
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, prev2[j - 2]! + 1);
      }
      cur[j] = d;
    }
    prev2 = prev;
    prev = cur;
  }
  return prev[cols - 1]!;
}
