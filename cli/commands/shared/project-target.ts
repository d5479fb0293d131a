import type { ProjectRef } from "../../../engine/verbs/project-view.js";
import { ProjectError } from "../../../spec/errors.js";
import { loadProject, type LoadedProject } from "../../../spec/load.js";
import type { CliContext } from "../../context.js";
import { loadOptions } from "../../load-options.js";
import { printWarnings } from "../../session.js";

/** The project a verb works on, and the loaded compose file when one was read. */
export interface VerbTarget {
  readonly ref: ProjectRef;
  readonly loaded?: LoadedProject;
}

/**
 * Finds the project the way Docker Compose's `projectOrName` does for `ps`, `logs`, `stop`,
 * `start`, `rm`, `kill`, `top`…: with `-p NAME` and no `-f`, only the name (everything else comes
 * from container labels); otherwise the compose file is loaded, and when there is none,
 * `COMPOSE_PROJECT_NAME` still names the project. Any other problem with the file is reported.
 */
export async function resolveTarget(ctx: CliContext): Promise<VerbTarget> {
  const g = ctx.global;
  if (g.projectName && !(g.file && g.file.length > 0)) return { ref: { name: g.projectName.toLowerCase() } };
  try {
    const loaded = loadProject(await loadOptions(ctx));
    printWarnings(ctx, loaded.warnings);
    return { ref: { name: loaded.project.name, project: loaded.project, disabledServices: loaded.disabledServices }, loaded };
  } catch (error) {
    const envName = ctx.env["COMPOSE_PROJECT_NAME"];
    if (error instanceof ProjectError && error.code === "E_NO_COMPOSE_FILE" && envName) return { ref: { name: envName.toLowerCase() } };
    throw error;
  }
}

/**
 * Just the project name (`port`, `images`, `events`): `-p`, else `COMPOSE_PROJECT_NAME`, else
 * the compose file's, as Compose's `toProjectName`.
 */
export async function resolveProjectName(ctx: CliContext): Promise<string> {
  if (ctx.global.projectName) return ctx.global.projectName.toLowerCase();
  const envName = ctx.env["COMPOSE_PROJECT_NAME"];
  if (envName) return envName.toLowerCase();
  return (await resolveTarget(ctx)).ref.name;
}
