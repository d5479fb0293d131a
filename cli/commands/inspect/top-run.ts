import type { CliContext } from "../../context.js";
import { connectEngine } from "../../engine-connect.js";
import { formatTable, TOP_TABLE } from "../shared/output-table.js";
import { resolveTarget } from "../shared/project-target.js";

/** Runs `top`: one table of every running container's processes (`SERVICE # UID PID … CMD`); nothing when none runs. */
export async function runTop(ctx: CliContext, services: string[]): Promise<void> {
  const { ref } = await resolveTarget(ctx);
  const runtime = await connectEngine(ctx);
  const { projectTop, topTable } = await import("../../../engine/verbs/top.js");
  const containers = await projectTop(runtime, ref, services);
  const { headers, rows } = topTable(containers);
  if (rows.length > 0) ctx.stdout.write(formatTable([headers, ...rows], TOP_TABLE));
}
