import path from "node:path";
import type { Diagnostics } from "../errors.js";
import type { SpecHost } from "../host.js";
import { SourceMap, type TreePath } from "../location.js";
import { copyNode, mergeService, type MergeOutput, type NodeRef } from "./merge.js";
import { isPlainMap } from "./merge-keys.js";
import type { ComposeFile, Plain, PlainMap } from "../read/parse.js";
import { rebaser, rebaseService } from "../discover/rebase.js";
import { suggest } from "../validate/suggest.js";

const posix = path.posix;

/** What `resolveExtends` needs from the loader. */
export interface ExtendsContext {
  readonly host: SpecHost;
  readonly diag: Diagnostics;
  /**
   * Returns the file at an absolute path, parsed, interpolated and cast; undefined (with an error
   * already reported) when it cannot be read or parsed.
   */
  loadFile(absPath: string): ComposeFile | undefined;
  /** false for `--no-path-resolution`: a base's paths are rebased relatively instead of made absolute (see `rebasePath`). */
  readonly resolvePaths?: boolean | undefined;
}

/**
 * Resolves every `extends` of a file's services: the base service (same file, or `extends.file`
 * relative to the extending file's directory) is resolved first (nested, across files), then the
 * local definition is merged over it with the rules of `mergeFiles`, and the `extends` key is
 * dropped. Inherited nodes keep the positions of the file they were written in; the file's own
 * `!reset`/`!override` tags apply to inherited values and stay on the result for the file merge.
 *
 * A base from another file has its relative paths (build context, bind sources, env_file,
 * label_file, develop.watch paths) rebased from that file's directory to the extending file's
 * (made absolute, or kept relative with `resolvePaths: false`), so normalization, which resolves
 * what is still relative against the project directory, stays correct.
 * `depends_on`, `links` and `volumes_from` of a base are inherited and merged, as Compose v2 does
 * since 2.24.7; the services they name are not imported.
 * Errors (unknown base, missing file, cycles) are reported to `ctx.diag` at the `extends` node;
 * the service then keeps its local definition. A file without `extends` is returned as is.
 */
export function resolveExtends(file: ComposeFile, ctx: ExtendsContext): ComposeFile {
  const services = file.data["services"];
  if (!isPlainMap(services)) return file;
  if (!Object.values(services).some((s) => isPlainMap(s) && s["extends"] !== undefined)) return file;
  return new Resolver(ctx, file).run();
}

/** One file taking part in the resolution, with its services resolved so far. */
interface FileState {
  readonly file: ComposeFile;
  readonly services: PlainMap;
  readonly resolved: Map<string, Plain>;
  readonly resolving: Set<string>;
  readonly out: MergeOutput;
}

interface StackEntry {
  readonly state: FileState;
  readonly name: string;
}

interface ExtendsRef {
  readonly service: string;
  /** Absolute path of `extends.file`, when given. */
  readonly file?: string;
  /** `extends.file` as written. */
  readonly written?: string;
}

class Resolver {
  /** Every file seen, by absolute path (undefined: could not be loaded); doubles as the file cache. */
  private readonly states = new Map<string, FileState | undefined>();
  private readonly root: FileState;

  constructor(
    private readonly ctx: ExtendsContext,
    file: ComposeFile,
  ) {
    this.root = this.stateOf(file);
  }

  run(): ComposeFile {
    const { file, out } = this.root;
    for (const name of Object.keys(this.root.services)) this.resolve(this.root, name, []);
    const data: PlainMap = {};
    setFrom(out, file, [], []);
    for (const [key, value] of Object.entries(file.data)) {
      if (key !== "services") {
        const copied = copyNode({ value, path: [key], sources: file.sources, tags: file.tags }, [key], out);
        if (copied !== undefined) data[key] = copied;
        continue;
      }
      setFrom(out, file, ["services"], ["services"]);
      const services: PlainMap = {};
      for (const name of Object.keys(this.root.services)) services[name] = this.root.resolved.get(name) ?? null;
      data[key] = services;
    }
    return { path: file.path, data, sources: out.sources, tags: out.tags };
  }

  private stateOf(file: ComposeFile): FileState {
    const services = file.data["services"];
    const state: FileState = {
      file,
      services: isPlainMap(services) ? services : {},
      resolved: new Map(),
      resolving: new Set(),
      out: { sources: new SourceMap(), tags: new Map(), diag: this.ctx.diag },
    };
    this.states.set(file.path, state);
    return state;
  }

  /** Resolves service `name` of `state` (and, first, the chain of bases it extends). */
  private resolve(state: FileState, name: string, stack: readonly StackEntry[]): void {
    if (state.resolved.has(name) || state.resolving.has(name)) return;
    const at: TreePath = ["services", name];
    const svc = state.services[name] ?? null;
    const own = (value: Plain): NodeRef => ({ value, path: at, sources: state.file.sources, tags: state.file.tags });
    if (!isPlainMap(svc) || svc["extends"] === undefined) {
      state.resolved.set(name, copyNode(own(svc), at, state.out) ?? null);
      return;
    }
    state.resolving.add(name);
    const { extends: _extends, ...local } = svc;
    const base = this.base(state, name, svc["extends"], [...stack, { state, name }]);
    const merged = base ? mergeService(base, own(local), at, state.out) : copyNode(own(local), at, state.out);
    state.resolving.delete(name);
    state.resolved.set(name, merged ?? null);
  }

  /** Finds and resolves the base of `name`; undefined (after reporting why) when there is none to use. */
  private base(state: FileState, name: string, raw: Plain, stack: readonly StackEntry[]): NodeRef | undefined {
    const ref = this.readRef(state, name, raw);
    if (!ref) return undefined;
    const target = ref.file === undefined ? state : this.load(ref.file, ref.written ?? ref.file, state, name);
    if (!target) return undefined;
    if (!Object.hasOwn(target.services, ref.service)) {
      this.unknown(state, name, ref, target);
      return undefined;
    }
    if (target.resolving.has(ref.service)) {
      this.cycle(state, name, [...stack, { state: target, name: ref.service }]);
      return undefined;
    }
    this.resolve(target, ref.service, stack);
    const value = target.resolved.get(ref.service) ?? null;
    const move = rebaser(posix.dirname(target.file.path), posix.dirname(state.file.path), this.ctx.host.homeDir, this.ctx.resolvePaths);
    return {
      // Paths of a base from another file belong to that file's directory.
      value: target !== state && isPlainMap(value) ? rebaseService(value, move) : value,
      path: ["services", ref.service],
      sources: target.out.sources,
      tags: target.out.tags,
    };
  }

  private readRef(state: FileState, name: string, raw: Plain): ExtendsRef | undefined {
    if (typeof raw === "string" && raw !== "") return { service: raw };
    if (isPlainMap(raw) && typeof raw["service"] === "string" && raw["service"] !== "") {
      const file = raw["file"];
      if (typeof file !== "string" || file === "") return { service: raw["service"] };
      return { service: raw["service"], file: resolveFrom(state.file.path, file), written: file };
    }
    this.report(state, name, [], "E_EXTENDS_INVALID", `extends of service "${name}" must name a service`, {
      hint: "Write `extends: <service>` or `extends: {service: <service>, file: <path>}`.",
    });
    return undefined;
  }

  private load(abs: string, written: string, from: FileState, name: string): FileState | undefined {
    if (this.states.has(abs)) return this.states.get(abs);
    if (!this.ctx.host.isFile(abs)) {
      this.report(from, name, ["file"], "E_EXTENDS_FILE_NOT_FOUND", `extends file ${written} of service "${name}" not found`, {
        hint: `The path resolved to ${abs}; extends.file is relative to the directory of the file that declares it.`,
      });
      return undefined;
    }
    const loaded = this.ctx.loadFile(abs);
    if (!loaded) {
      this.states.set(abs, undefined);
      return undefined;
    }
    return this.stateOf({ ...loaded, path: abs });
  }

  private unknown(state: FileState, name: string, ref: ExtendsRef, target: FileState): void {
    const names = Object.keys(target.services);
    const close = suggest(ref.service, names.filter((n) => n !== name || target !== state));
    const where = ref.file === undefined ? "" : ` in ${ref.file}`;
    this.report(state, name, ["service"], "E_EXTENDS_UNKNOWN_SERVICE", `service "${name}" extends "${ref.service}", which is not defined${where}`, {
      hint: close
        ? `Did you mean "${close}"?`
        : names.length > 0
          ? `Defined services: ${names.join(", ")}.`
          : "That file defines no services.",
    });
  }

  private cycle(state: FileState, name: string, chain: readonly StackEntry[]): void {
    const last = chain[chain.length - 1];
    const start = chain.findIndex((e) => e.state === last?.state && e.name === last?.name);
    const loop = chain.slice(start);
    const crossesFiles = loop.some((e) => e.state !== loop[0]?.state);
    const rootDir = posix.dirname(this.root.file.path);
    const label = (e: StackEntry) =>
      crossesFiles ? `${e.name} (${posix.relative(rootDir, e.state.file.path) || posix.basename(e.state.file.path)})` : e.name;
    this.report(state, name, [], "E_EXTENDS_CYCLE", `extends cycle: ${loop.map(label).join(" -> ")}`, {
      hint: "Make one of these services stop extending the next.",
    });
  }

  private report(state: FileState, name: string, sub: TreePath, code: string, message: string, opts: { hint: string }): void {
    const at: TreePath = ["services", name, "extends", ...sub];
    const location = state.file.sources.locate(at);
    this.ctx.diag.error(code, message, { ...opts, path: at, ...(location ? { location } : {}) });
  }
}

/** Resolves `file` against the directory of `from` (an absolute path, or a pseudo name such as "<stdin>"). */
function resolveFrom(from: string, file: string): string {
  if (posix.isAbsolute(file)) return posix.normalize(file);
  const dir = posix.isAbsolute(from) ? posix.dirname(from) : ".";
  return posix.resolve(dir, file);
}

/** Records, at `to` in `out`, where the node at `from` of `file` was written. */
function setFrom(out: MergeOutput, file: ComposeFile, from: TreePath, to: TreePath): void {
  const value = file.sources.locate(from);
  if (value) out.sources.set(to, value, file.sources.locateKey(from));
}
