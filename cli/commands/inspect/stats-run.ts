import { STATS_HEADERS, statsCells, statsRow, type StatsEntry } from "../../../engine/format/stats-format.js";
import type { CliContext } from "../../context.js";
import { formatRows, parseRowFormat, type RowFormat, type RowSchema } from "../../render/format-rows.js";
import { connectEngine } from "../../engine-connect.js";
import { interruptOnSignal } from "../shared/interrupt.js";
import { formatTable, PS_TABLE } from "../shared/output-table.js";
import { resolveTarget } from "../shared/project-target.js";
import type { StatsFlags } from "./stats.js";

/** What a `stats --format` template sees: each container's object of `stats --format json`. */
export const STATS_ROWS: RowSchema = {
  verb: "stats",
  typeName: "stats",
  fields: ["BlockIO", "CPUPerc", "Container", "ID", "MemPerc", "MemUsage", "Name", "NetIO", "PIDs"],
  // The docker CLI's titles (cli/command/container/formatter_stats.go).
  headers: { Container: "CONTAINER", ID: "CONTAINER ID", Name: "NAME", CPUPerc: "CPU %", MemUsage: "MEM USAGE / LIMIT", MemPerc: "MEM %", NetIO: "NET I/O", BlockIO: "BLOCK I/O", PIDs: "PIDS" },
};

/** How one sample of every container is printed. */
export interface StatsRender {
  readonly format: RowFormat;
  /** 12-character ids (the default; `--no-trunc` turns it off). */
  readonly trunc: boolean;
}

/**
 * One sample as text: `docker stats`'s table (the header even when there is no container), one
 * JSON object per container and line with the docker CLI's field names, or a template over those
 * objects.
 */
export function renderStats(entries: readonly StatsEntry[], render: StatsRender): string {
  const rows = entries.map((e) => statsRow(e, { trunc: render.trunc }));
  return formatRows(render.format, rows, {
    json: () => rows.map((r) => `${JSON.stringify(r)}\n`).join(""),
    table: () => formatTable([STATS_HEADERS, ...rows.map(statsCells)], PS_TABLE),
  });
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
 * sample about every second until Ctrl-C (exit 0), redrawn in place on a terminal (any format but
 * json, as `docker stats` re-renders a template too), printed anew each time to a pipe or file.
 */
export async function runStats(ctx: CliContext, services: string[], flags: StatsFlags): Promise<void> {
  const format = parseRowFormat(flags.format, STATS_ROWS);
  const { ref } = await resolveTarget(ctx);
  const runtime = await connectEngine(ctx);
  const { projectStats, StatsMonitor, STATS_INTERVAL_MS, pause } = await import("../../../engine/verbs/stats.js");
  const query = { services, all: flags.all === true };
  const render: StatsRender = { format, trunc: flags.trunc !== false };
  if (flags.stream === false) {
    ctx.stdout.write(renderStats(await projectStats(runtime, ref, query), render));
    return;
  }
  const interrupt = interruptOnSignal();
  const monitor = new StatsMonitor(runtime, ref, query);
  const redraw = render.format !== "json" && ctx.stdout.isTTY === true;
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
