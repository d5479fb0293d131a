import jsyaml, { FAILSAFE_SCHEMA, load, Type, type State } from "js-yaml";
import { LEGACY_OCTAL_INT, legacyOctal } from "./parse-octal.js";
import { rememberWrittenPath } from "./parse-paths.js";
import { pathKey, SourceMap, type AddChild, type LazyChildren, type SourceLocation, type TreePath } from "../location.js";
import type { ComposeFile, MergeTag, Plain, PlainMap } from "./parse.js";

/** One node as js-yaml composed it: where it started, what it became, and its children. */
interface NodeEvent {
  readonly start: number;
  kind: string | null;
  tag: string | null;
  result: unknown;
  anchor: string | null;
  readonly kids: NodeEvent[];
}

const MERGE_TAGS: Record<string, MergeTag> = { "!reset": "reset", "!override": "override" };

// The implicit types missing from the type declarations, though they exist at run time.
const TYPES = (jsyaml as unknown as { types: Record<"null" | "bool" | "int" | "float" | "merge", Type> }).types;

// Before the core schema's decimal integers, as yaml.v3 reads `0440` as octal. Its own tag keeps
// js-yaml from replacing it with the core int type.
const LEGACY_OCTAL = new Type("tag:yaml.org,2002:int#legacy-octal", {
  kind: "scalar",
  resolve: (data: unknown) => typeof data === "string" && LEGACY_OCTAL_INT.test(data),
  construct: (data: string) => legacyOctal(data),
});

// The core schema plus `<<` merge keys; `!reset` and `!override` may stand on any kind of node,
// and the value is kept as written.
const SCHEMA = FAILSAFE_SCHEMA.extend({
  implicit: [LEGACY_OCTAL, TYPES.null, TYPES.bool, TYPES.int, TYPES.float, TYPES.merge],
  explicit: Object.keys(MERGE_TAGS).flatMap((tag) =>
    (["scalar", "sequence", "mapping"] as const).map((kind) => new Type(tag, { kind, construct: (d: unknown) => d })),
  ),
});

/**
 * The fast parser, on js-yaml: builds the plain tree and, from js-yaml's node events, the same
 * positions and tags `parseDetailed` records. Returns undefined when the text has any YAML problem
 * or is not a mapping, so the caller can ask `parseDetailed` for precise diagnostics.
 * Invariant: for valid input both parsers give equal data, tags and key/value positions
 * (except inside aliased and merged content, which points at the alias here).
 */
export function parseFast(text: string, file: string): ComposeFile | undefined {
  const root: NodeEvent = { start: 0, kind: null, tag: null, result: undefined, anchor: null, kids: [] };
  const stack: NodeEvent[] = [root];
  const anchors = new Map<string, NodeEvent>();
  let tagged = false;
  let data: unknown;
  try {
    data = load(text, {
      schema: SCHEMA,
      listener(event: "open" | "close", state: State) {
        if (event === "open") {
          const node: NodeEvent = { start: state.position, kind: null, tag: null, result: undefined, anchor: null, kids: [] };
          stack[stack.length - 1]?.kids.push(node);
          stack.push(node);
        } else {
          const node = stack.pop();
          if (node) {
            node.kind = state.kind;
            node.tag = (state as State & { tag: string | null }).tag;
            node.result = state.result;
            node.anchor = (state as State & { anchor: string | null }).anchor;
            if (node.anchor) anchors.set(node.anchor, node);
            if (node.tag && MERGE_TAGS[node.tag]) tagged = true;
          }
        }
      },
    });
  } catch {
    return undefined;
  }
  const top = root.kids[0];
  if (!top || data === null || typeof data !== "object" || Array.isArray(data)) return undefined;
  const walker = new PositionWalker(text, file, anchors);
  const sources = walker.sources(top, data as Plain);
  // Tags decide how files merge, so they must be known now: list every position to find them.
  if (tagged) sources.forEach(() => undefined);
  return { path: file, data: data as PlainMap, sources, tags: walker.tags };
}

/**
 * Turns js-yaml's node events into positions, one level at a time: a node's children are listed
 * only when a path below it is first asked for (most positions only serve error messages).
 */
class PositionWalker {
  /** Filled as positions are listed: complete once every position has been. */
  readonly tags = new Map<string, MergeTag>();
  private readonly lineStarts: number[] = [0];

  constructor(
    private readonly text: string,
    private readonly file: string,
    private readonly anchors: ReadonlyMap<string, NodeEvent>,
  ) {
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) this.lineStarts.push(i + 1);
  }

  /** The positions of the document `top` (whose plain value is `value`). */
  sources(top: NodeEvent, value: Plain): SourceMap {
    let map: SourceMap | undefined;
    this.child(top, value, [], undefined, (_seg, at, _key, children) => {
      map = SourceMap.lazy(at, children);
    });
    return map ?? new SourceMap();
  }

  /** Adds the entry of `node` (at `path`, whose last segment it is) and how to list its children. */
  private child(node: NodeEvent, value: Plain, path: TreePath, key: SourceLocation | undefined, add: AddChild, depth = 0): void {
    const target = this.aliased(node);
    if (target && depth < 64) {
      // Like the thorough parser: aliased content points at the anchor's text.
      this.child(target, value, path, key ?? this.at(node.start), add, depth + 1);
      return;
    }
    const at = this.valueAt(node, value);
    // What `recordWrittenPaths` does for a fully built map.
    rememberWrittenPath(at, path);
    if (key) rememberWrittenPath(key, path);
    const tag = node.tag ? MERGE_TAGS[node.tag] : undefined;
    if (tag) this.tags.set(pathKey(path), tag);
    add(path[path.length - 1] ?? "", at, key, this.children(node, value, path));
  }

  private children(node: NodeEvent, value: Plain, path: TreePath): LazyChildren | undefined {
    if (value === null || typeof value !== "object") return undefined;
    if (node.kind === "mapping" && !Array.isArray(value)) return (add) => this.mapping(node, value, path, add);
    if (node.kind === "sequence" && Array.isArray(value)) {
      return (add) =>
        node.kids.forEach((kid, i) => {
          if (i < value.length) this.child(kid, value[i] ?? null, [...path, i], undefined, add);
        });
    }
    return undefined;
  }

  /**
   * Lists a mapping's entries. Merged entries (`<<`) come after: explicit keys win, and among merge
   * sources the first listed wins (the map keeps the first entry added for a key); nested merges too.
   */
  private mapping(node: NodeEvent, value: PlainMap, path: TreePath, add: AddChild, depth = 0, seen = new Set<string>()): void {
    const merges: NodeEvent[] = [];
    for (let i = 0; i + 1 < node.kids.length; i += 2) {
      const keyNode = node.kids[i];
      const valueNode = node.kids[i + 1];
      if (!keyNode || !valueNode) continue;
      if (keyNode.tag === "tag:yaml.org,2002:merge") {
        merges.push(...(valueNode.kind === "sequence" ? valueNode.kids : [valueNode]));
        continue;
      }
      const key = keyNode.result === null || keyNode.result === undefined ? "" : String(keyNode.result);
      if (!Object.hasOwn(value, key) || seen.has(key)) continue;
      seen.add(key);
      this.child(valueNode, value[key] ?? null, [...path, key], this.at(keyNode.start), add);
    }
    if (depth > 16) return;
    for (const source of merges) this.mapping(this.aliased(source) ?? source, value, path, add, depth + 1, seen);
  }

  /** The anchored node an alias (`*name`) refers to, if `node` is an alias. */
  private aliased(node: NodeEvent): NodeEvent | undefined {
    const start = this.skipBlank(node.start);
    if (this.text[start] !== "*") return undefined;
    const m = /^\*([^\s,[\]{}]+)/.exec(this.text.slice(start, start + 256));
    return m?.[1] ? this.anchors.get(m[1]) : undefined;
  }

  /** Skips the blanks, line breaks and comments js-yaml leaves before a node's content. */
  private skipBlank(pos: number): number {
    const t = this.text;
    let p = pos;
    while (p < t.length) {
      const c = t[p];
      if (c === " " || c === "\t" || c === "\n" || c === "\r") p++;
      else if (c === "#") {
        const nl = t.indexOf("\n", p);
        p = nl < 0 ? t.length : nl + 1;
      } else break;
    }
    return p;
  }

  /**
   * Where a value starts, as the thorough parser reports it: past `&anchor` and `!tag`
   * properties; an empty value sits right after its key's colon.
   */
  private valueAt(node: NodeEvent, value: Plain): SourceLocation {
    const empty = (from: number) => value === null && /^[ \t]*(?:#[^\n]*)?(?:\r?\n|$)/.test(this.text.slice(from, from + 512));
    if (empty(node.start)) return this.at(node.start, false);
    let p = this.skipBlank(node.start);
    for (let guard = 0; guard < 4 && (this.text[p] === "&" || this.text[p] === "!"); guard++) {
      while (p < this.text.length && !/\s/.test(this.text[p] ?? " ")) p++;
      if (empty(p)) return this.at(p, false);
      p = this.skipBlank(p);
    }
    return this.at(p, false);
  }

  private at(offset: number, skip = true): SourceLocation {
    const pos = skip ? this.skipBlank(offset) : offset;
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.lineStarts[mid] ?? 0) <= pos) lo = mid;
      else hi = mid - 1;
    }
    return { file: this.file, line: lo + 1, column: pos - (this.lineStarts[lo] ?? 0) + 1 };
  }
}
