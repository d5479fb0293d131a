import { ComposeError } from "../../spec/errors.js";
import type { Project } from "../../spec/project.js";

/** An external network or volume that `up` needs and the engine does not have. */
export interface MissingExternal {
  readonly kind: "network" | "volume";
  /** Its key in the project's `networks:`/`volumes:`. */
  readonly key: string;
  /** Its engine name. */
  readonly name: string;
}

/**
 * The error `up` stops with, before changing anything, when external resources are missing: one
 * sentence per resource in Compose's words plus the services that need it, and a hint with the
 * exact commands that create them.
 */
export function missingExternalError(project: Project, missing: readonly MissingExternal[]): ComposeError {
  const sentences = missing.map((m) => {
    const users = usersOf(project, m);
    const who = users.length > 0 ? ` (needed by ${users.map((s) => `service "${s}"`).join(", ")})` : "";
    return m.kind === "network" ? `network ${m.name} declared as external, but could not be found${who}` : `external volume "${m.name}" not found${who}`;
  });
  const commands = missing.map((m) => `docker ${m.kind} create ${m.name}`);
  return new ComposeError("E_MISSING_EXTERNAL", sentences.join("; "), {
    hint: `Create ${missing.length === 1 ? "it" : "them"} first (${commands.join(", ")}), or drop \`external: true\` to let tscompose create ${missing.length === 1 ? "it" : "them"}.`,
  });
}

function usersOf(project: Project, m: MissingExternal): string[] {
  return Object.entries(project.services)
    .filter(([, svc]) =>
      m.kind === "network" ? Object.keys(svc.networks ?? {}).includes(m.key) : (svc.volumes ?? []).some((v) => v.type === "volume" && v.source === m.key),
    )
    .map(([name]) => name);
}
