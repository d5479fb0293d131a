import { ProjectError } from "../../spec/errors.js";

/**
 * Checks of `commit`'s arguments made before the engine is contacted (bad input, exit 2): the
 * image reference `REPOSITORY[:TAG]` (Docker's reference grammar) and each `--change`
 * instruction (the keywords the engine's `/commit` accepts, with an argument).
 */

/** The instructions `docker commit --change` accepts (the engine refuses RUN, COPY, FROM…). */
export const COMMIT_CHANGE_KEYWORDS: readonly string[] = ["CMD", "ENTRYPOINT", "ENV", "EXPOSE", "HEALTHCHECK", "LABEL", "ONBUILD", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR"];

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]+)?$/;
const TAG = /^[\w][\w.-]{0,127}$/;

/** A parsed `REPOSITORY[:TAG]`; `tag` is undefined when none was written (the engine then uses `latest`). */
export interface RepoTag {
  readonly repo: string;
  readonly tag?: string;
}

/**
 * Splits and checks `REPOSITORY[:TAG]` (`app`, `app:1.2`, `localhost:5000/team/app:dev`) as
 * Docker's reference parser does: lowercase path components, an optional registry host first, a
 * tag of at most 128 word characters, dots and dashes, no digest. Throws `E_USAGE` otherwise.
 */
export function parseRepoTag(reference: string): RepoTag {
  const bad = (why: string) =>
    new ProjectError("E_USAGE", `invalid reference format "${reference}": ${why}`, {
      hint: "Name the image REPOSITORY[:TAG], e.g. `myapp:snapshot` (lowercase letters, digits, and . _ - between them).",
    });
  if (reference.includes("@")) throw bad("a digest cannot name a new image");
  const slash = reference.lastIndexOf("/");
  const colon = reference.lastIndexOf(":");
  const repo = colon > slash ? reference.slice(0, colon) : reference;
  const tag = colon > slash ? reference.slice(colon + 1) : undefined;
  if (repo === "") throw bad("the repository name is empty");
  if (repo.length > 255) throw bad("the repository name is longer than 255 characters");
  const parts = repo.split("/");
  const first = parts[0] ?? "";
  const hasDomain = parts.length > 1 && (first.includes(".") || first.includes(":") || first === "localhost");
  if (hasDomain && !DOMAIN.test(first)) throw bad(`"${first}" is not a valid registry host`);
  for (const part of hasDomain ? parts.slice(1) : parts) {
    if (!COMPONENT.test(part)) {
      throw bad(part.toLowerCase() !== part && COMPONENT.test(part.toLowerCase()) ? "repository names must be lowercase" : `"${part}" is not a valid repository name component`);
    }
  }
  if (tag !== undefined && !TAG.test(tag)) throw bad(`"${tag}" is not a valid tag`);
  return tag === undefined ? { repo } : { repo, tag };
}

/**
 * Checks each `--change` instruction: a keyword `docker commit` accepts and at least one
 * argument. Throws `E_USAGE` naming the first bad one; returns the instructions trimmed.
 */
export function checkCommitChanges(changes: readonly string[]): string[] {
  return changes.map((change) => {
    const m = /^\s*(\S+)\s*([\s\S]*?)\s*$/.exec(change);
    const keyword = (m?.[1] ?? "").toUpperCase();
    if (!COMMIT_CHANGE_KEYWORDS.includes(keyword)) {
      const what = keyword === "" ? "an empty instruction" : `${keyword} is not an instruction commit can apply`;
      throw new ProjectError("E_USAGE", `--change "${change}": ${what}`, { hint: `Use one of ${COMMIT_CHANGE_KEYWORDS.join(", ")}, e.g. --change 'ENV FOO=bar'.` });
    }
    if ((m?.[2] ?? "") === "") throw new ProjectError("E_USAGE", `--change "${change}": ${keyword} requires at least one argument`);
    return change.trim();
  });
}
