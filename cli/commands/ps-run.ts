import { checkStatuses, psStack } from "../../api/ps.js";
import type { PsEntry } from "../../engine/ps.js";
import type { ContainerStatus } from "../../engine/runtime.js";
import { ProjectError } from "../../spec/errors.js";
import { connectEngine } from "../engine-connect.js";
import type { CliContext } from "../context.js";
import { formatRows, parseRowFormat, type RowSchema } from "../render/format-rows.js";
import { formatTable, PS_TABLE } from "./output-table.js";
import { resolveTarget } from "./project-target.js";
import type { PsFlags } from "./ps.js";

/** What a `ps --format` template sees: each row is the container's `ps --format json` object. */
export const PS_ROWS: RowSchema = {
  verb: "ps",
  typeName: "container",
  fields: ["ID", "Name", "Names", "Image", "Command", "Project", "Service", "CreatedAt", "RunningFor", "State", "Status", "Health", "ExitCode", "Publishers", "Ports", "Networks", "Mounts", "LocalVolumes", "Labels"],
  // Docker Compose's titles (cmd/formatter/container.go); the others are derived from the name.
  headers: { ID: "CONTAINER ID", Name: "NAME", Project: "PROJECT", Service: "SERVICE", Image: "IMAGE", Command: "COMMAND", CreatedAt: "CREATED AT", RunningFor: "CREATED", Ports: "PORTS", State: "STATE", Status: "STATUS", Labels: "LABELS", Mounts: "MOUNTS", LocalVolumes: "LOCAL VOLUMES", Networks: "NETWORKS" },
};

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

/** Docker's `Ellipsis`: cut to `max` characters, the last one `…`. */
function ellipsis(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}

/** The `ps` table: `NAME IMAGE COMMAND SERVICE CREATED STATUS PORTS`, the command quoted and cut at 20 unless `noTrunc`. */
export function psTable(entries: readonly PsEntry[], noTrunc = false): string {
  const rows = entries.map((e) => [e.Name, e.Image, JSON.stringify(noTrunc ? e.Command : ellipsis(e.Command, 20)), e.Service, e.RunningFor, e.Status, e.Ports]);
  return formatTable([["NAME", "IMAGE", "COMMAND", "SERVICE", "CREATED", "STATUS", "PORTS"], ...rows], PS_TABLE);
}

/**
 * Runs `ps`: IDs (`-q`), service names (`--services`), one JSON object per line, the table, or a
 * `--format` template (parsed and checked before the engine is contacted).
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
    for (const s of new Set(entries.map((e) => e.Service))) ctx.stdout.write(`${s}\n`);
  } else {
    const json = () => entries.map((e) => `${JSON.stringify(e)}\n`).join("");
    ctx.stdout.write(formatRows(format, entries, { table: () => psTable(entries, flags.trunc === false), json }));
  }
}
