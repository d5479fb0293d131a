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

/** Reports one child entry of a node: its segment, locations, and how to list its own children. */
export type AddChild = (segment: PathSegment, value: SourceLocation, key: SourceLocation | undefined, children?: LazyChildren) => void;

/** Lists a node's child entries through `add`; called at most once, when a path below the node is first used. */
export type LazyChildren = (add: AddChild) => void;

/** A node of the position trie: an entry when `value` is set (every entry has a value location). */
interface Slot {
  value?: SourceLocation;
  key?: SourceLocation | undefined;
  kids?: Map<PathSegment, Slot>;
  /** Children not listed yet (a lazily built map). */
  pending?: LazyChildren | undefined;
}

/**
 * Remembers where each node of a plain tree was written. Stages that reshape a tree
 * (merge, extends, include) carry the entries along so that late errors still point at a line.
 * Invariant: every entry's value location belongs to the file the node came from.
 */
export class SourceMap {
  // A trie keyed by path segment: setting and locating walk the path once, with no per-lookup keys
  // or slices (every node of every file passes through here several times).
  private readonly root: Slot = {};
  private count = 0;
  private listsLazily = false;

  /**
   * A map whose entries are listed on demand: the root entry (at `[]`) and a function listing its
   * children, each with its own. A parser uses it so that positions nobody asks for cost nothing.
   */
  static lazy(value: SourceLocation, children: LazyChildren | undefined): SourceMap {
    const map = new SourceMap();
    map.root.value = value;
    map.root.pending = children;
    map.count = 1;
    map.listsLazily = true;
    return map;
  }

  /** Lists the pending children of `slot` (before anything reads or writes them). */
  private open(slot: Slot): Slot {
    const pending = slot.pending;
    if (!pending) return slot;
    slot.pending = undefined;
    const kids = (slot.kids ??= new Map());
    pending((segment, value, key, children) => {
      if (kids.has(segment)) return;
      kids.set(segment, { value, key, pending: children });
      this.count++;
    });
    return slot;
  }

  /** Records the location of the node at `path` (and of its mapping key, when it has one). */
  set(path: TreePath, value: SourceLocation, key?: SourceLocation): void {
    let slot = this.root;
    for (const seg of path) {
      const kids = (this.open(slot).kids ??= new Map());
      let next = kids.get(seg);
      if (!next) kids.set(seg, (next = {}));
      slot = next;
    }
    if (!slot.value) this.count++;
    slot.value = value;
    slot.key = key;
  }

  /** The location of the node at `path`, or of its closest recorded ancestor. */
  locate(path: TreePath): SourceLocation | undefined {
    let slot: Slot | undefined = this.root;
    let found = slot.value;
    for (let i = 0; i < path.length; i++) {
      slot = this.open(slot).kids?.get(path[i] as PathSegment);
      if (!slot) break;
      if (slot.value) found = slot.value;
    }
    return found;
  }

  /** The location of the mapping key at `path` (falls back to `locate`). */
  locateKey(path: TreePath): SourceLocation | undefined {
    return this.find(path)?.key ?? this.locate(path);
  }

  /** Whether `path` itself has an entry. */
  has(path: TreePath): boolean {
    return this.find(path)?.value !== undefined;
  }

  /**
   * Copies the entries of `other` found under `from` to sit under `to` in this map,
   * overwriting existing ones (used when a later file or an extends base supplies a subtree).
   */
  copyFrom(other: SourceMap, from: TreePath = [], to: TreePath = from): void {
    const source = other.find(from);
    if (source) this.graft(other, source, to, true);
  }

  /** Copies entries of `other` under `from` to `to` only where this map has none yet. */
  fillFrom(other: SourceMap, from: TreePath = [], to: TreePath = from): void {
    const source = other.find(from);
    if (source) this.graft(other, source, to, false);
  }

  /** Every recorded path, parents before their children and siblings in insertion order. */
  paths(): TreePath[] {
    const out: TreePath[] = [];
    this.forEach((path) => out.push(path));
    return out;
  }

  /** Calls `fn` with every entry (path, value location, key location), in the order of `paths()`. */
  forEach(fn: (path: TreePath, value: SourceLocation, key: SourceLocation | undefined) => void): void {
    const visit = (slot: Slot, path: PathSegment[]) => {
      if (slot.value) fn(path, slot.value, slot.key);
      const kids = this.open(slot).kids;
      if (kids) for (const [seg, kid] of kids) visit(kid, [...path, seg]);
    };
    visit(this.root, []);
  }

  /** Number of recorded nodes. */
  get size(): number {
    if (this.listsLazily) this.forEach(() => undefined);
    return this.count;
  }

  private find(path: TreePath): Slot | undefined {
    let slot: Slot | undefined = this.root;
    for (let i = 0; i < path.length && slot; i++) slot = this.open(slot).kids?.get(path[i] as PathSegment);
    return slot;
  }

  /** Sets every entry of the subtree `source` under `to` (all of them, or only where none is set). */
  private graft(from: SourceMap, source: Slot, to: TreePath, overwrite: boolean): void {
    // Collected first: `source` may belong to this very map.
    const found: Array<[PathSegment[], Slot]> = [];
    const visit = (slot: Slot, path: PathSegment[]) => {
      if (slot.value) found.push([path, slot]);
      const kids = from.open(slot).kids;
      if (kids) for (const [seg, kid] of kids) visit(kid, [...path, seg]);
    };
    visit(source, [...to]);
    for (const [path, { value, key }] of found) if (value && (overwrite || !this.has(path))) this.set(path, value, key);
  }
}
