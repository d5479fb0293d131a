import { ProjectError } from "../../spec/errors.js";

const UNIT_MS: Readonly<Record<string, number>> = { ns: 1e-6, us: 1e-3, "µs": 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const DURATION = /^(\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+$/;
const PART = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/** A Go duration (`42m`, `1h30m`, `1.5s`) in milliseconds, or undefined when `text` is not one. */
export function parseGoDuration(text: string): number | undefined {
  if (!DURATION.test(text)) return undefined;
  let ms = 0;
  for (const m of text.matchAll(PART)) ms += Number(m[1]) * (UNIT_MS[m[2] ?? "s"] ?? 0);
  return ms;
}

/**
 * Reads a `--since`/`--until` value the way the docker CLI does, into unix seconds: a duration
 * before `now` (`42m`, `1h30m`), unix seconds (`1700000000`, `1700000000.5`), or a timestamp
 * (`2013-01-02T13:23:37Z`, `2013-01-02T13:23:37+01:00`; without a zone, and a bare date, in local
 * time). Anything else is a bad-input `E_USAGE` naming the flag.
 */
export function parseTimeSpec(value: string, flag: string, now: number = Date.now()): number {
  const text = value.trim();
  const duration = parseGoDuration(text);
  if (duration !== undefined) return (now - duration) / 1000;
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  const local = DATE_ONLY.test(text) ? `${text}T00:00:00` : LOCAL_DATE_TIME.test(text) ? text : undefined;
  // `new Date("2013-01-02T13:23:37")` is local time; a bare date would be UTC, so it gets a time.
  const parsed = local !== undefined ? new Date(local).getTime() : /[zZ]|[+-]\d{2}:?\d{2}$/.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(parsed)) {
    throw new ProjectError("E_USAGE", `${flag}: "${value}" is not a time`, {
      hint: "Give a duration (42m, 1h30m), unix seconds, or a timestamp such as 2013-01-02T13:23:37Z.",
    });
  }
  return parsed / 1000;
}
