import path from "node:path";
import type { Diagnostics } from "../errors.js";
import { ProjectError } from "../errors.js";
import type { SpecHost } from "../host.js";

/** Default project file names, in Compose's order of preference. */
export const DEFAULT_FILE_NAMES = ["compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml"] as const;

/** Override file names loaded automatically next to a discovered default file. */
export const OVERRIDE_FILE_NAMES = [
  "compose.override.yml",
  "compose.override.yaml",
  "docker-compose.override.yml",
  "docker-compose.override.yaml",
] as const;

/** What decides which files make up a project. */
export interface DiscoverOptions {
  /** `-f` values in order, as typed (relative to `workingDir`; "-" for stdin). */
  readonly files?: readonly string[];
  /** The `COMPOSE_FILE` value, used only when no `-f` was given. */
  readonly composeFileEnv?: string;
  /** `COMPOSE_PATH_SEPARATOR`; ":" by default. */
  readonly pathSeparator?: string;
  /** Absolute working directory. */
  readonly workingDir: string;
  /** `--project-directory`, as typed. */
  readonly projectDirectory?: string;
}

/** The project's files and directory. Invariant: every path is absolute, or "-" for stdin. */
export interface DiscoveredFiles {
  readonly files: readonly string[];
  readonly projectDir: string;
}

/**
 * Finds the project's files: `-f`, else `COMPOSE_FILE`, else the first default file name in the
 * working directory or its nearest parent, plus that directory's first override file.
 * Throws a ProjectError when nothing is found or a named file is missing.
 */
export function discoverFiles(opts: DiscoverOptions, host: SpecHost, diag: Diagnostics): DiscoveredFiles {
  const explicitDir = opts.projectDirectory ? path.resolve(opts.workingDir, opts.projectDirectory) : undefined;
  if (explicitDir && !host.isDirectory(explicitDir)) {
    throw new ProjectError("E_PROJECT_DIR_NOT_FOUND", `project directory ${explicitDir} does not exist`, {
      hint: "Check the --project-directory value.",
    });
  }
  const named = namedFiles(opts);
  if (named.length > 0) {
    const files = named.map((f) => (f === "-" ? f : path.resolve(opts.workingDir, f)));
    files.forEach((f, i) => checkNamedFile(f, named[i] ?? f, host));
    const first = files.find((f) => f !== "-");
    return { files, projectDir: explicitDir ?? (first ? path.dirname(first) : opts.workingDir) };
  }
  const found = searchDefault(explicitDir ?? opts.workingDir, host, diag);
  if (!found) {
    const where = explicitDir ?? opts.workingDir;
    throw new ProjectError(
      "E_NO_COMPOSE_FILE",
      `no compose file found in ${where} or any parent directory (looked for ${DEFAULT_FILE_NAMES.join(", ")})`,
      { hint: "Create compose.yaml in your project, or name a file with -f FILE." },
    );
  }
  const dir = path.dirname(found);
  const override = OVERRIDE_FILE_NAMES.map((n) => path.join(dir, n)).find((p) => host.isFile(p));
  return { files: override ? [found, override] : [found], projectDir: explicitDir ?? dir };
}

function namedFiles(opts: DiscoverOptions): string[] {
  if (opts.files && opts.files.length > 0) return [...opts.files];
  if (opts.composeFileEnv) {
    const sep = opts.pathSeparator || ":";
    return opts.composeFileEnv.split(sep).filter((s) => s.trim() !== "");
  }
  return [];
}

function checkNamedFile(file: string, typed: string, host: SpecHost): void {
  if (file === "-") return;
  if (host.isDirectory(file)) {
    throw new ProjectError("E_COMPOSE_FILE_IS_DIR", `${typed} is a directory, not a compose file`, {
      hint: `Name the file inside it, e.g. -f ${path.join(typed, "compose.yaml")}.`,
    });
  }
  if (!host.isFile(file)) {
    throw new ProjectError("E_COMPOSE_FILE_NOT_FOUND", `compose file ${typed} not found (resolved to ${file})`, {
      hint: "Check the -f / COMPOSE_FILE value and the working directory.",
    });
  }
}

function searchDefault(start: string, host: SpecHost, diag: Diagnostics): string | undefined {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const present = DEFAULT_FILE_NAMES.map((n) => path.join(dir, n)).filter((p) => host.isFile(p));
    const first = present[0];
    if (first) {
      if (present.length > 1) {
        diag.warn(
          "W_MULTIPLE_COMPOSE_FILES",
          `found multiple config files with supported names: ${present.join(", ")}; using ${first}`,
        );
      }
      return first;
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}
