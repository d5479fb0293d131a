import path from "node:path";
import { parseDotEnv } from "./dotenv.js";
import type { Diagnostics } from "../errors.js";
import { ProjectError } from "../errors.js";
import type { SpecHost } from "../host.js";

/** A read-only view of variables: shell first, then `.env`. */
export type Lookup = (name: string) => string | undefined;

/** The shell environment as the CLI passes it in. */
export type ShellEnv = Readonly<Record<string, string | undefined>>;

/**
 * Reads the project's env files: `envFiles` when given (each must exist), else `<dir>/.env`
 * when present. Later files win; each file's `${}` references see earlier keys and the shell.
 */
export function readEnvFiles(
  envFiles: readonly string[] | undefined,
  dir: string,
  shell: ShellEnv,
  host: SpecHost,
  diag: Diagnostics,
): Map<string, string> {
  const explicit = envFiles !== undefined && envFiles.length > 0;
  const files = explicit ? envFiles.map((f) => path.resolve(dir, f)) : [path.join(dir, ".env")];
  const values = new Map<string, string>();
  for (const file of files) {
    if (host.isDirectory(file) && !explicit) continue;
    const text = host.readFile(file);
    if (text === undefined) {
      if (!explicit) continue;
      throw new ProjectError("E_ENV_FILE_NOT_FOUND", `env file ${file} not found`, {
        hint: "Check the --env-file / COMPOSE_ENV_FILES value.",
      });
    }
    const lookup: Lookup = (name) => values.get(name) ?? shell[name];
    for (const [k, v] of parseDotEnv(text, file, lookup, diag)) values.set(k, v);
  }
  return values;
}

/**
 * The variables used for interpolation: `.env` values overridden by the shell
 * (Compose: the shell environment wins).
 */
export function interpolationLookup(dotenv: ReadonlyMap<string, string>, shell: ShellEnv): Lookup {
  return (name) => shell[name] ?? dotenv.get(name);
}

/**
 * `COMPOSE_*` settings as Compose sees them: the shell's, else those found in `.env`
 * (which act as if exported).
 */
export function composeSetting(name: string, shell: ShellEnv, dotenv: ReadonlyMap<string, string>): string | undefined {
  const v = shell[name];
  return v !== undefined && v !== "" ? v : dotenv.get(name);
}

/** Every resolved interpolation variable, shell values over `.env`, sorted by name. */
export function resolvedVariables(dotenv: ReadonlyMap<string, string>, shell: ShellEnv, used: Iterable<string>): Map<string, string> {
  const out = new Map<string, string>();
  const names = new Set<string>([...dotenv.keys(), ...used]);
  for (const name of [...names].sort()) {
    const v = shell[name] ?? dotenv.get(name);
    if (v !== undefined) out.set(name, v);
  }
  return out;
}
