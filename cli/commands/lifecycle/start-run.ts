import type { CliContext } from "../../context.js";
import { openSession } from "../../session.js";
import { resolveTarget } from "../shared/project-target.js";
import type { StartFlags } from "./start.js";

/** Runs `start`: from the compose file when there is one, else from the containers' labels. */
export async function runStart(ctx: CliContext, services: string[], flags: StartFlags): Promise<void> {
  const { ref } = await resolveTarget(ctx);
  const session = await openSession(ctx);
  try {
    const { startServices } = await import("../../../engine/verbs/lifecycle.js");
    await startServices(session, {
      ref,
      services,
      ...(flags.wait || flags.waitTimeout !== undefined ? { wait: true } : {}),
      ...(flags.waitTimeout !== undefined ? { waitTimeoutMs: flags.waitTimeout * 1000 } : {}),
      ...(ctx.global.dryRun ? { dryRun: true } : {}),
    });
  } finally {
    await session.close();
  }
}
