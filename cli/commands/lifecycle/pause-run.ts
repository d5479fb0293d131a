import type { CliContext } from "../../context.js";
import { openSession } from "../../session.js";
import { resolveTarget } from "../shared/project-target.js";

/** Runs `pause`: from the compose file when there is one, else from the containers' labels. */
export async function runPause(ctx: CliContext, services: string[]): Promise<void> {
  const { ref } = await resolveTarget(ctx);
  const session = await openSession(ctx);
  try {
    const { pauseServices } = await import("../../../engine/verbs/lifecycle-signals.js");
    await pauseServices(session, { ref, services, ...(ctx.global.dryRun ? { dryRun: true } : {}) });
  } finally {
    await session.close();
  }
}
