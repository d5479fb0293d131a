import type { KeyOrder } from "../../spec/compose-go/canonical.js";

const LETTER = /\p{L}/u;
const DIGIT = /\p{Nd}/u;

/**
 * The order gopkg.in/yaml.v3 sorts mapping keys in (its `keyList.Less`), which is how
 * `docker compose config` orders map keys such as environment variables and labels: runs of
 * digits compare as numbers (`a9` before `a10`), and a letter sorts after a non-letter unless the
 * previous characters were digits (`DB_HOST` before `DBX`). Plain lowercase keys sort alphabetically.
 */
export const yamlKeyOrder: KeyOrder = (a, b) => {
  if (a === b) return 0;
  const ascii = ASCII.test(a) && ASCII.test(b);
  const lt = ascii ? lessAscii : less;
  return lt(a, b) ? -1 : lt(b, a) ? 1 : 0;
};

// Anything outside printable ASCII (controls included) takes the rune-by-rune way.
const ASCII = /^[ -~]*$/;

// `less` on code units, for the usual all-ASCII keys: there a letter is [A-Za-z] and a digit [0-9].
function lessAscii(a: string, b: string): boolean {
  let digits = false;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ac = a.charCodeAt(i);
    const bc = b.charCodeAt(i);
    if (ac === bc) {
      digits = isDigitCode(ac);
      continue;
    }
    const al = isLetterCode(ac);
    const bl = isLetterCode(bc);
    if (al && bl) return ac < bc;
    if (al || bl) return digits ? al : bl;
    return numberRunLessAscii(a, b, i) ?? ac < bc;
  }
  return a.length < b.length;
}

/** `numberRunLess` on code units; runs too long for exact doubles take the BigInt way. */
function numberRunLessAscii(a: string, b: string, i: number): boolean | undefined {
  let an = 0;
  let bn = 0;
  if (a.charCodeAt(i) === 0x30 || b.charCodeAt(i) === 0x30) {
    for (let j = i - 1; j >= 0 && isDigitCode(a.charCodeAt(j)); j--) {
      if (a.charCodeAt(j) !== 0x30) {
        an = bn = 1;
        break;
      }
    }
  }
  let ai = i;
  let bi = i;
  for (; ai < a.length && isDigitCode(a.charCodeAt(ai)); ai++) an = an * 10 + (a.charCodeAt(ai) - 0x30);
  for (; bi < b.length && isDigitCode(b.charCodeAt(bi)); bi++) bn = bn * 10 + (b.charCodeAt(bi) - 0x30);
  if (ai - i > 15 || bi - i > 15) return numberRunLess([...a], [...b], i);
  if (an !== bn) return an < bn;
  if (ai !== bi) return ai < bi;
  return undefined;
}

const PLAIN_LOWER = /^[a-z_.-]*$/;

/**
 * Sorts mapping keys in place in `yamlKeyOrder` and returns them. Keys made only of lowercase
 * letters, `_`, `.` and `-` (most compose keys) are in that order exactly when in code-unit order,
 * as every such non-letter sorts before every letter either way.
 */
export function sortYamlKeys(keys: string[]): string[] {
  return keys.every((k) => PLAIN_LOWER.test(k)) ? keys.sort() : keys.sort(yamlKeyOrder);
}

function isDigitCode(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isLetterCode(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

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
