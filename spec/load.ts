import { readFileSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { discoverFiles } from "./discover/discover.js";
import { composeSetting, interpolationLookup, readEnvFiles, resolvedVariables, type Lookup, type ShellEnv } from "./discover/environment.js";
import { Diagnostics, ProjectError, type Warning } from "./errors.js";
import type { SpecHost } from "./host.js";
import type { SourceLocation, SourceMap, TreePath } from "./location.js";
import { interpolateString } from "./read/interpolate.js";
import { ModelReader } from "./model-reader.js";
import { normalizeProject } from "./normalize/normalize.js";
import { parseComposeFile, type PlainMap } from "./read/parse.js";
import { applyProfiles } from "./rules/profiles.js";
import type { Project } from "./project.js";
import { normalizeProjectName, resolveProjectName } from "./discover/project-name.js";
import { withoutUnusedResources } from "./rules/prune-resources.js";
import { checkRules } from "./rules/rules.js";
import { selectServices } from "./rules/select-services.js";
import { validateModel } from "./validate/validate.js";

/** How to find and read a project; the CLI fills it from flags and the environment. */
export interface LoadOptions {
  /** Absolute working directory. */
  readonly workingDir: string;
  /** The shell environment (never read from `process` here). */
  readonly env: ShellEnv;
  readonly files?: readonly string[];
  readonly projectDirectory?: string;
  readonly projectName?: string;
  readonly envFiles?: readonly string[];
  readonly profiles?: readonly string[];
  /**
   * Services named on the command line: their profiles become active, and the project keeps only
   * them and their dependencies (the others count as disabled), as Compose does.
   */
  readonly services?: readonly string[];
  /** Text of standard input, for `-f -`. */
  readonly stdin?: string;
  /** false for `--no-interpolate`. */
  readonly interpolate?: boolean;
  /**
   * false for `config --no-consistency`: the model is printed even when its references, cycles,
   * scale or limits do not agree (Compose's `checkConsistency` is skipped; schema and syntax
   * errors still fail). Also off with `interpolate: false`, as in Compose.
   */
  readonly consistency?: boolean;
  /**
   * false for `config --no-path-resolution`: host paths stay as written, and those of an included
   * project or an extends base from another directory are rebased relatively (see `rebasePath`).
   */
  readonly resolvePaths?: boolean;
  /** false for `config --no-normalize`: what compose-go's normalization adds is left out (see `NormalizeContext.normalize`). */
  readonly normalize?: boolean;
  /** Skip the default `.env` (Compose's `COMPOSE_DISABLE_ENV_FILE`); explicit env files are still read. */
  readonly disableEnvFile?: boolean;
  /** Keep networks, volumes, secrets, configs and models no service uses (`--all-resources`). */
  readonly allResources?: boolean;
}

/** A loaded project plus what was learned on the way. */
export interface LoadedProject {
  readonly project: Project;
  /** Absolute paths of the files that make it up ("-" for stdin). */
  readonly files: readonly string[];
  readonly projectDir: string;
  /**
   * The env files given by `--env-file` or `COMPOSE_ENV_FILES` (not the default `.env`), as Compose
   * labels containers with them (`com.docker.compose.project.environment_file`, comma-joined): a
   * relative one made absolute against the working directory, an absolute one as written. Empty
   * when none was given.
   */
  readonly envFiles: readonly string[];
  /** The variables interpolation could see: shell over `.env`. */
  readonly lookup: Lookup;
  /** `.env` (or --env-file) values, in file order. */
  readonly dotenv: ReadonlyMap<string, string>;
  /** Names of variables the files referenced. */
  readonly referencedVariables: ReadonlySet<string>;
  readonly activeProfiles: readonly string[];
  /** Every profile named by any service, sorted. */
  readonly allProfiles: readonly string[];
  /** Resolved interpolation variables: `.env` keys and referenced names, shell values winning. */
  readonly variables: ReadonlyMap<string, string>;
  /** Services switched off by profiles or left out by the service selection (still the project's, e.g. not orphans). */
  readonly disabledServices: readonly string[];
  readonly warnings: readonly Warning[];
  /** Where a node of the merged model was written (`["services", "web", "build"]`), for later stages' messages. */
  readonly locate: (path: TreePath) => SourceLocation | undefined;
}

/**
 * The `envFile` of an engine `ProjectOrigin`: the explicit env files comma-joined, as Compose writes
 * them in the `com.docker.compose.project.environment_file` label; nothing when none was given.
 */
export function envFileOf(loaded: Pick<LoadedProject, "envFiles">): { envFile?: string } {
  return loaded.envFiles.length > 0 ? { envFile: loaded.envFiles.join(",") } : {};
}

/** A SpecHost over the real file system: the one place in spec/ that does I/O. */
export function nodeHost(): SpecHost {
  const kind = (p: string) => {
    try {
      return statSync(p);
    } catch {
      return undefined;
    }
  };
  return {
    readFile: (p) => {
      try {
        return readFileSync(p, "utf8");
      } catch {
        return undefined;
      }
    },
    isFile: (p) => kind(p)?.isFile() ?? false,
    isDirectory: (p) => kind(p)?.isDirectory() ?? false,
    homeDir: os.homedir(),
  };
}

/**
 * Runs the whole spec pipeline: discover → env → parse → interpolate → cast → include → extends →
 * merge → validate → normalize → profiles → semantic rules → service selection → unused resources
 * left out (unless `allResources`). Interpolation sees `COMPOSE_PROJECT_NAME` as the resolved
 * project name. Throws ProjectErrors listing every problem found; returns warnings alongside the
 * project otherwise.
 */
export function loadProject(opts: LoadOptions, host: SpecHost = nodeHost()): LoadedProject {
  const diag = new Diagnostics();
  const shell = opts.env;
  const { files, projectDir, dotenv, envName, lookup: base, envFiles } = locateProject(opts, host, diag);
  const { lookup, referenced } = recordingLookup(base, () =>
    earlyProjectName(files, { projectName: opts.projectName, env: envName, projectDir, stdin: opts.stdin }, base, host),
  );
  const reader = new ModelReader(host, diag, opts);
  const model = reader.loadModel(files, projectDir, lookup, []);
  diag.throwIfAny();
  if (!model) throw new ProjectError("E_PROJECT", "the project could not be loaded");

  const fileName = typeof model.data["name"] === "string" ? model.data["name"] : undefined;
  if (!opts.projectName && !envName && fileName) checkFileProjectName(fileName, model.sources, diag);
  const { name } = resolveProjectName({ flag: opts.projectName, env: envName, file: fileName, projectDir });
  validateModel(model.data, model.sources, diag);
  diag.throwIfAny();
  const normalized = normalizeProject({ data: model.data, sources: model.sources, projectName: name, projectDir, host, lookup, diag, resolvePaths: opts.resolvePaths, normalize: opts.normalize });
  diag.throwIfAny();
  const activeProfiles = [...(opts.profiles ?? []), ...(splitList(composeSetting("COMPOSE_PROFILES", shell, dotenv), ",") ?? [])];
  const { profiled, selected } = enabledPart(normalized, { profiles: activeProfiles, services: opts.services ?? [], consistency: opts.interpolate !== false && opts.consistency !== false }, model.sources, diag);
  return {
    project: opts.allResources ? selected.project : withoutUnusedResources(selected.project),
    files,
    projectDir,
    envFiles,
    lookup: base,
    dotenv,
    referencedVariables: referenced,
    activeProfiles: profiled.activeProfiles,
    allProfiles: profiled.allProfiles,
    variables: resolvedVariables(dotenv, shell, referenced),
    disabledServices: [...profiled.disabled, ...selected.dropped],
    warnings: diag.warnings,
    locate: (path) => model.sources.locate(path),
  };
}

/** A project's files merged as written: what `config --variables` reads. */
export interface RawModel {
  /** The merged model, with `include`s and `extends` applied; no string is interpolated. */
  readonly data: PlainMap;
  readonly files: readonly string[];
  readonly warnings: readonly Warning[];
}

/**
 * Reads a project's files, `include`s and `extends` and merges them as `loadProject` does, then
 * stops: nothing is interpolated, validated or normalized, so a missing required variable is no
 * error here. Throws ProjectErrors on what stops the files being read (a YAML syntax error, a
 * missing file, an include cycle), located as `loadProject` locates them.
 */
export function loadRawModel(opts: LoadOptions, host: SpecHost = nodeHost()): RawModel {
  const diag = new Diagnostics();
  const { files, projectDir, lookup } = locateProject(opts, host, diag);
  const model = new ModelReader(host, diag, { ...opts, interpolate: false }).loadModel(files, projectDir, lookup, []);
  diag.throwIfAny();
  return { data: model?.data ?? {}, files, warnings: diag.warnings };
}

/** Where a project's files are and what their interpolation sees, before anything is parsed. */
export interface ProjectSources {
  /** Absolute paths of the project's files ("-" for stdin). */
  readonly files: readonly string[];
  readonly projectDir: string;
  /** The explicit env files, as `LoadedProject.envFiles`. */
  readonly envFiles: readonly string[];
  /** `.env` (or --env-file) values, in file order. */
  readonly dotenv: ReadonlyMap<string, string>;
  /** `COMPOSE_PROJECT_NAME` from the shell or `.env`. */
  readonly envName: string | undefined;
  /** The interpolation variables: shell over `.env`. */
  readonly lookup: Lookup;
}

/**
 * The first steps of `loadProject`: reads the `.env` (or `--env-file`/`COMPOSE_ENV_FILES`) files,
 * discovers the compose files (`-f`, `COMPOSE_FILE`, or the default names), and reads the project
 * directory's `.env` again when it is not the working directory. Throws on any error found.
 */
export function locateProject(opts: LoadOptions, host: SpecHost, diag: Diagnostics): ProjectSources {
  const shell = opts.env;
  const explicitEnvFiles = opts.envFiles?.length ? opts.envFiles : splitList(shell["COMPOSE_ENV_FILES"], ",");
  const preDir = opts.projectDirectory ? path.resolve(opts.workingDir, opts.projectDirectory) : opts.workingDir;
  const defaultEnv = (dir: string) => (opts.disableEnvFile ? new Map<string, string>() : readEnvFiles(undefined, dir, shell, host, diag));
  let dotenv = explicitEnvFiles
    ? readEnvFiles(explicitEnvFiles.map((f) => path.resolve(opts.workingDir, f)), preDir, shell, host, diag)
    : defaultEnv(preDir);
  const discovered = discoverFiles(
    {
      workingDir: opts.workingDir,
      ...(opts.files ? { files: opts.files } : {}),
      ...(opts.projectDirectory ? { projectDirectory: opts.projectDirectory } : {}),
      ...optional("composeFileEnv", composeSetting("COMPOSE_FILE", shell, dotenv)),
      ...optional("pathSeparator", composeSetting("COMPOSE_PATH_SEPARATOR", shell, dotenv)),
    },
    host,
    diag,
  );
  const projectDir = discovered.projectDir;
  if (!explicitEnvFiles && projectDir !== preDir) dotenv = defaultEnv(projectDir);
  diag.throwIfAny();
  const envName = composeSetting("COMPOSE_PROJECT_NAME", shell, dotenv);
  // Compose: filepath.Abs for a relative one (joined to the working directory, cleaned), an absolute one as given
  const envFiles = (explicitEnvFiles ?? []).map((f) => (path.isAbsolute(f) ? f : path.resolve(opts.workingDir, f)));
  return { files: discovered.files, projectDir, envFiles, dotenv, envName, lookup: interpolationLookup(dotenv, shell) };
}

/**
 * The interpolation lookup: records every name asked for, and answers `COMPOSE_PROJECT_NAME` with
 * the resolved project name (computed once, on first use).
 */
function recordingLookup(base: Lookup, projectName: () => string | undefined): { lookup: Lookup; referenced: Set<string> } {
  const referenced = new Set<string>();
  let name: string | undefined;
  const lookup: Lookup = (key) => {
    referenced.add(key);
    if (key !== "COMPOSE_PROJECT_NAME") return base(key);
    name ??= projectName();
    return name ?? base(key);
  };
  return { lookup, referenced };
}

/** Profiles, then the semantic rules (throwing on errors), then the service selection. */
function enabledPart(
  project: Project,
  opts: { profiles: readonly string[]; services: readonly string[]; consistency: boolean },
  sources: SourceMap,
  diag: Diagnostics,
) {
  const { profiles, services } = opts;
  const profiled = applyProfiles(project, { profiles, services }, diag, sources);
  const disabled = new Map(profiled.disabled.map((n) => [n, project.services[n]?.profiles ?? []] as const));
  checkRules({ project: profiled.project, sources, diag, disabled, consistency: opts.consistency });
  diag.throwIfAny();
  return { profiled, selected: selectServices(profiled.project, services) };
}

/** Reports a top-level `name:` that is not a valid project name, at its position in the file. */
function checkFileProjectName(name: string, sources: SourceMap, diag: Diagnostics): void {
  const fixed = normalizeProjectName(name);
  if (fixed === name) return;
  const location = sources.locate(["name"]);
  diag.error(
    "E_INVALID_PROJECT_NAME",
    `invalid project name "${name}": it must consist only of lowercase alphanumeric characters, hyphens, and underscores as well as start with a letter or number`,
    { path: ["name"], ...(location ? { location } : {}), hint: `Use "${fixed || "myproject"}" instead.` },
  );
  diag.throwIfAny();
}

/**
 * The project name as interpolation must see it before the files are interpolated (compose-go's
 * `projectName()`): `-p`, else `COMPOSE_PROJECT_NAME`, else the last top-level `name:` of the
 * project's own files (interpolated on its own), else the directory name. Undefined when it cannot
 * be resolved; the real resolution reports why.
 */
function earlyProjectName(
  files: readonly string[],
  opts: { projectName?: string | undefined; env: string | undefined; projectDir: string; stdin?: string | undefined },
  lookup: Lookup,
  host: SpecHost,
): string | undefined {
  let file: string | undefined;
  if (!opts.projectName && !opts.env) {
    const scratch = new Diagnostics();
    for (const f of files) {
      const text = f === "-" ? opts.stdin : host.readFile(f);
      const raw = text === undefined ? undefined : parseComposeFile(text, f, scratch)?.data["name"];
      if (typeof raw === "string") file = normalizeProjectName(interpolateString(raw, lookup, () => undefined));
    }
  }
  try {
    return resolveProjectName({ flag: opts.projectName, env: opts.env, file, projectDir: opts.projectDir }).name;
  } catch {
    return undefined;
  }
}

function splitList(value: string | undefined, sep: string): string[] | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  return value.split(sep).map((s) => s.trim()).filter((s) => s !== "");
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}
