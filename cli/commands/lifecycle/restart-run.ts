import type { CliContext } from "../../context.js";
import { openSession } from "../../session.js";
import { resolveTarget } from "../shared/project-target.js";
import type { RestartFlags } from "./restart.js";

/** Runs `restart`: from the compose file when there is one, else from the containers' labels. */
export async function runRestart(ctx: CliContext, services: string[], flags: RestartFlags): Promise<void> {
  const { ref } = await resolveTarget(ctx);
  const session = await openSession(ctx);
  try {
    const { restartServices } = await import("../../../engine/verbs/lifecycle-signals.js");
    await restartServices(session, {
      ref,
      services,
      ...(flags.deps === false ? { noDeps: true } : {}),
      ...(flags.timeout !== undefined ? { timeoutSeconds: flags.timeout } : {}),
      ...(ctx.global.dryRun ? { dryRun: true } : {}),
    });
  } finally {
    await session.close();
  }
}
