import path from "node:path";
import { ProjectError } from "../errors.js";
import type { SourceLocation } from "../location.js";

const VALID_NAME = /^[a-z0-9][a-z0-9_-]*$/;

/** Where a project name came from, in Compose's order of precedence. */
export type ProjectNameSource = "flag" | "env" | "file" | "directory";

/** Lowercases and strips a name to `[a-z0-9_-]`, without leading `_` or `-` (Compose's rule). */
export function normalizeProjectName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, "")
    .replace(/^[_-]+/, "");
}

/**
 * Picks the project name: `-p` > `COMPOSE_PROJECT_NAME` > top-level `name:` > the project directory's
 * base name (normalized). An explicit name that is not already normalized is an error, as in Compose;
 * for the file's `name:`, pass `fileLocation` so that the error points at it.
 */
export function resolveProjectName(candidates: {
  flag?: string | undefined;
  env?: string | undefined;
  file?: string | undefined;
  /** Where the top-level `name:` was written (`sources.locate(["name"])`). */
  fileLocation?: SourceLocation | undefined;
  projectDir: string;
}): { name: string; source: ProjectNameSource } {
  const explicit: [ProjectNameSource, string | undefined, string][] = [
    ["flag", candidates.flag, "-p/--project-name"],
    ["env", candidates.env, "COMPOSE_PROJECT_NAME"],
    ["file", candidates.file, "the top-level `name:`"],
  ];
  for (const [source, value, label] of explicit) {
    if (value === undefined || value === "") continue;
    if (!VALID_NAME.test(value)) throw invalidName(value, label, source === "file" ? candidates.fileLocation : undefined);
    return { name: value, source };
  }
  const base = path.basename(candidates.projectDir);
  const name = normalizeProjectName(base);
  if (name === "") {
    throw new ProjectError(
      "E_EMPTY_PROJECT_NAME",
      `cannot derive a project name from the directory "${candidates.projectDir}"`,
      { hint: "Give one with -p NAME, COMPOSE_PROJECT_NAME or a top-level `name:`." },
    );
  }
  return { name, source: "directory" };
}

function invalidName(value: string, label: string, location: SourceLocation | undefined): ProjectError {
  const rule =
    "it must consist only of lowercase alphanumeric characters, hyphens, and underscores as well as start with a letter or number";
  const hint = `Use "${normalizeProjectName(value) || "myproject"}" instead.`;
  // With a location the path says where the name came from; without one, the message must.
  if (location) return new ProjectError("E_INVALID_PROJECT_NAME", `invalid project name "${value}": ${rule}`, { hint, location, path: ["name"] });
  return new ProjectError("E_INVALID_PROJECT_NAME", `invalid project name "${value}" from ${label}: ${rule}`, { hint });
}
