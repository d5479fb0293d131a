import type { CliContext } from "../../context.js";
import { openSession } from "../../session.js";
import { resolveTarget } from "../shared/project-target.js";

/** Runs `unpause`: from the compose file when there is one, else from the containers' labels. */
export async function runUnpause(ctx: CliContext, services: string[]): Promise<void> {
  const { ref } = await resolveTarget(ctx);
  const session = await openSession(ctx);
  try {
    const { unpauseServices } = await import("../../../engine/verbs/lifecycle-signals.js");
    await unpauseServices(session, { ref, services, ...(ctx.global.dryRun ? { dryRun: true } : {}) });
  } finally {
    await session.close();
  }
}
