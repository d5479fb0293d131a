import type { Diagnostics } from "../errors.js";
import { formatLocation, formatPath, pathKey, SourceMap, type SourceLocation, type TreePath } from "../location.js";
import { isPlainMap, splitEntry } from "./merge-keys.js";
import { mergeRuleFor, type MergeRule } from "./merge-rules.js";
import type { ComposeFile, MergeTag, Plain, PlainMap } from "../read/parse.js";

/** A node of a parsed tree: its value, where it sits in its file, and that file's positions and tags. */
export interface NodeRef {
  readonly value: Plain;
  /** Path of `value` inside the tree `sources` and `tags` describe. */
  readonly path: TreePath;
  readonly sources: SourceMap;
  readonly tags: ReadonlyMap<string, MergeTag>;
}

/** Where merged nodes record their positions and surviving tags, and where conflicts are reported. */
export interface MergeOutput {
  readonly sources: SourceMap;
  readonly tags: Map<string, MergeTag>;
  readonly diag: Diagnostics;
}

/**
 * Lays `override` over `base` with Compose's merge rules (compose-spec `13-merge.md`, compose-go
 * `override`): mappings merge, sequences append, `command`/`entrypoint`/`healthcheck.test` are
 * replaced, unique-key sequences (ports, volumes, secrets, configs, …) merge by key, key/value
 * fields merge by name, `depends_on`/`networks` merge by service/network name.
 * `base`'s own tags are applied (its `!reset` nodes are dropped); `override`'s `!reset` removes the
 * inherited value and `!override` replaces it without merging. The override's tags stay on the result
 * (a later merge or `applyTags` consumes them). Every node keeps the position of the file it came from.
 * The result takes `base.path`, whose directory is the project directory.
 */
export function mergeFiles(base: ComposeFile, override: ComposeFile, diag: Diagnostics): ComposeFile {
  const out: MergeOutput = { sources: new SourceMap(), tags: new Map(), diag };
  const merged = new TreeMerger(out).merge(rootOf(base), rootOf(override), []);
  return { path: base.path, data: isPlainMap(merged) ? merged : {}, sources: out.sources, tags: out.tags };
}

/**
 * Applies a file's own tags and returns it without tags: a `!reset` node is removed, an
 * `!override` node is kept as written. Call it on a single file and on the result of the last merge.
 */
export function applyTags(file: ComposeFile): ComposeFile {
  if (file.tags.size === 0) return file;
  const sources = new SourceMap();
  const copied = new TreeMerger({ sources, tags: new Map(), diag: undefined }).copy(rootOf(file), [], false);
  return { path: file.path, data: isPlainMap(copied) ? copied : {}, sources, tags: new Map() };
}

/**
 * Merges a service definition `local` over `base` (an `extends` base) with the same rules as
 * `mergeFiles`, writing positions and local tags for the result at `at` (e.g. `["services", "web"]`).
 * Base nodes keep pointing at the base's file, local nodes at the local file.
 */
export function mergeService(base: NodeRef, local: NodeRef, at: TreePath, out: MergeOutput): PlainMap {
  const b = isPlainMap(base.value) ? base : { ...base, value: {} };
  const l = isPlainMap(local.value) ? local : { ...local, value: {} };
  const merged = new TreeMerger(out).merge(b, l, at);
  return isPlainMap(merged) ? merged : {};
}

/** Copies a node to `at` with its positions, keeping its tags (recorded in `out.tags`). */
export function copyNode(node: NodeRef, at: TreePath, out: MergeOutput): Plain | undefined {
  return new TreeMerger(out).copy(node, at, true);
}

function rootOf(file: ComposeFile): NodeRef {
  return { value: file.data, path: [], sources: file.sources, tags: file.tags };
}

/**
 * A node being merged. `derived` nodes were rewritten from what was written (a `K=V` entry seen
 * as a value, a service name seen as `{condition: service_started}`): they take the position of
 * the node they came from, and only the entry itself (not its children) can carry a tag.
 */
interface Node extends NodeRef {
  readonly derived?: "entry" | "child";
}

function child(n: Node, key: string | number): Node {
  const v = n.value;
  const value = Array.isArray(v) ? (v[key as number] ?? null) : isPlainMap(v) ? (v[key as string] ?? null) : null;
  if (n.derived) return { ...n, value, derived: "child" };
  return { ...n, value, path: [...n.path, key] };
}

function derive(n: Node, value: Plain): Node {
  return { ...n, value, derived: "entry" };
}

const VALUE: MergeRule = { kind: "value" };

type Out = Omit<MergeOutput, "diag"> & { readonly diag: Diagnostics | undefined };

/** The merge engine; base-side nodes lose their `!reset` nodes, override-side tags are kept. */
class TreeMerger {
  constructor(private readonly out: Out) {}

  /** Merges `o` over `b` at `at`; undefined means "no value" (the key is left out). */
  merge(b: Node | undefined, o: Node | undefined, at: TreePath, rule?: MergeRule): Plain | undefined {
    if (!o) return b ? this.copy(b, at, false) : undefined;
    if (this.tagOf(o)) return this.copy(o, at, true);
    const base = b && this.tagOf(b) !== "reset" ? b : undefined;
    if (!base) return this.copy(o, at, true);
    const r = rule ?? mergeRuleFor(at);
    if (o.value === null && r?.kind !== "value") return this.copy(base, at, false);
    switch (r?.kind) {
      case "replace":
      case "value":
        return this.copy(o, at, true);
      case "keyValue":
        return this.entries(this.keyValues(base, r.hosts), this.keyValues(o, r.hosts), o, at, VALUE);
      case "unique":
        return this.unique(base, o, at, r);
      case "named":
        return this.entries(this.named(base, r.entry), this.named(o, r.entry), o, at);
      case "build":
        return this.generic(asBuild(base), asBuild(o), at);
      case "logging":
        return differentDrivers(base.value, o.value) ? this.copy(o, at, true) : this.generic(base, o, at);
      case "ulimit":
        return isPlainMap(base.value) && isPlainMap(o.value) ? this.generic(base, o, at) : this.copy(o, at, true);
      default:
        return this.generic(base, o, at);
    }
  }

  /** Copies a node and its children; `keepTags` keeps `!reset` nodes (and records tags) instead of dropping them. */
  copy(n: Node, at: TreePath, keepTags: boolean): Plain | undefined {
    const tag = this.tagOf(n);
    if (tag === "reset" && !keepTags) return undefined;
    this.place(n, at);
    if (tag && keepTags) this.out.tags.set(pathKey(at), tag);
    const v = n.value;
    if (Array.isArray(v)) {
      const list: Plain[] = [];
      v.forEach((_, i) => {
        const c = this.copy(child(n, i), [...at, list.length], keepTags);
        if (c !== undefined) list.push(c);
      });
      return list;
    }
    if (isPlainMap(v)) {
      const map: PlainMap = {};
      for (const k of Object.keys(v)) {
        const c = this.copy(child(n, k), [...at, k], keepTags);
        if (c !== undefined) map[k] = c;
      }
      return map;
    }
    return v;
  }

  private generic(b: Node, o: Node, at: TreePath): Plain | undefined {
    if (isPlainMap(b.value)) {
      if (!isPlainMap(o.value)) return this.conflict(b, o, at);
      return this.entries(mapEntries(b), mapEntries(o), o, at);
    }
    if (Array.isArray(b.value)) {
      if (!Array.isArray(o.value)) return this.conflict(b, o, at);
      this.place(o, at);
      const list: Plain[] = [];
      for (const [n, keep] of [...items(b).map((n) => [n, false] as const), ...items(o).map((n) => [n, true] as const)]) {
        const c = this.copy(n, [...at, list.length], keep);
        if (c !== undefined) list.push(c);
      }
      return list;
    }
    return this.copy(o, at, true);
  }

  /** Merges two name → node maps: base names first in their order, then new override names. */
  private entries(b: Map<string, Node>, o: Map<string, Node>, container: Node, at: TreePath, rule?: MergeRule): PlainMap {
    this.place(container, at);
    const map: PlainMap = {};
    for (const [k, bn] of b) {
      const v = this.merge(bn, o.get(k), [...at, k], rule);
      if (v !== undefined) map[k] = v;
    }
    for (const [k, on] of o) {
      if (b.has(k)) continue;
      const v = this.merge(undefined, on, [...at, k], rule);
      if (v !== undefined) map[k] = v;
    }
    return map;
  }

  /** A unique-key sequence: a later entry with a known key takes the earlier one's place. */
  private unique(b: Node, o: Node, at: TreePath, rule: Extract<MergeRule, { kind: "unique" }>): Plain[] {
    this.place(o, at);
    const slots: Array<{ base?: Node; over?: Node }> = [];
    const index = new Map<string, number>();
    const add = (n: Node, side: "base" | "over") => {
      // A `!reset` entry of the override has no identity: it is kept only as a marker for later.
      if (this.tagOf(n) === "reset") {
        if (side === "over") slots.push({ over: n });
        return;
      }
      const key = rule.key(n.value);
      const i = index.get(key);
      if (i === undefined) {
        index.set(key, slots.length);
        slots.push(side === "base" ? { base: n } : { over: n });
      } else if (side === "base") slots[i] = { base: n };
      else slots[i] = rule.deep ? { ...slots[i], over: n } : { over: n };
    };
    for (const n of items(b)) add(n, "base");
    for (const n of items(o)) add(n, "over");
    const list: Plain[] = [];
    for (const s of slots) {
      const v = this.merge(s.base, s.over, [...at, list.length]);
      if (v !== undefined) list.push(v);
    }
    return list;
  }

  /** Entries of a key/value field: a map as is, a `K=V` list as derived entries. */
  private keyValues(n: Node, hosts = false): Map<string, Node> {
    if (isPlainMap(n.value)) return mapEntries(n);
    const out = new Map<string, Node>();
    for (const item of items(n)) {
      const v = item.value;
      if (typeof v !== "string") {
        out.set(String(v), derive(item, null));
        continue;
      }
      const [k, value] = splitEntry(v, hosts);
      const prev = out.get(k);
      // The same host listed twice maps to several addresses.
      if (hosts && prev && value !== null && prev.value !== null) {
        const list = Array.isArray(prev.value) ? prev.value : [prev.value];
        out.set(k, derive(prev, [...list, value]));
      } else out.set(k, derive(item, value));
    }
    return out;
  }

  /** Entries of a by-name field: a map as is, a list of names as `entry` per name. */
  private named(n: Node, entry: PlainMap | null): Map<string, Node> {
    if (isPlainMap(n.value)) return mapEntries(n);
    const out = new Map<string, Node>();
    for (const item of items(n)) out.set(String(item.value), derive(item, entry === null ? null : { ...entry }));
    return out;
  }

  private conflict(b: Node, o: Node, at: TreePath): Plain | undefined {
    const where = this.locate(b);
    this.out.diag?.error(
      "E_MERGE_TYPE",
      `cannot merge ${kindOf(o.value)} into the ${kindOf(b.value).replace(/^an? /, "")} defined${where ? ` at ${formatLocation(where)}` : ""}`,
      {
        path: at,
        ...(this.locate(o) ? { location: this.locate(o) } : {}),
        hint: `Write ${formatPath(at)} the same way in both files, or tag the later one with !override to replace it.`,
      },
    );
    return this.copy(o, at, true);
  }

  private tagOf(n: Node): MergeTag | undefined {
    return n.derived === "child" ? undefined : n.tags.get(pathKey(n.path));
  }

  private locate(n: Node): SourceLocation | undefined {
    return n.sources.locate(n.path);
  }

  /** Records where the node now at `at` was written. */
  private place(n: Node, at: TreePath): void {
    const value = n.sources.locate(n.path);
    if (!value) return;
    this.out.sources.set(at, value, n.derived ? value : n.sources.locateKey(n.path));
  }
}

function mapEntries(n: Node): Map<string, Node> {
  const out = new Map<string, Node>();
  if (isPlainMap(n.value)) for (const k of Object.keys(n.value)) out.set(k, child(n, k));
  return out;
}

/** The entries of a sequence; a lone scalar (`dns: 8.8.8.8`) counts as a one-entry sequence. */
function items(n: Node): Node[] {
  if (Array.isArray(n.value)) return n.value.map((_, i) => child(n, i));
  return n.value === null ? [] : [n];
}

function asBuild(n: Node): Node {
  return typeof n.value === "string" ? derive(n, { context: n.value }) : n;
}

function differentDrivers(b: Plain, o: Plain): boolean {
  if (!isPlainMap(b) || !isPlainMap(o)) return false;
  const bd = b["driver"];
  const od = o["driver"];
  return bd !== undefined && od !== undefined && bd !== od;
}

function kindOf(v: Plain): string {
  if (Array.isArray(v)) return "a list";
  if (isPlainMap(v)) return "a mapping";
  return v === null ? "null" : `a ${typeof v}`;
}
