import { createRequire } from "node:module";
import type * as YamlModule from "yaml";
import type { Alias, Document, Node as YamlNode, ScalarTag, YAMLMap } from "yaml";

// Loaded on first use: only files with a YAML problem pay for this library.
type YamlLib = typeof YamlModule;
let lib: YamlLib | undefined;
const yaml = (): YamlLib => (lib ??= createRequire(import.meta.url)("yaml") as YamlLib);
import type { Diagnostics } from "../errors.js";
import { reportYamlErrors } from "./parse-errors.js";
import { LEGACY_OCTAL_INT, legacyOctal } from "./parse-octal.js";
import { recordWrittenPaths } from "./parse-paths.js";
import { suggest } from "../validate/suggest.js";
import { pathKey, SourceMap, type SourceLocation, type TreePath } from "../location.js";
import type { ComposeFile, MergeTag, Plain, PlainMap } from "./parse.js";

const TAGS: Record<string, MergeTag> = { "!reset": "reset", "!override": "override" };

// Checked before the core schema's decimal integers, as yaml.v3 reads `0440` as octal.
const LEGACY_OCTAL: ScalarTag = {
  tag: "tag:yaml.org,2002:int",
  format: "OCT",
  default: true,
  test: LEGACY_OCTAL_INT,
  resolve: legacyOctal,
};

/**
 * The thorough parser, on the `yaml` library: reports every YAML error (syntax, tabs, duplicate
 * keys) to `diag` with file:line:column and a hint; the result is undefined when the text cannot be
 * used. Slower than `parseFast`, so it runs only when the fast path found a problem.
 * Anchors, aliases and `<<` merge keys are resolved; an explicit key beats a merged one.
 */
export function parseDetailed(text: string, file: string, diag: Diagnostics): ComposeFile | undefined {
  const { LineCounter, parseDocument } = yaml();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter,
    uniqueKeys: true,
    prettyErrors: false,
    strict: true,
    customTags: (tags) => [LEGACY_OCTAL, ...(tags as ScalarTag[])],
  });
  const at = (offset: number): SourceLocation => {
    const p = lineCounter.linePos(offset);
    return { file, line: p.line, column: p.col };
  };
  if (doc.errors.length > 0) {
    reportYamlErrors(doc.errors, { lib: yaml(), doc, text, at }, diag);
    return undefined;
  }

  const sources = new SourceMap();
  const tags = new Map<string, MergeTag>();
  const walker = new Walker(doc, at, sources, tags, diag, file);
  const root = doc.contents;
  if (root === null || (yaml().isScalar(root) && (root.value === null || root.value === ""))) {
    diag.error("E_EMPTY_FILE", "the file is empty", {
      location: { file, line: 1, column: 1 },
      hint: "A compose file needs at least a `services:` mapping.",
    });
    return undefined;
  }
  const data = walker.node(root, []);
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    diag.error("E_NOT_A_MAPPING", "the top level of a compose file must be a mapping", {
      location: at(root.range?.[0] ?? 0),
      hint: "Start the file with keys such as `services:`, `networks:` and `volumes:`.",
    });
    return undefined;
  }
  recordWrittenPaths(sources);
  return { path: file, data, sources, tags };
}

class Walker {
  constructor(
    private readonly doc: Document,
    private readonly at: (offset: number) => SourceLocation,
    private readonly sources: SourceMap,
    private readonly tags: Map<string, MergeTag>,
    private readonly diag: Diagnostics,
    private readonly file: string,
  ) {}

  node(n: unknown, path: TreePath, key?: SourceLocation, depth = 0): Plain {
    if (depth > 64) {
      this.diag.error("E_YAML_DEPTH", "the YAML nests too deeply (a recursive alias?)", { path });
      return null;
    }
    if (yaml().isAlias(n)) {
      const target = (n as Alias).resolve(this.doc);
      if (target === undefined) return this.undefinedAlias(n as Alias);
      return this.node(target, path, key ?? this.loc(n), depth + 1);
    }
    const yn = n as YamlNode;
    this.sources.set(path, this.loc(yn), key);
    this.tag(yn, path);
    if (yaml().isMap(yn)) return this.map(yn, path, depth);
    if (yaml().isSeq(yn)) return yn.items.map((item, i) => this.node(item, [...path, i], undefined, depth + 1));
    if (yaml().isScalar(yn)) {
      // `key: !reset` with nothing after the tag is a null, as in js-yaml and compose-go.
      if (yn.tag && TAGS[yn.tag] && yn.value === "" && yn.type === "PLAIN") return null;
      return scalar(yn.value);
    }
    return null;
  }

  private map(m: YAMLMap, path: TreePath, depth: number): PlainMap {
    const out: PlainMap = {};
    const merged: { value: PlainMap; sources: SourceMap }[] = [];
    for (const pair of m.items) {
      const keyNode = pair.key;
      const k = yaml().isScalar(keyNode) ? keyNode.value : keyNode;
      if (k === "<<" && !(yaml().isScalar(keyNode) && keyNode.type !== "PLAIN")) {
        merged.push(...this.mergeSources(pair.value, path, depth));
        continue;
      }
      const name = k === null || k === undefined ? "" : String(k);
      const keyLoc = yaml().isScalar(keyNode) ? this.loc(keyNode) : undefined;
      out[name] = this.node(pair.value, [...path, name], keyLoc, depth + 1);
    }
    // Merge keys: explicit keys win; among merge sources the first listed wins.
    for (const src of merged) {
      for (const [k, v] of Object.entries(src.value)) {
        if (Object.hasOwn(out, k)) continue;
        out[k] = v;
        this.sources.copyFrom(src.sources, [k], [...path, k]);
      }
    }
    return out;
  }

  private mergeSources(value: unknown, path: TreePath, depth: number): { value: PlainMap; sources: SourceMap }[] {
    const list = yaml().isSeq(value) ? value.items : [value];
    const result: { value: PlainMap; sources: SourceMap }[] = [];
    for (const item of list) {
      // Walk into a scratch map so merged entries take their positions from the anchor.
      const scratch = new SourceMap();
      const w = new Walker(this.doc, this.at, scratch, new Map(), this.diag, this.file);
      const before = this.diag.errors.length;
      const v = w.node(item, [], undefined, depth + 1);
      // An item that already failed (an undefined alias) needs no second error.
      if (this.diag.errors.length > before) continue;
      if (v === null || typeof v !== "object" || Array.isArray(v)) {
        this.diag.error("E_YAML_MERGE", "a `<<` merge key needs a mapping or a list of mappings", {
          location: this.loc(item as YamlNode),
          path,
        });
        continue;
      }
      result.push({ value: v, sources: scratch });
    }
    return result;
  }

  /** yaml accepts an alias to an unknown anchor (it fails only when converting), so check it here. */
  private undefinedAlias(alias: Alias): null {
    const anchors: string[] = [];
    yaml().visit(this.doc, {
      Node(_key, node) {
        if (node.anchor) anchors.push(node.anchor);
      },
    });
    const near = suggest(alias.source, anchors);
    const rule = "An alias must name an anchor (&name) defined earlier in the file.";
    this.diag.error("E_YAML_UNDEFINED_ALIAS", `invalid YAML: alias "*${alias.source}" refers to an undefined anchor`, {
      location: this.loc(alias),
      hint: near ? `Did you mean "*${near}"? ${rule}` : rule,
    });
    return null;
  }

  private tag(n: YamlNode, path: TreePath): void {
    const t = n.tag;
    if (!t || t.startsWith("tag:yaml.org,2002:")) return;
    const known = TAGS[t];
    if (known) this.tags.set(pathKey(path), known);
    else
      this.diag.warn("W_YAML_TAG", `unknown YAML tag ${t} is ignored`, {
        location: this.loc(n),
        path,
      });
  }

  private loc(n: { range?: [number, number, number] | null } | null | undefined): SourceLocation {
    return this.at(n?.range?.[0] ?? 0);
  }
}

function scalar(v: unknown): Plain {
  if (v === null || v === undefined) return null;
  if (typeof v === "boolean" || typeof v === "number" || typeof v === "string") return v;
  if (typeof v === "bigint") return Number(v);
  return String(v);
}

