/** Where something was written: a file and a 1-based line and column. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** One step into a tree: a mapping key or a sequence index. */
export type PathSegment = string | number;

/** A path from the root of a compose tree, e.g. `["services", "web", "ports", 0]`. */
export type TreePath = readonly PathSegment[];

const SIMPLE_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * Formats a path the way users read it: `services.web.ports[0]`.
 * Keys that are not plain identifiers are quoted: `services.web.labels["com.example.x"]`.
 */
export function formatPath(path: TreePath): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else if (SIMPLE_KEY.test(seg)) out += out === "" ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** A stable map key for a path (segments may contain any character). */
export function pathKey(path: TreePath): string {
  return JSON.stringify(path);
}

/** Formats a location as `file:line:column`. */
export function formatLocation(loc: SourceLocation): string {
  return `${loc.file}:${loc.line}:${loc.column}`;
}

interface Entry {
  readonly path: TreePath;
  readonly value: SourceLocation;
  readonly key?: SourceLocation;
}

/**
 * Remembers where each node of a plain tree was written. Stages that reshape a tree
 * (merge, extends, include) carry the entries along so that late errors still point at a line.
 * Invariant: every entry's value location belongs to the file the node came from.
 */
export class SourceMap {
  private readonly entries = new Map<string, Entry>();

  /** Records the location of the node at `path` (and of its mapping key, when it has one). */
  set(path: TreePath, value: SourceLocation, key?: SourceLocation): void {
    this.entries.set(pathKey(path), key ? { path, value, key } : { path, value });
  }

  /** The location of the node at `path`, or of its closest recorded ancestor. */
  locate(path: TreePath): SourceLocation | undefined {
    for (let n = path.length; n >= 0; n--) {
      const e = this.entries.get(pathKey(path.slice(0, n)));
      if (e) return e.value;
    }
    return undefined;
  }

  /** The location of the mapping key at `path` (falls back to `locate`). */
  locateKey(path: TreePath): SourceLocation | undefined {
    return this.entries.get(pathKey(path))?.key ?? this.locate(path);
  }

  /** Whether `path` itself has an entry. */
  has(path: TreePath): boolean {
    return this.entries.has(pathKey(path));
  }

  /**
   * Copies the entries of `other` found under `from` to sit under `to` in this map,
   * overwriting existing ones (used when a later file or an extends base supplies a subtree).
   */
  copyFrom(other: SourceMap, from: TreePath = [], to: TreePath = from): void {
    for (const e of other.entries.values()) {
      if (!startsWith(e.path, from)) continue;
      const path = [...to, ...e.path.slice(from.length)];
      this.set(path, e.value, e.key);
    }
  }

  /** Copies entries of `other` under `from` to `to` only where this map has none yet. */
  fillFrom(other: SourceMap, from: TreePath = [], to: TreePath = from): void {
    for (const e of other.entries.values()) {
      if (!startsWith(e.path, from)) continue;
      const path = [...to, ...e.path.slice(from.length)];
      if (!this.has(path)) this.set(path, e.value, e.key);
    }
  }

  /** Every recorded path, in insertion order. */
  paths(): TreePath[] {
    return [...this.entries.values()].map((e) => e.path);
  }

  /** Number of recorded nodes. */
  get size(): number {
    return this.entries.size;
  }
}

function startsWith(path: TreePath, prefix: TreePath): boolean {
  if (prefix.length > path.length) return false;
  return prefix.every((seg, i) => path[i] === seg);
}
