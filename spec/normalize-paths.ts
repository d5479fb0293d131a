import path from "node:path";

/** What a host path is resolved against. */
export interface PathBase {
  /** Absolute project directory: relative paths are resolved against it. */
  readonly projectDir: string;
  /** The user's home directory, for a leading `~`. */
  readonly homeDir: string;
}

/**
 * Makes a host path absolute and clean, as compose-go does: a leading `~` or `~/` is the home
 * directory (`~user` is not expanded), a relative path is joined to the project directory.
 * Paths are POSIX: Windows paths are rejected earlier by the callers that can see them.
 */
export function resolveHostPath(p: string, base: PathBase): string {
  let expanded = p;
  if (p === "~" || p.startsWith("~/")) expanded = base.homeDir + p.slice(1);
  return path.posix.resolve(base.projectDir, expanded);
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
