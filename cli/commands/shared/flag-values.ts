import { InvalidArgumentError } from "commander";

/**
 * Flag-value parsers shared by the verb definitions (kept free of heavy imports, so `--help`
 * stays fast).
 */

/** A whole number (`--index`, `-t`, `--tail`); commander reports anything else as bad usage. */
export function wholeNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`"${value}" is not a whole number.`);
  return n;
}

/** Collects a repeatable flag's values. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** `true`/`false` (and `1`/`0`) for flags Compose spells `--flag=false`. */
export function booleanValue(value: string): boolean {
  if (/^(true|1)$/i.test(value)) return true;
  if (/^(false|0)$/i.test(value)) return false;
  throw new InvalidArgumentError(`"${value}" is not true or false.`);
}
