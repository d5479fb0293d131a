import { Diagnostics } from "../../spec/errors.js";
import { formatPath } from "../../spec/location.js";
import { parseComposeFile } from "../../spec/read/parse.js";
import { validateModel } from "../../spec/validate/validate.js";

/** One reported schema problem, flattened for exact comparison in tests. */
export interface Reported {
  code: string;
  /** `file:line:column`, or "?" when no position is known. */
  at: string;
  path: string;
  message: string;
  hint?: string;
}

/**
 * Test helper: parses `lines` as compose.yaml, validates it and returns what was reported,
 * in order. Throws when the text itself does not parse, so a test cannot pass by accident.
 */
export function validateLines(...lines: string[]): Reported[] {
  const diag = new Diagnostics();
  const file = parseComposeFile(lines.join("\n") + "\n", "compose.yaml", diag);
  if (!file || diag.errors.length > 0) throw new Error(`test input does not parse: ${diag.errors.map((e) => e.describe()).join("; ")}`);
  validateModel(file.data, file.sources, diag);
  return diag.errors.map((e) => ({
    code: e.code,
    at: e.location ? `${e.location.file}:${e.location.line}:${e.location.column}` : "?",
    path: formatPath(e.path ?? []),
    message: e.message,
    ...(e.hint === undefined ? {} : { hint: e.hint }),
  }));
}
