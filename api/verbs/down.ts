import { downProject } from "../../engine/verbs/down.js";
import type { RemoveImagesMode } from "../../engine/verbs/project-images.js";
import type { EngineDeps } from "../../engine/verbs/up.js";
import type { Project } from "../../spec/project.js";

/** What `down` removes besides the project's containers and networks. */
export interface DownOptions {
  /** Only these services' containers (networks and volumes stay). */
  readonly services?: readonly string[];
  /** Also the project's named volumes and the containers' anonymous volumes (`-v`). */
  readonly volumes?: boolean;
  /** Also containers of services the compose file does not declare. */
  readonly removeOrphans?: boolean;
  /** Also the images the services use: `local` (no custom tag) or `all`. */
  readonly rmi?: RemoveImagesMode;
  /** Seconds a container gets to stop before SIGKILL (default: each container's own). */
  readonly timeoutSeconds?: number;
  /** Report what would be removed, remove nothing. */
  readonly dryRun?: boolean;
}

/** Which project `down` works on: its name, and its compose model when there is one. */
export interface DownTarget {
  readonly projectName: string;
  /** Absent when the compose file is gone: the order then comes from container labels. */
  readonly project?: Project;
}

/**
 * Stops and removes the project's containers (dependants first, one-offs included), then its
 * networks, and as asked its volumes and images. Only objects carrying the project's label are
 * touched. Progress goes to `deps.sink`.
 */
export async function downStack(deps: EngineDeps, target: DownTarget, options: DownOptions = {}): Promise<void> {
  await downProject(deps, {
    projectName: target.projectName,
    ...(target.project ? { project: target.project } : {}),
    ...(options.services ? { services: options.services } : {}),
    ...(options.volumes ? { volumes: true } : {}),
    ...(options.removeOrphans ? { removeOrphans: true } : {}),
    ...(options.rmi ? { rmi: options.rmi } : {}),
    ...(options.timeoutSeconds !== undefined ? { timeoutSeconds: options.timeoutSeconds } : {}),
    ...(options.dryRun ? { dryRun: true } : {}),
  });
}
