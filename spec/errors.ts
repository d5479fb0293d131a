import path from "node:path";
import { formatLocation, formatPath, type SourceLocation, type TreePath } from "./location.js";
import { writtenPath } from "./read/parse-paths.js";

/** What kind of failure an error is; the CLI maps it to an exit code in one place. */
export type ErrorKind = "failure" | "bad-input" | "interrupted";

/** Options shared by every tscompose error. */
export interface ComposeErrorOptions {
  /** How to fix it, one sentence. */
  readonly hint?: string;
  /** Where in a project file the problem was written. */
  readonly location?: SourceLocation;
  /** The dotted path of the offending node, e.g. `services.web.ports[0]`. */
  readonly path?: TreePath;
  readonly kind?: ErrorKind;
  readonly cause?: unknown;
}

/**
 * The base of every error tscompose reports. `code` is stable (tests and scripts match on it),
 * `message` is one sentence saying what is wrong, `hint` says how to fix it.
 */
export class ComposeError extends Error {
  readonly code: string;
  readonly hint?: string;
  readonly location?: SourceLocation;
  readonly path?: TreePath;
  readonly kind: ErrorKind;

  constructor(code: string, message: string, options: ComposeErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "ComposeError";
    this.code = code;
    if (options.hint !== undefined) this.hint = options.hint;
    if (options.location !== undefined) this.location = options.location;
    if (options.path !== undefined) this.path = options.path;
    this.kind = options.kind ?? "failure";
  }

  /**
   * `file:line:col path: message` — the one-line form the CLI prints. With `cwd`, a file inside
   * it is shown relative to it. The path is the one the node has in the file shown (an error in
   * a service inherited with `extends` names the base service).
   */
  describe(cwd?: string): string {
    return describeAt(this.message, this.location, this.path, cwd);
  }

  /** Every problem this error stands for (one, except for ProjectErrors). */
  get problems(): readonly ComposeError[] {
    return [this];
  }
}

/** A problem with a project file or with how the tool was called (exit code 2). */
export class ProjectError extends ComposeError {
  constructor(code: string, message: string, options: Omit<ComposeErrorOptions, "kind"> = {}) {
    super(code, message, { ...options, kind: "bad-input" });
    this.name = "ProjectError";
  }
}

/** Several project-file problems found in one pass; thrown once at the end of a stage. */
export class ProjectErrors extends ComposeError {
  readonly errors: readonly ComposeError[];

  constructor(errors: readonly ComposeError[]) {
    const first = errors[0];
    const message =
      errors.length === 1 && first ? first.message : `${errors.length} problems found in the project`;
    super(first?.code ?? "E_PROJECT", message, {
      kind: "bad-input",
      ...(errors.length === 1 && first?.hint !== undefined ? { hint: first.hint } : {}),
      ...(errors.length === 1 && first?.location !== undefined ? { location: first.location } : {}),
      ...(errors.length === 1 && first?.path !== undefined ? { path: first.path } : {}),
    });
    this.name = "ProjectErrors";
    this.errors = errors;
  }

  override describe(cwd?: string): string {
    return this.errors.map((e) => e.describe(cwd)).join("\n");
  }

  override get problems(): readonly ComposeError[] {
    return this.errors;
  }
}

/** A warning: something the user should know that does not stop the run. */
export interface Warning {
  readonly code: string;
  readonly message: string;
  readonly location?: SourceLocation;
  readonly path?: TreePath;
}

/**
 * Collects errors and warnings across a stage so users see every problem at once.
 * `throwIfAny()` ends a stage: it throws a ProjectErrors when anything was collected.
 */
export class Diagnostics {
  readonly errors: ComposeError[] = [];
  readonly warnings: Warning[] = [];
  private readonly warnedOnce = new Set<string>();

  /** Records a bad-input error. */
  error(code: string, message: string, options: Omit<ComposeErrorOptions, "kind"> = {}): void {
    this.errors.push(new ProjectError(code, message, options));
  }

  /** Records an error object as is. */
  add(error: ComposeError): void {
    this.errors.push(error);
  }

  /** Records a warning. */
  warn(code: string, message: string, options: { location?: SourceLocation; path?: TreePath } = {}): void {
    this.warnings.push({ code, message, ...options });
  }

  /** Records a warning only the first time `key` is seen (e.g. one per unset variable). */
  warnOnce(key: string, code: string, message: string, options: { location?: SourceLocation; path?: TreePath } = {}): void {
    if (this.warnedOnce.has(key)) return;
    this.warnedOnce.add(key);
    this.warn(code, message, options);
  }

  get hasErrors(): boolean {
    return this.errors.length > 0;
  }

  /** Throws every collected error as one ProjectErrors. */
  throwIfAny(): void {
    if (this.errors.length > 0) throw new ProjectErrors([...this.errors]);
  }
}

/** Formats a warning as one line: `file:line:col path: message` (file relative to `cwd` when inside it). */
export function describeWarning(w: Warning, cwd?: string): string {
  return describeAt(w.message, w.location, w.path, cwd);
}

function describeAt(message: string, location: SourceLocation | undefined, treePath: TreePath | undefined, cwd?: string): string {
  const where: string[] = [];
  if (location) where.push(formatLocation({ ...location, file: shortFile(location.file, cwd) }));
  if (treePath && treePath.length > 0) where.push(formatPath(location ? writtenPath(location, treePath) : treePath));
  return where.length > 0 ? `${where.join(" ")}: ${message}` : message;
}

function shortFile(file: string, cwd: string | undefined): string {
  if (!cwd || !path.isAbsolute(file)) return file;
  const rel = path.relative(cwd, file);
  return rel.startsWith("..") || path.isAbsolute(rel) ? file : rel;
}
