import { ProjectError } from "../../../spec/errors.js";
import { orphanPolicy } from "../../compose-env.js";
import { loadProject, type LoadedProject } from "../../../spec/load.js";
import type { CliContext } from "../../context.js";
import { loadOptions } from "../../load-options.js";
import { openSession, printWarnings } from "../../session.js";
import type { DownFlags } from "./down.js";

/**
 * Runs `down`. With a compose file the project's own order and volumes are used; without one
 * (it was deleted, or `-p NAME` names a project elsewhere) everything is found by label.
 */
export async function runDown(ctx: CliContext, services: string[], flags: DownFlags): Promise<void> {
  const loaded = await tryLoad(ctx);
  const projectName = loaded?.project.name ?? ctx.global.projectName ?? ctx.env["COMPOSE_PROJECT_NAME"];
  if (!projectName) {
    throw new ProjectError("E_NO_PROJECT", "no compose file found and no project name given", {
      hint: "Run it in the project's directory, or name the project with -p NAME.",
    });
  }
  if (loaded) printWarnings(ctx, loaded.warnings);
  const session = await openSession(ctx);
  try {
    const { downStack } = await import("../../../api/verbs/down.js");
    await downStack(session, { projectName, ...(loaded ? { project: loaded.project } : {}) }, {
      services,
      ...(flags.volumes ? { volumes: true } : {}),
      ...orphanPolicy(ctx.env, flags.removeOrphans, { remove: true, ignore: false }),
      ...(flags.rmi ? { rmi: flags.rmi } : {}),
      ...(flags.timeout !== undefined ? { timeoutSeconds: flags.timeout } : {}),
      ...(ctx.global.dryRun ? { dryRun: true } : {}),
    });
  } finally {
    await session.close();
  }
}

/** Loads the project if there is one; a missing compose file is not an error for `down`. */
async function tryLoad(ctx: CliContext): Promise<LoadedProject | undefined> {
  try {
    return loadProject(await loadOptions(ctx));
  } catch (err) {
    if (err instanceof ProjectError && err.code === "E_NO_COMPOSE_FILE" && (ctx.global.projectName || ctx.env["COMPOSE_PROJECT_NAME"])) return undefined;
    throw err;
  }
}
