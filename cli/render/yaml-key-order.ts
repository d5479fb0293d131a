import type { KeyOrder } from "../../spec/canonical.js";

const LETTER = /\p{L}/u;
const DIGIT = /\p{Nd}/u;

/**
 * The order gopkg.in/yaml.v3 sorts mapping keys in (its `keyList.Less`), which is how
 * `docker compose config` orders map keys such as environment variables and labels: runs of
 * digits compare as numbers (`a9` before `a10`), and a letter sorts after a non-letter unless the
 * previous characters were digits (`DB_HOST` before `DBX`). Plain lowercase keys sort alphabetically.
 */
export const yamlKeyOrder: KeyOrder = (a, b) => (less(a, b) ? -1 : less(b, a) ? 1 : 0);

function less(a: string, b: string): boolean {
  const ar = [...a];
  const br = [...b];
  let digits = false;
  for (let i = 0; i < ar.length && i < br.length; i++) {
    const ac = ar[i] ?? "";
    const bc = br[i] ?? "";
    if (ac === bc) {
      digits = DIGIT.test(ac);
      continue;
    }
    const al = LETTER.test(ac);
    const bl = LETTER.test(bc);
    if (al && bl) return ac < bc;
    if (al || bl) return digits ? al : bl;
    return numberRunLess(ar, br, i) ?? ac < bc;
  }
  return ar.length < br.length;
}

/** Compares the digit runs starting at `i` as numbers; undefined when they are equal. */
function numberRunLess(ar: readonly string[], br: readonly string[], i: number): boolean | undefined {
  let an = 0n;
  let bn = 0n;
  if (ar[i] === "0" || br[i] === "0") {
    // A zero inside a longer number (`10` vs `1a`) is not a leading zero.
    for (let j = i - 1; j >= 0 && DIGIT.test(ar[j] ?? ""); j--) {
      if (ar[j] !== "0") {
        an = bn = 1n;
        break;
      }
    }
  }
  let ai = i;
  let bi = i;
  for (; ai < ar.length && DIGIT.test(ar[ai] ?? ""); ai++) an = an * 10n + BigInt(digitValue(ar[ai] ?? "0"));
  for (; bi < br.length && DIGIT.test(br[bi] ?? ""); bi++) bn = bn * 10n + BigInt(digitValue(br[bi] ?? "0"));
  if (an !== bn) return an < bn;
  if (ai !== bi) return ai < bi;
  return undefined;
}

function digitValue(c: string): number {
  const n = Number(c);
  return Number.isNaN(n) ? 0 : n;
}
