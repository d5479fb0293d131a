import { Diagnostics } from "../../spec/errors.js";
import { memoryHost } from "../../spec/host.js";
import { SourceMap } from "../../spec/location.js";
import { normalizeProject } from "../../spec/normalize/normalize.js";
import { parseComposeFile, type PlainMap } from "../../spec/read/parse.js";
import type { Project } from "../../spec/project.js";

/** Options for `normalizeForTest`. */
export interface KitOptions {
  readonly files?: Record<string, string>;
  readonly env?: Record<string, string>;
}

/**
 * Test helper: normalizes `data` (or YAML text, parsed as /proj/compose.yaml so errors carry
 * locations) as project "demo" in /proj, with a memory host and a fixed variable lookup.
 */
export function normalizeForTest(data: PlainMap | string, options: KitOptions = {}): { project: Project; diag: Diagnostics } {
  const diag = new Diagnostics();
  let tree: PlainMap;
  let sources = new SourceMap();
  if (typeof data === "string") {
    const file = parseComposeFile(data, "/proj/compose.yaml", diag);
    if (!file) throw new Error(`test YAML does not parse: ${diag.errors.map((e) => e.message).join("; ")}`);
    tree = file.data;
    sources = file.sources;
  } else {
    tree = data;
  }
  const env = options.env ?? {};
  const project = normalizeProject({
    data: tree,
    sources,
    projectName: "demo",
    projectDir: "/proj",
    host: memoryHost(options.files ?? {}, "/home/me"),
    lookup: (name) => (Object.hasOwn(env, name) ? env[name] : undefined),
    diag,
  });
  return { project, diag };
}
