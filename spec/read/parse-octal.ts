/**
 * A YAML 1.1 octal integer as Compose's parser (yaml.v3) still reads it: a leading zero followed
 * by octal digits, optionally signed (`0440`, `01777`, `-010`). YAML 1.2 parsers read these as
 * decimal, which turns file modes into the wrong permissions. Only plain (unquoted) scalars apply.
 */
export const LEGACY_OCTAL_INT = /^[-+]?0[0-7]+$/;

/** The value of a scalar that matches `LEGACY_OCTAL_INT`, e.g. `0440` → 288. */
export function legacyOctal(text: string): number {
  return Number.parseInt(text, 8);
}
