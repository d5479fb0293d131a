import type { CliContext } from "../../context.js";
import { openSession } from "../../session.js";
import { resolveTarget } from "../shared/project-target.js";
import type { StopFlags } from "./stop.js";

/** Runs `stop`: from the compose file when there is one, else from the containers' labels. */
export async function runStop(ctx: CliContext, services: string[], flags: StopFlags): Promise<void> {
  const { ref } = await resolveTarget(ctx);
  const session = await openSession(ctx);
  try {
    const { stopServices } = await import("../../../engine/verbs/lifecycle.js");
    await stopServices(session, {
      ref,
      services,
      ...(flags.timeout !== undefined ? { timeoutSeconds: flags.timeout } : {}),
      ...(ctx.global.dryRun ? { dryRun: true } : {}),
    });
  } finally {
    await session.close();
  }
}
