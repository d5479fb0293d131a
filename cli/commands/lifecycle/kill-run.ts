import type { CliContext } from "../../context.js";
import { orphanPolicy } from "../../compose-env.js";
import { openSession } from "../../session.js";
import type { KillFlags } from "./kill.js";
import { resolveTarget } from "../shared/project-target.js";

/** Runs `kill`; says so when no container is running. */
export async function runKill(ctx: CliContext, services: string[], flags: KillFlags): Promise<void> {
  const { ref } = await resolveTarget(ctx);
  const session = await openSession(ctx);
  try {
    const { killServices } = await import("../../../engine/verbs/lifecycle-signals.js");
    const outcome = await killServices(session, {
      ref,
      services,
      signal: flags.signal,
      ...orphanPolicy(ctx.env, flags.removeOrphans, { remove: true, ignore: false }),
      ...(ctx.global.dryRun ? { dryRun: true } : {}),
    });
    await session.finishProgress();
    if (outcome.containers.length === 0) ctx.stderr.write("no container to kill\n");
  } finally {
    await session.close();
  }
}
