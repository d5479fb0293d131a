/**
 * When to color, and the palette of the attached-mode log printer.
 *
 * The log palette is written as raw SGR codes rather than through chalk: it must match Docker
 * Compose's bytes (`ESC[36m…ESC[0m`, intense variants as `36;1`), it sits on the hot path of every
 * log line, and `createLogPrinter` is synchronous, so a lazy chalk import would not fit. The
 * progress renderers use chalk (see progress-styles.ts).
 */

/** `--ansi` values, as Docker Compose spells them. */
export type AnsiMode = "auto" | "always" | "never";

/** The part of an output stream that color detection looks at. */
export interface ColorTarget {
  readonly isTTY?: boolean;
}

/**
 * Decides whether output to `stream` may carry ANSI colors.
 * Invariant, as Docker Compose: a non-empty `NO_COLOR` wins over everything (even `--ansi always`);
 * `always`/`never` are obeyed; `auto` colors a TTY unless `TERM=dumb`.
 */
export function useColor(ansi: AnsiMode, stream: ColorTarget, env: Readonly<Record<string, string | undefined>>): boolean {
  if (env["NO_COLOR"] !== undefined && env["NO_COLOR"] !== "") return false;
  if (ansi === "always") return true;
  if (ansi === "never") return false;
  return stream.isTTY === true && env["TERM"] !== "dumb";
}

/**
 * Docker Compose's log-prefix rainbow, in its order: cyan, yellow, green, magenta, blue, then the
 * same five intense (bold). The n-th container gets `LOG_PALETTE[n % 10]`.
 */
export const LOG_PALETTE: readonly string[] = ["36", "33", "32", "35", "34", "36;1", "33;1", "32;1", "35;1", "34;1"];

/** Wraps `text` in the SGR `code` and a full reset, as Compose's color functions do. */
export function sgr(code: string, text: string): string {
  return `\u001b[${code}m${text}\u001b[0m`;
}
