import { checkStatuses, psStack } from "../../../api/verbs/ps.js";
import type { ContainerStatus } from "../../../engine/runtime/runtime.js";
import { ProjectError } from "../../../spec/errors.js";
import { connectEngine } from "../../engine-connect.js";
import type { CliContext } from "../../context.js";
import { formatRows, parseRowFormat } from "../../render/format-rows.js";
import { resolveTarget } from "../shared/project-target.js";
import type { PsFlags } from "./ps.js";
import { psJson, psRow, PS_ROWS, psTable } from "./ps-rows.js";

/** `--status` values plus `--filter status=…`, checked. */
export function psStatuses(flags: Pick<PsFlags, "status" | "filter">): ContainerStatus[] {
  const statuses = [...(flags.status ?? [])];
  if (flags.filter !== undefined) {
    const [key, value] = flags.filter.split(/=(.*)/s);
    if (value === undefined) throw new ProjectError("E_USAGE", "arguments to --filter should be in form KEY=VAL");
    if (key !== "status") throw new ProjectError("E_USAGE", `unknown filter ${key}`, { hint: "ps supports --filter status=STATE." });
    statuses.push(value);
  }
  checkStatuses(statuses);
  return [...statuses];
}

/**
 * Runs `ps` as Docker Compose does: full IDs (`-q`), service names in first-seen order
 * (`--services`; an empty line when there are none, as Compose), one JSON object per line, the
 * table, or a `--format` template (parsed and checked before the engine is contacted). JSON, table
 * and templates read the same rows, truncated unless `--no-trunc`.
 */
export async function runPs(ctx: CliContext, services: string[], flags: PsFlags): Promise<void> {
  const status = psStatuses(flags);
  const format = flags.quiet || flags.services ? "table" : parseRowFormat(flags.format, PS_ROWS);
  const { ref } = await resolveTarget(ctx);
  const runtime = await connectEngine(ctx);
  const entries = await psStack(runtime, ref, { services, status, orphans: flags.orphans, ...(flags.all ? { all: true } : {}) });
  if (flags.quiet) {
    for (const e of entries) ctx.stdout.write(`${e.ID}\n`);
  } else if (flags.services) {
    ctx.stdout.write(`${[...new Set(entries.map((e) => e.Service))].join("\n")}\n`);
  } else {
    const rows = entries.map((e) => psRow(e, flags.trunc !== false));
    ctx.stdout.write(formatRows(format, rows, { table: () => psTable(rows), json: () => psJson(rows) }));
  }
}
