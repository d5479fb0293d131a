import { ProjectError } from "../errors.js";

const NS = 1n;
const US = 1_000n * NS;
const MS = 1_000n * US;
const SEC = 1_000n * MS;
const MIN = 60n * SEC;
const HOUR = 60n * MIN;

// Go's time.ParseDuration units, plus the day and week units compose-go accepts (str2duration).
const DURATION_UNITS: Readonly<Record<string, bigint>> = {
  ns: NS,
  us: US,
  "\u00b5s": US,
  "\u03bcs": US,
  ms: MS,
  s: SEC,
  m: MIN,
  h: HOUR,
  d: 24n * HOUR,
  w: 7n * 24n * HOUR,
};

const DURATION_HINT = "Write a duration with a unit, e.g. 30s, 1m30s, 500ms or 1h (units: ns, us, ms, s, m, h, d, w).";
const TERM = /^(\d*)(?:\.(\d*))?([^\d.]+)/;

/**
 * Parses a Compose duration (Go syntax: `1h2m3s`, `1.5s`, `300ms`, `10us`, plus `d` and `w`) into
 * nanoseconds. Like compose-go, a bare number is rejected unless it is 0: `30` has no unit.
 * Throws a ProjectError (`E_DURATION`) quoting the offending text.
 */
export function parseDuration(value: string | number): number {
  const text = String(value).trim();
  const fail = (why: string): never => {
    throw new ProjectError("E_DURATION", `invalid duration "${text}": ${why}`, { hint: DURATION_HINT });
  };
  let rest = text;
  let negative = false;
  if (rest.startsWith("-") || rest.startsWith("+")) {
    negative = rest.startsWith("-");
    rest = rest.slice(1);
  }
  if (rest === "0") return 0;
  if (rest === "") fail("it is empty");
  if (/^[\d.]+$/.test(rest)) fail("it has no unit");
  let total = 0n;
  while (rest !== "") {
    const m = TERM.exec(rest);
    if (!m) return fail("it is not a number followed by a unit");
    const [whole, int = "", frac = "", unitName = ""] = m;
    if (int === "" && frac === "") fail("a unit is not preceded by a number");
    const unit = DURATION_UNITS[unitName];
    if (unit === undefined) return fail(`unknown unit "${unitName}"`);
    total += BigInt(int || "0") * unit;
    if (frac !== "") total += (BigInt(frac) * unit) / 10n ** BigInt(frac.length);
    rest = rest.slice(whole.length);
  }
  if (total > BigInt(Number.MAX_SAFE_INTEGER)) fail("it is too long");
  return negative ? -Number(total) : Number(total);
}

/**
 * Formats nanoseconds the way Go's `time.Duration.String()` does, which is how
 * `docker compose config` prints durations: `0s`, `500ms`, `1.5µs`, `1m30s`, `1h0m0s`.
 */
export function formatDuration(nanoseconds: number): string {
  const ns = BigInt(Math.trunc(nanoseconds));
  if (ns === 0n) return "0s";
  const sign = ns < 0n ? "-" : "";
  const u = ns < 0n ? -ns : ns;
  if (u < US) return `${sign}${u}ns`;
  if (u < MS) return `${sign}${withFraction(u, US)}\u00b5s`;
  if (u < SEC) return `${sign}${withFraction(u, MS)}ms`;
  const hours = u / HOUR;
  const minutes = (u % HOUR) / MIN;
  const seconds = withFraction(u % MIN, SEC);
  if (hours > 0n) return `${sign}${hours}h${minutes}m${seconds}s`;
  if (minutes > 0n) return `${sign}${minutes}m${seconds}s`;
  return `${sign}${seconds}s`;
}

/** `value / unit` as a decimal without trailing zeros (`1500, 1000` → `1.5`). */
function withFraction(value: bigint, unit: bigint): string {
  const whole = value / unit;
  const frac = value % unit;
  if (frac === 0n) return String(whole);
  const digits = String(unit).length - 1;
  return `${whole}.${String(frac).padStart(digits, "0").replace(/0+$/, "")}`;
}

const BYTE_UNITS: Readonly<Record<string, number>> = {
  k: 1024,
  m: 1024 ** 2,
  g: 1024 ** 3,
  t: 1024 ** 4,
  p: 1024 ** 5,
};

const SIZE_HINT = "Write a number of bytes, or a number with a unit: b, k, m, g, t, p (e.g. 512m, 1g, 1.5GiB).";
const DECIMAL = /^(\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Parses a byte size with docker's go-units `RAMInBytes` rules: binary multiples (`k` = 1024),
 * case-insensitive suffixes `k|m|g|t|p` optionally followed by `b` or `ib` (`512m`, `1gb`, `1.5GiB`,
 * `2048k`), an optional space before the suffix, and bare numbers as bytes. Numbers given as YAML
 * numbers are taken as bytes unchanged (so `memswap_limit: -1` stays -1). Fractions are truncated.
 * Throws a ProjectError (`E_BYTE_SIZE`) quoting the offending text.
 */
export function parseByteSize(value: string | number): number {
  if (typeof value === "number") return Math.trunc(value);
  const fail = (why: string): never => {
    throw new ProjectError("E_BYTE_SIZE", `invalid size "${value}": ${why}`, { hint: SIZE_HINT });
  };
  const m = /^(.*?[\d.])\s?([A-Za-z]*)$/.exec(value);
  if (!m) return fail("it does not start with a number");
  const [, num = "", suffix = ""] = m;
  if (!DECIMAL.test(num)) fail(`"${num}" is not a number`);
  const size = Number(num);
  const sfx = suffix.toLowerCase();
  if (sfx === "" || sfx === "b") return Math.trunc(size);
  const mul = BYTE_UNITS[sfx[0] ?? ""];
  const tail = sfx.slice(1);
  if (mul === undefined || !(tail === "" || tail === "b" || tail === "ib")) {
    return fail(`unknown unit "${suffix}"`);
  }
  return Math.trunc(size * mul);
}
