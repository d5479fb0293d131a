import { loadProject } from "../../../spec/load.js";
import type { CliContext } from "../../context.js";
import { loadOptions } from "../../load-options.js";
import { openSession, printWarnings } from "../../session.js";
import type { PullFlags } from "./pull.js";
import { withoutRows } from "./without-rows.js";

/** Runs `pull`: the selected services' images (with their dependencies' under `--include-deps`). */
export async function runPull(ctx: CliContext, services: string[], flags: PullFlags): Promise<void> {
  const loaded = loadProject(await loadOptions(ctx, { services }));
  printWarnings(ctx, loaded.warnings);
  const { pullServices } = await import("../../../engine/images/pull.js");
  const session = await openSession(ctx, "Pulling");
  try {
    await pullServices(flags.quiet ? { ...session, sink: withoutRows(session.sink) } : session, loaded.project, {
      services,
      ...(flags.includeDeps ? { includeDeps: true } : {}),
      ...(flags.ignorePullFailures ? { ignoreFailures: true } : {}),
      ...(flags.ignoreBuildable ? { ignoreBuildable: true } : {}),
      ...(flags.policy ? { policy: flags.policy } : {}),
      ...(ctx.global.dryRun ? { dryRun: true } : {}),
    });
  } finally {
    await session.close();
  }
}
