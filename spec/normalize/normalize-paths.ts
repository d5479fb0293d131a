import path from "node:path";

/** What a host path is resolved against. */
export interface PathBase {
  /** Absolute project directory: relative paths are resolved against it. */
  readonly projectDir: string;
  /** The user's home directory, for a leading `~`. */
  readonly homeDir: string;
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
  if (p.startsWith("~")) return path.posix.resolve(base.homeDir, `./${p.slice(1)}`);
  if (p.startsWith("/")) return p;
  return path.posix.resolve(base.projectDir, p);
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
