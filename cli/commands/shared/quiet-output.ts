import { isBuildOutput, type EngineEvent } from "../../../engine/runtime/engine-events.js";
import type { EngineSession } from "../../session.js";

/** What `--quiet-build` and `--quiet-pull` leave out of a session's progress. */
export interface QuietOptions {
  /** `--quiet-build` (and `watch --quiet`): the builds' output lines. */
  readonly build?: boolean | undefined;
  /** `--quiet-pull`: the pulls' `Pulling` / `Pulled` rows (a failed pull still shows). */
  readonly pull?: boolean | undefined;
}

const PULL_ROWS = new Set(["Pulling", "Pulled"]);

/**
 * The session with a sink that drops what `quiet` names; the other rows, warnings and errors
 * (a failed build's last lines, a failed pull's row and message) still show. The same session
 * when nothing is to be dropped.
 */
export function quieter(session: EngineSession, quiet: QuietOptions): EngineSession {
  if (!quiet.build && !quiet.pull) return session;
  const drop = (e: EngineEvent) =>
    (quiet.build === true && isBuildOutput(e)) || (quiet.pull === true && e.type === "resource" && e.kind === "image" && PULL_ROWS.has(e.status));
  return { ...session, sink: { emit: (e) => (drop(e) ? undefined : session.sink.emit(e)) } };
}

/** `quieter(session, { build: true })`. */
export function withoutBuildOutput(session: EngineSession): EngineSession {
  return quieter(session, { build: true });
}
