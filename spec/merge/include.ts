import path from "node:path";
import { readEnvFiles, type Lookup, type ShellEnv } from "../discover/environment.js";
import type { Diagnostics } from "../errors.js";
import type { SpecHost } from "../host.js";
import { mergeFiles } from "./merge.js";
import type { ComposeFile, Plain, PlainMap } from "../read/parse.js";
import { rebasePaths, rebaser } from "../discover/rebase.js";

/** What `resolveIncludes` needs from the loader. */
export interface IncludeContext {
  readonly host: SpecHost;
  readonly diag: Diagnostics;
  /** The including project's variables (shell, then its `.env`). */
  readonly lookup: Lookup;
  readonly shell: ShellEnv;
  /** Files being loaded, outermost first, for cycle detection. */
  readonly chain: readonly string[];
  /** The including project's directory (for a file read from stdin, and the one included paths are rebased to). */
  readonly projectDir: string;
  /** false for `--no-path-resolution`: included paths are rebased relatively instead of made absolute (see `rebasePath`). */
  readonly resolvePaths?: boolean | undefined;
  /** Loads files as one merged model with their own directory and variables. */
  loadModel(files: readonly string[], projectDir: string, lookup: Lookup, chain: readonly string[]): ComposeFile | undefined;
}

interface IncludeEntry {
  readonly paths: string[];
  readonly envFiles?: string[];
  /** Whether `env_file` was written as a list (errors then point at the list entry). */
  readonly envFileList?: boolean;
  readonly projectDirectory?: string;
}

/**
 * Applies a file's `include:` entries. Each entry is loaded as a project of its own (own directory,
 * own `.env` for defaults that the including project's variables override), its relative paths are
 * rebased to the including project (made absolute, or kept relative with `resolvePaths: false`),
 * and the including file is merged on top, so a local definition wins.
 * Returns the file unchanged (minus `include`) when it has none.
 */
export function resolveIncludes(file: ComposeFile, ctx: IncludeContext): ComposeFile {
  const raw = file.data["include"];
  if (raw === undefined) return file;
  const { include: _drop, ...rest } = file.data;
  const own: ComposeFile = { ...file, data: rest };
  if (!Array.isArray(raw)) return own; // the schema stage reports the wrong type
  const dir = file.path === "<stdin>" ? ctx.projectDir : path.dirname(file.path);
  let base: ComposeFile | undefined;
  raw.forEach((item, i) => {
    const entry = readEntry(item, dir);
    if (!entry) return;
    const model = loadEntry(entry, [...(["include", i] as const)], file, ctx);
    if (model) base = base ? mergeFiles(base, model, ctx.diag) : model;
  });
  // The merge keeps the path of its base: the result is still this file (its `extends.file` paths are relative to it).
  return base ? { ...mergeFiles(base, own, ctx.diag), path: file.path } : own;
}

function readEntry(item: Plain, dir: string): IncludeEntry | undefined {
  const list = (v: Plain | undefined): string[] | undefined =>
    typeof v === "string" ? [v] : Array.isArray(v) ? v.filter((s): s is string => typeof s === "string") : undefined;
  if (typeof item === "string") return { paths: [path.resolve(dir, item)] };
  if (item === null || typeof item !== "object" || Array.isArray(item)) return undefined;
  const m = item as PlainMap;
  const paths = (list(m["path"]) ?? []).map((p) => path.resolve(dir, p));
  if (paths.length === 0) return undefined;
  const envFiles = list(m["env_file"])?.map((p) => path.resolve(dir, p));
  const projectDirectory = typeof m["project_directory"] === "string" ? path.resolve(dir, m["project_directory"]) : undefined;
  const envFileList = Array.isArray(m["env_file"]);
  return { paths, ...(envFiles ? { envFiles, envFileList } : {}), ...(projectDirectory ? { projectDirectory } : {}) };
}

function loadEntry(entry: IncludeEntry, at: (string | number)[], file: ComposeFile, ctx: IncludeContext): ComposeFile | undefined {
  const location = file.sources.locate(at);
  for (const p of entry.paths) {
    const loop = ctx.chain.indexOf(p);
    if (loop >= 0) {
      const cycle = [...ctx.chain.slice(loop), p].map((f) => chainLabel(f, ctx)).join(" -> ");
      ctx.diag.error("E_INCLUDE_CYCLE", `include cycle: ${cycle}`, {
        path: at,
        ...(location ? { location } : {}),
        hint: "Remove one of the include entries that form the loop.",
      });
      return undefined;
    }
    if (!ctx.host.isFile(p)) {
      ctx.diag.error("E_INCLUDE_NOT_FOUND", `included file ${p} not found`, {
        path: at,
        ...(location ? { location } : {}),
        hint: "Include paths are relative to the file that includes them.",
      });
      return undefined;
    }
  }
  if (!envFilesExist(entry, at, file, ctx)) return undefined;
  const projectDir = entry.projectDirectory ?? path.dirname(entry.paths[0] ?? ".");
  const ownEnv = readEnvFiles(entry.envFiles, projectDir, ctx.shell, ctx.host, ctx.diag);
  const lookup: Lookup = (name) => ctx.lookup(name) ?? ownEnv.get(name);
  const model = ctx.loadModel(entry.paths, projectDir, lookup, ctx.chain);
  if (!model) return undefined;
  const { name: _name, ...data } = model.data;
  return { ...model, data: rebasePaths(data, rebaser(projectDir, ctx.projectDir, ctx.host.homeDir, ctx.resolvePaths)) };
}

/** A file of an include chain as users know it: relative to the outermost file's directory. */
function chainLabel(file: string, ctx: IncludeContext): string {
  if (file === "-") return "<stdin>";
  const first = ctx.chain[0];
  const root = first === undefined || first === "-" ? ctx.projectDir : path.dirname(first);
  return path.relative(root, file) || path.basename(file);
}

/**
 * An include's env files must all exist (as in Compose). Checked here, not by readEnvFiles, so the
 * error points at the `env_file` entry that names the file and its hint fits an include.
 */
function envFilesExist(entry: IncludeEntry, at: (string | number)[], file: ComposeFile, ctx: IncludeContext): boolean {
  let ok = true;
  (entry.envFiles ?? []).forEach((envFile, j) => {
    if (ctx.host.isFile(envFile)) return;
    ok = false;
    const where = entry.envFileList ? [...at, "env_file", j] : [...at, "env_file"];
    const location = file.sources.locate(where);
    ctx.diag.error("E_ENV_FILE_NOT_FOUND", `env file ${envFile} not found`, {
      path: where,
      ...(location ? { location } : {}),
      hint: "Create the file or fix the path; an include's env_file is relative to the file that includes it.",
    });
  });
  return ok;
}
