import type { Diagnostics } from "../errors.js";
import type { SourceMap } from "../location.js";
import { parseDetailed } from "./parse-detailed.js";
import { parseFast } from "./parse-fast.js";

/** A YAML tag Compose gives meaning to when files are merged. */
export type MergeTag = "reset" | "override";

/** A plain JSON-like value as parsed from YAML. */
export type Plain = null | boolean | number | string | Plain[] | { [key: string]: Plain };

/** A plain mapping. */
export type PlainMap = { [key: string]: Plain };

/**
 * One parsed project file: its plain tree plus where each node was written and
 * which nodes carried `!reset` / `!override`. Later stages reshape `data` and carry
 * `sources` and `tags` along by path.
 */
export interface ComposeFile {
  /** Absolute path of the file, or "-" for standard input. */
  readonly path: string;
  readonly data: PlainMap;
  readonly sources: SourceMap;
  /** `pathKey(path)` → tag, for nodes written with `!reset` or `!override`. */
  readonly tags: ReadonlyMap<string, MergeTag>;
}

/**
 * Parses one compose file's text into a ComposeFile with positions. Valid files take the fast
 * path (js-yaml); a file with any YAML problem is parsed again by the thorough parser, which
 * reports every problem to `diag` with file:line:column and a hint, and the result is undefined
 * when the text cannot be used. Anchors, aliases and `<<` merge keys are resolved.
 */
export function parseComposeFile(text: string, file: string, diag: Diagnostics): ComposeFile | undefined {
  return parseFast(text, file) ?? parseDetailed(text, file, diag);
}
