import { loadProject } from "../../../spec/load.js";
import type { CliContext } from "../../context.js";
import { loadOptions } from "../../load-options.js";
import { openSession, printWarnings } from "../../session.js";
import type { PushFlags } from "./push.js";
import { withoutRows } from "./without-rows.js";

/** Runs `push`: the images of the selected services that have both `build:` and `image:`. */
export async function runPush(ctx: CliContext, services: string[], flags: PushFlags): Promise<void> {
  const loaded = loadProject(await loadOptions(ctx, { services }));
  printWarnings(ctx, loaded.warnings);
  const { pushServices } = await import("../../../engine/images/push.js");
  const session = await openSession(ctx, "Pushing");
  try {
    await pushServices(flags.quiet ? { ...session, sink: withoutRows(session.sink) } : session, loaded.project, {
      services,
      ...(flags.includeDeps ? { includeDeps: true } : {}),
      ...(flags.ignorePushFailures ? { ignoreFailures: true } : {}),
      ...(ctx.global.dryRun ? { dryRun: true } : {}),
    });
  } finally {
    await session.close();
  }
}
