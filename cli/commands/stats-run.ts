import { STATS_HEADERS, statsCells, statsRow, type StatsEntry } from "../../engine/stats-format.js";
import type { CliContext } from "../context.js";
import { connectEngine } from "../engine-connect.js";
import { interruptOnSignal } from "./interrupt.js";
import { formatTable, PS_TABLE } from "./output-table.js";
import { resolveTarget } from "./project-target.js";
import type { StatsFlags } from "./stats.js";

/** How one sample of every container is printed. */
export interface StatsRender {
  readonly format: "table" | "json";
  /** 12-character ids (the default; `--no-trunc` turns it off). */
  readonly trunc: boolean;
}

/**
 * One sample as text: `docker stats`'s table (the header even when there is no container), or one
 * JSON object per container and line with the docker CLI's field names.
 */
export function renderStats(entries: readonly StatsEntry[], render: StatsRender): string {
  const rows = entries.map((e) => statsRow(e, { trunc: render.trunc }));
  if (render.format === "json") return rows.map((r) => `${JSON.stringify(r)}\n`).join("");
  return formatTable([STATS_HEADERS, ...rows.map(statsCells)], PS_TABLE);
}

/**
 * What one refresh writes to a terminal: the frame drawn over the previous one from the top-left
 * corner, each line clearing what an older, longer line left, then the rest of the screen cleared
 * (the first frame clears the screen first).
 */
export function redrawFrame(text: string, first: boolean): string {
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return `${first ? "\x1b[2J" : ""}\x1b[H${lines.map((l) => `${l}\x1b[K\n`).join("")}\x1b[J`;
}

/**
 * Runs `stats`: with `--no-stream` one sample of each container, printed once; otherwise a new
 * sample about every second until Ctrl-C (exit 0), redrawn in place on a terminal (table format),
 * printed anew each time to a pipe or file.
 */
export async function runStats(ctx: CliContext, services: string[], flags: StatsFlags): Promise<void> {
  const { ref } = await resolveTarget(ctx);
  const runtime = await connectEngine(ctx);
  const { projectStats, StatsMonitor, STATS_INTERVAL_MS, pause } = await import("../../engine/stats.js");
  const query = { services, all: flags.all === true };
  const render: StatsRender = { format: flags.format, trunc: flags.trunc !== false };
  if (flags.stream === false) {
    ctx.stdout.write(renderStats(await projectStats(runtime, ref, query), render));
    return;
  }
  const interrupt = interruptOnSignal();
  const monitor = new StatsMonitor(runtime, ref, query);
  const redraw = render.format === "table" && ctx.stdout.isTTY === true;
  try {
    await monitor.refresh();
    await Promise.race([monitor.ready(), pause(60_000, interrupt.signal)]);
    for (let first = true; !interrupt.interrupted(); first = false) {
      const text = renderStats(monitor.entries(), render);
      ctx.stdout.write(redraw ? redrawFrame(text, first) : text);
      await pause(STATS_INTERVAL_MS, interrupt.signal);
      if (!interrupt.interrupted()) await monitor.refresh();
    }
  } finally {
    monitor.stop();
    interrupt.dispose();
  }
}
