import type { ProjectSummary } from "../../../engine/verbs/ls.js";
import { ProjectError } from "../../../spec/errors.js";
import type { CliContext } from "../../context.js";
import { formatRows, parseRowFormat, type RowSchema } from "../../render/format-rows.js";
import { connectEngine } from "../../engine-connect.js";
import type { LsFlags } from "./ls.js";
import { COMPOSE_TABLE, formatTable } from "../shared/output-table.js";

/** What an `ls --format` template sees: each project's object of `ls --format json`. */
export const LS_ROWS: RowSchema = {
  verb: "ls",
  typeName: "project",
  fields: ["Name", "Status", "ConfigFiles"],
  headers: { Name: "NAME", Status: "STATUS", ConfigFiles: "CONFIG FILES" },
};

/** The `name=` values of `--filter`; any other key is bad usage. */
export function lsNameFilters(filters: readonly string[] | undefined): string[] {
  return (filters ?? []).map((f) => {
    const [key, value] = f.split(/=(.*)/s);
    if (value === undefined || key !== "name") {
      throw new ProjectError("E_USAGE", `invalid filter "${f}"`, { hint: "ls supports --filter name=REGEX." });
    }
    return value;
  });
}

/** The `ls` table: `NAME STATUS CONFIG FILES`. */
export function lsTable(projects: readonly ProjectSummary[]): string {
  return formatTable([["NAME", "STATUS", "CONFIG FILES"], ...projects.map((p) => [p.Name, p.Status, p.ConfigFiles])], COMPOSE_TABLE);
}

/** Runs `ls`: names (`-q`), a JSON array (`--format json`, Compose's shape), the table, or a template per project. */
export async function runLs(ctx: CliContext, flags: LsFlags): Promise<void> {
  const name = lsNameFilters(flags.filter);
  // Compose's ls takes `json` and `table` in any letter case.
  const named = /^(json|table)$/i.test(flags.format) ? flags.format.toLowerCase() : flags.format;
  const format = flags.quiet ? "table" : parseRowFormat(named, LS_ROWS);
  const runtime = await connectEngine(ctx);
  const { listProjects } = await import("../../../engine/verbs/ls.js");
  const projects = await listProjects(runtime, { ...(flags.all ? { all: true } : {}), name });
  if (flags.quiet) for (const p of projects) ctx.stdout.write(`${p.Name}\n`);
  else ctx.stdout.write(formatRows(format, projects, { table: () => lsTable(projects), json: () => `${JSON.stringify(projects)}\n` }));
}
