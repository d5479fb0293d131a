import path from "node:path";

/** What a host path is resolved against. */
export interface PathBase {
  /** Absolute project directory: relative paths are resolved against it. */
  readonly projectDir: string;
  /** The user's home directory, for a leading `~`. */
  readonly homeDir: string;
  /**
   * false for `config --no-path-resolution`: the model keeps host paths as written (see
   * `resolveHostPath` and `rebasePath`); files the model names are still read (`hostFile`).
   */
  readonly resolvePaths?: boolean;
}

/**
 * Makes a host path absolute, as compose-go's path resolver does (`ExpandUser`, then `absPath`):
 * a leading `~` is the home directory joined to the rest (`~/x/` → `<home>/x`, and `~user` →
 * `<home>/user`, as Go's `filepath.Join(home, p[1:])`), a relative path is joined to the project
 * directory and cleaned (`./x/` → `<dir>/x`). An absolute path as written is kept verbatim —
 * trailing slash, `//` and `.` segments included — because Compose keeps it (`/tmp/` stays `/tmp/`
 * in its model, its Binds strings and its config hash). Paths are POSIX: Windows paths are handled
 * by the callers that can see them.
 */
export function resolveHostPath(p: string, base: PathBase): string {
  return base.resolvePaths === false ? p : hostFile(p, base);
}

/**
 * Where a host file the model names (an env file, a label file) is read: the path made absolute as
 * `resolveHostPath` makes it, in either mode (with `--no-path-resolution` a relative path, as
 * written or rebased by `rebasePath`, is relative to the project directory).
 */
export function hostFile(p: string, base: Omit<PathBase, "resolvePaths">): string {
  if (p.startsWith("~")) return path.posix.resolve(base.homeDir, `./${p.slice(1)}`);
  if (p.startsWith("/")) return p;
  return path.posix.resolve(base.projectDir, p);
}

/**
 * Moves a relative path written in a file of directory `dir` (an included project, the file of an
 * extends base) to the directory `from` whose model takes it (the including project, the extending
 * file). By default the path is made absolute against `dir`. With `resolvePaths: false`
 * (`config --no-path-resolution`) it stays relative, as compose-go rebases it: Go's `path.Join` of
 * `dir` relative to `from` and the path (`./incdata` from `sub/` → `sub/incdata`, `../up` → `up`,
 * `./x/` from the same directory → `x`). An absolute path is kept; a leading `~` is expanded.
 */
export function rebasePath(
  p: string,
  move: { readonly dir: string; readonly from: string; readonly homeDir: string; readonly resolvePaths?: boolean | undefined },
): string {
  // compose-go expands `~` while rebasing, in either mode (an included `~/x:/x` prints `<home>/x` with --no-path-resolution).
  if (p.startsWith("~")) return hostFile(p, { projectDir: move.dir, homeDir: move.homeDir });
  if (path.posix.isAbsolute(p)) return p;
  if (move.resolvePaths !== false) return path.posix.resolve(move.dir, p);
  return goJoin(path.posix.relative(move.from, move.dir), p);
}

/** Go's `path.Join`: the non-empty elements joined by `/` and cleaned (no trailing slash); "" when all are empty. */
export function goJoin(...elements: string[]): string {
  const parts = elements.filter((e) => e !== "");
  if (parts.length === 0) return "";
  const joined = path.posix.normalize(parts.join("/"));
  return joined.length > 1 && joined.endsWith("/") ? joined.slice(0, -1) : joined;
}

/** Whether `p` looks like a Windows path (`C:\x`, `C:/x`, `\\server\share`), which tscompose does not support. */
export function isWindowsPath(p: string): boolean {
  return /^[A-Za-z]:[\\/]/.test(p) || p.startsWith("\\\\");
}

/**
 * Whether a build context (or additional context) is not a local directory: a URL
 * (`https://`, `git://`, `docker-image://`…), a git reference (`git@…`, `github.com/…`) or a
 * reference to another service or build target (`service:x`, `target:x`). Such values are kept as is.
 */
export function isRemoteContext(ctx: string): boolean {
  return (
    ctx.includes("://") ||
    ctx.startsWith("git@") ||
    ctx.startsWith("github.com/") ||
    ctx.startsWith("service:") ||
    ctx.startsWith("target:")
  );
}
