/**
 * What the spec pipeline needs from the outside world. Stages receive a host instead of
 * touching the file system, so every stage can be tested against `memoryHost`.
 * Invariant: paths given to a host are absolute (or "-" for standard input).
 */
export interface SpecHost {
  /** The file's text, or undefined when it does not exist. */
  readFile(path: string): string | undefined;
  /** Whether a regular file exists at `path`. */
  isFile(path: string): boolean;
  /** Whether a directory exists at `path`. */
  isDirectory(path: string): boolean;
  /** The user's home directory, for `~` in bind mounts. */
  readonly homeDir: string;
}

/** An in-memory host for tests: `files` maps absolute paths to their text. */
export function memoryHost(files: Record<string, string>, homeDir = "/home/user"): SpecHost {
  const dirs = new Set<string>();
  for (const p of Object.keys(files)) {
    let d = p;
    for (;;) {
      const i = d.lastIndexOf("/");
      if (i <= 0) {
        dirs.add("/");
        break;
      }
      d = d.slice(0, i);
      dirs.add(d);
    }
  }
  return {
    readFile: (path) => files[path],
    isFile: (path) => Object.hasOwn(files, path),
    isDirectory: (path) => dirs.has(path),
    homeDir,
  };
}
