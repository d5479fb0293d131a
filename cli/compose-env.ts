import { ProjectError } from "../spec/errors.js";
import type { CliContext } from "./context.js";

/**
 * Docker Compose's own environment variables that change how a verb behaves (the others —
 * `COMPOSE_FILE`, `COMPOSE_PROJECT_NAME`, `COMPOSE_PROFILES`, `COMPOSE_ENV_FILES`, … — are read
 * where the project is loaded). Each is read the way Compose 2.40 reads it, measured against it.
 */
type Env = CliContext["env"];

/**
 * A yes/no variable as Compose's `utils.StringToBool` reads it: `1`, `t`, `true` or `y`, in any case,
 * spaces around ignored; anything else (`yes`, `on`, unset) is no.
 */
export function composeBool(value: string | undefined): boolean {
  return ["1", "t", "true", "y"].includes((value ?? "").trim().toLowerCase());
}

/**
 * A variable Compose reads with Go's `strconv.ParseBool` (`COMPOSE_DISABLE_ENV_FILE`): unset is
 * false; `1 t T TRUE true True` and `0 f F FALSE false False`; anything else, the empty string
 * included, stops the command (Compose: `strconv.ParseBool: parsing "y": invalid syntax`).
 */
export function strictBool(env: Env, name: string): boolean {
  const value = env[name];
  if (value === undefined) return false;
  if (["1", "t", "T", "TRUE", "true", "True"].includes(value)) return true;
  if (["0", "f", "F", "FALSE", "false", "False"].includes(value)) return false;
  throw new ProjectError("E_USAGE", `${name}=${JSON.stringify(value)} is not a boolean`, { hint: `Set ${name} to true or false (or 1 or 0), or unset it.` });
}

/** `COMPOSE_PARALLEL_LIMIT`: the default of `--parallel`; not an integer stops the command, as in Compose. */
export function parallelLimit(env: Env): number | undefined {
  const value = env["COMPOSE_PARALLEL_LIMIT"];
  if (value === undefined) return undefined;
  if (!/^[+-]?\d+$/.test(value.trim())) {
    throw new ProjectError("E_USAGE", `COMPOSE_PARALLEL_LIMIT must be an integer (found: ${JSON.stringify(value)})`, {
      hint: "Set it to the number of engine operations to run at once (-1 for no limit), or unset it.",
    });
  }
  return Number.parseInt(value, 10);
}

/** What a verb does with orphan containers (of services no longer in the project). */
export interface OrphanPolicy {
  readonly removeOrphans?: true;
  /** No warning about them (`up` and `run`: `COMPOSE_IGNORE_ORPHANS`). */
  readonly ignoreOrphans?: true;
}

/**
 * `--remove-orphans`, else `COMPOSE_REMOVE_ORPHANS` (up, down, kill), and `COMPOSE_IGNORE_ORPHANS`
 * (`ignore`: up and run). Both at once is refused before anything is done, as Compose refuses it.
 */
export function orphanPolicy(env: Env, flag: boolean | undefined, reads: { remove: boolean; ignore: boolean }): OrphanPolicy {
  const remove = flag === true || (reads.remove && composeBool(env["COMPOSE_REMOVE_ORPHANS"]));
  const ignore = reads.ignore && composeBool(env["COMPOSE_IGNORE_ORPHANS"]);
  if (remove && ignore) {
    throw new ProjectError("E_USAGE", "cannot combine COMPOSE_IGNORE_ORPHANS and --remove-orphans", {
      hint: "Unset COMPOSE_IGNORE_ORPHANS to remove the orphan containers, or drop --remove-orphans (and COMPOSE_REMOVE_ORPHANS) to keep them.",
    });
  }
  return { ...(remove ? { removeOrphans: true } : {}), ...(ignore ? { ignoreOrphans: true } : {}) };
}
