import { assertKnownServices } from "../../../engine/verbs/project-view.js";
import type { CliContext } from "../../context.js";
import { resolveTarget } from "../shared/project-target.js";

/**
 * The project name for a verb that acts on one service's container (`export`, `commit`), found
 * as `pause` finds it; when a compose file was read, a service it does not declare (in any
 * profile) is bad input (`E_NO_SUCH_SERVICE`, exit 2) before the engine is contacted. Without a
 * file (`-p NAME` alone) any name passes, and a missing container is reported by the engine call.
 */
export async function serviceProjectName(ctx: CliContext, service: string): Promise<string> {
  const { ref } = await resolveTarget(ctx);
  assertKnownServices(ref, [], [service]);
  return ref.name;
}
