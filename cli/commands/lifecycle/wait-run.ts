import type { CliContext } from "../../context.js";
import { openSession } from "../../session.js";
import { resolveTarget } from "../shared/project-target.js";
import type { WaitFlags } from "./wait.js";

/**
 * Runs `wait`: prints `container "<id>" exited with status code N` per container as Compose
 * does, and exits with the last code (the first one with `--down-project`, after the down).
 */
export async function runWait(ctx: CliContext, services: string[], flags: WaitFlags): Promise<void> {
  const { ref } = await resolveTarget(ctx);
  const session = await openSession(ctx);
  try {
    const { waitServices } = await import("../../../engine/verbs/wait.js");
    process.exitCode = await waitServices(session, {
      projectName: ref.name,
      ...(ref.project ? { project: ref.project } : {}),
      services,
      ...(flags.downProject ? { downProject: true } : {}),
      onExit: (c, code) => ctx.stdout.write(`container "${c.id}" exited with status code ${code}\n`),
    });
  } finally {
    await session.close();
  }
}
