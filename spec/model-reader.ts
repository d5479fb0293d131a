import { castValues } from "./read/cast.js";
import type { Lookup } from "./discover/environment.js";
import type { Diagnostics } from "./errors.js";
import { resolveExtends } from "./merge/extends.js";
import type { SpecHost } from "./host.js";
import { resolveIncludes } from "./merge/include.js";
import { interpolateFile } from "./read/interpolate.js";
import type { LoadOptions } from "./load.js";
import { applyTags, mergeFiles } from "./merge/merge.js";
import { parseComposeFile, type ComposeFile } from "./read/parse.js";

/**
 * Reads files into one merged model (parse → interpolate unless `opts.interpolate` is false → cast
 * → include → extends → merge, in file order); `include` recurses into fresh models with their own
 * env. Problems go to `diag`; a file that cannot be read or parsed is left out of the model.
 */
export class ModelReader {
  constructor(
    private readonly host: SpecHost,
    private readonly diag: Diagnostics,
    private readonly opts: LoadOptions,
  ) {}

  /** Loads `files` (absolute) as one model, merged in order; undefined when none could be read. */
  loadModel(files: readonly string[], projectDir: string, lookup: Lookup, chain: readonly string[]): ComposeFile | undefined {
    let merged: ComposeFile | undefined;
    for (const file of files) {
      const one = this.loadFile(file, lookup, chain, projectDir);
      if (!one) continue;
      merged = merged ? mergeFiles(merged, one, this.diag) : one;
    }
    return merged ? applyTags(merged) : undefined;
  }

  private loadFile(file: string, lookup: Lookup, chain: readonly string[], projectDir: string): ComposeFile | undefined {
    const parsed = this.readOne(file, lookup);
    if (!parsed) return undefined;
    const included = resolveIncludes(parsed, {
      host: this.host,
      diag: this.diag,
      lookup,
      shell: this.opts.env,
      chain: [...chain, file],
      projectDir,
      resolvePaths: this.opts.resolvePaths,
      loadModel: (files, dir, innerLookup, innerChain) => this.loadModel(files, dir, innerLookup, innerChain),
    });
    return resolveExtends(included, {
      host: this.host,
      diag: this.diag,
      loadFile: (p) => this.readOne(p, lookup),
      resolvePaths: this.opts.resolvePaths,
    });
  }

  /** Reads, parses, interpolates and casts one file. */
  private readOne(file: string, lookup: Lookup): ComposeFile | undefined {
    const text = file === "-" ? this.opts.stdin : this.host.readFile(file);
    if (text === undefined) {
      this.diag.error("E_FILE_NOT_FOUND", `file ${file} not found`, { hint: "Check the path; relative paths resolve against the file that names them." });
      return undefined;
    }
    const parsed = parseComposeFile(text, file === "-" ? "<stdin>" : file, this.diag);
    if (!parsed) return undefined;
    const interpolated = this.opts.interpolate === false ? parsed : interpolateFile(parsed, lookup, this.diag);
    return castValues(interpolated, this.diag);
  }
}
