import { NO_STYLES, type ProgressStyles } from "./progress-types.js";

/**
 * Docker Compose's progress palette (success green, warning bold yellow, error bold red, timer blue,
 * spinner yellow), through chalk. chalk is imported only here and only when colors are on, so
 * `--help` and uncolored output never load it.
 */
export async function loadStyles(color: boolean): Promise<ProgressStyles> {
  if (!color) return NO_STYLES;
  const { Chalk } = await import("chalk");
  // Level 1 (16 colors): the palette needs nothing more, and every ANSI terminal has it.
  const c = new Chalk({ level: 1 });
  return {
    success: (s) => c.green(s),
    warning: (s) => c.yellow.bold(s),
    error: (s) => c.red.bold(s),
    timer: (s) => c.blue(s),
    spinner: (s) => c.yellow(s),
  };
}
