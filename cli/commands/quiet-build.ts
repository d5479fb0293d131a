import { isBuildOutput } from "../../engine/engine-events.js";
import type { EngineSession } from "../session.js";

/**
 * `--quiet-build` (and `watch --quiet`): the session with a sink that drops the builds' output
 * lines; the image rows, warnings and errors (a failed build's last lines included) still show.
 */
export function withoutBuildOutput(session: EngineSession): EngineSession {
  return { ...session, sink: { emit: (e) => (isBuildOutput(e) ? undefined : session.sink.emit(e)) } };
}
