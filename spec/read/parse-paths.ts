import type { SourceLocation, SourceMap, TreePath } from "../location.js";

// Side table: location objects are shared by reference as stages copy positions between trees, so
// each keeps the path it was written at without changing its shape (tests compare locations).
const WRITTEN = new WeakMap<SourceLocation, TreePath>();

/** Remembers that the node at `path` of a freshly parsed file was written at `location` (value or key). */
export function rememberWrittenPath(location: SourceLocation, path: TreePath): void {
  WRITTEN.set(location, path);
}

/**
 * Remembers, for every location in a freshly parsed file's map, the path its node has in that file.
 * Call once per parsed file, before later stages copy the locations elsewhere.
 */
export function recordWrittenPaths(sources: SourceMap): void {
  sources.forEach((path, value, key) => {
    WRITTEN.set(value, path);
    if (key && key !== value) WRITTEN.set(key, path);
  });
}

/**
 * The path of the node at `path` as written in the file `location` names. Merges, `include` and
 * `extends` move nodes (`services.app.ports[0]` of base.yaml becomes `services.web.ports[0]`) but keep
 * the depth of every node, so the written path of the located node replaces the same number of
 * leading segments of `path`. Unchanged when the location was not recorded by a parser.
 */
export function writtenPath(location: SourceLocation, path: TreePath): TreePath {
  const written = WRITTEN.get(location);
  if (!written) return path;
  if (written.length >= path.length) return written.slice(0, path.length);
  return [...written, ...path.slice(written.length)];
}
