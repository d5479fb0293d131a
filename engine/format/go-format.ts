/**
 * Go's `strconv.FormatFloat` for the `'f'` and `'g'` verbs with an explicit precision, which the
 * docker CLI prints its numbers with (`%.2f`, `%.4g`, `%.*g`). JavaScript's `toFixed` and
 * `toPrecision` differ in two ways: an exact tie rounds half to even in Go (`0.125` → `0.12`),
 * and `%g` switches to exponent form once the exponent reaches the precision (`999.7` with 3
 * digits → `1e+03`).
 */

/** A positive number's decimal digits (no leading or trailing zeros) and the decimal point's position. */
interface Digits {
  readonly d: string;
  /** The value is `0.d × 10^dp`. */
  readonly dp: number;
}

/** The exact decimal digits of a finite positive number (100 significant digits cover every tie). */
function exactDigits(x: number): Digits {
  const [mantissa = "0", exp = "0"] = x.toExponential(99).split("e");
  const d = mantissa.replace(".", "").replace(/0+$/, "");
  return { d: d === "" ? "0" : d, dp: Number(exp) + 1 };
}

/** Rounds to `nd` digits (possibly ≤ 0), half to even on an exact tie, as Go's decimal rounding does. */
function roundTo(digits: Digits, nd: number): Digits {
  const { d, dp } = digits;
  if (nd >= d.length) return digits;
  if (nd < 0) return { d: "", dp };
  const next = d.charCodeAt(nd) - 48;
  const tie = next === 5 && nd + 1 === d.length;
  const up = tie ? nd > 0 && (d.charCodeAt(nd - 1) - 48) % 2 === 1 : next >= 5;
  let kept = d.slice(0, nd);
  if (!up) return { d: kept.replace(/0+$/, ""), dp };
  let i = kept.length - 1;
  while (i >= 0 && kept[i] === "9") i--;
  if (i < 0) return { d: "1", dp: dp + 1 };
  kept = kept.slice(0, i) + String(Number(kept[i]) + 1);
  return { d: kept, dp };
}

/** `%.{prec}f` of a non-negative value's digits. */
function fixed(digits: Digits, prec: number): string {
  const { d, dp } = digits;
  const int = dp > 0 ? d.slice(0, dp).padEnd(dp, "0") : "0";
  const frac = (dp < 0 ? "0".repeat(-dp) + d : d.slice(Math.max(dp, 0))).padEnd(prec, "0").slice(0, prec);
  return prec > 0 ? `${int}.${frac}` : int;
}

/** Go's `strconv.FormatFloat(x, 'f', prec, 64)`, e.g. `formatFixed(0.125, 2)` → `0.12`. */
export function formatFixed(x: number, prec: number): string {
  if (!Number.isFinite(x)) return String(x);
  const sign = x < 0 || Object.is(x, -0) ? "-" : "";
  if (x === 0) return sign + fixed({ d: "", dp: 0 }, prec);
  const digits = exactDigits(Math.abs(x));
  return sign + fixed(roundTo(digits, digits.dp + prec), prec);
}

/** Go's `fmt.Sprintf("%.{prec}g", x)`, e.g. `formatG(1.5, 4)` → `1.5`, `formatG(999.7, 3)` → `1e+03`. */
export function formatG(x: number, prec: number): string {
  if (!Number.isFinite(x)) return String(x);
  const sign = x < 0 || Object.is(x, -0) ? "-" : "";
  if (x === 0) return `${sign}0`;
  const p = Math.max(prec, 1);
  const digits = roundTo(exactDigits(Math.abs(x)), p);
  const nd = digits.d.length;
  let eprec = p;
  if (eprec > nd && nd >= digits.dp) eprec = nd;
  const exp = digits.dp - 1;
  if (exp < -4 || exp >= eprec) {
    const m = digits.d.slice(0, Math.min(p, nd));
    const mantissa = m.length > 1 ? `${m[0]}.${m.slice(1)}` : m;
    const e = Math.abs(exp);
    return `${sign}${mantissa}e${exp < 0 ? "-" : "+"}${e < 10 ? `0${e}` : e}`;
  }
  return sign + fixed(digits, Math.max((p > digits.dp ? nd : p) - digits.dp, 0));
}
