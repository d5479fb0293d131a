import type { Diagnostics } from "../errors.js";
import { formatPath, pathKey, type SourceLocation, type SourceMap } from "../location.js";
import type { PlainMap } from "../read/parse.js";
import { collapseErrors, type SchemaError } from "./validate-collapse.js";
import { explain, type Problem } from "./validate-messages.js";
import { checkPortsPublishedTwice } from "./validate-ports.js";
import { loadSchema, schemaValidator } from "./validate-schema.js";

export { loadSchema };

/**
 * Validates a merged compose tree against schema.json and reports every problem to `diag`,
 * each once, in file order, with a plain-English message, a fix hint where one helps, the
 * offending path and its source location (the key's position for unknown or missing keys).
 * Error codes start with `E_SCHEMA_`. Also reports a host port one service publishes twice, which
 * only the written tree can place (see validate-ports.ts). Nothing is thrown; the caller ends the
 * stage with `diag.throwIfAny()`.
 */
export function validateModel(data: PlainMap, sources: SourceMap, diag: Diagnostics): void {
  const validate = schemaValidator();
  if (validate(data)) {
    checkPortsPublishedTwice(data, sources, diag);
    return;
  }
  const findings = collapseErrors((validate.errors ?? []) as SchemaError[], data);
  const seen = new Set<string>();
  const located: Located[] = [];
  for (const problem of withoutImpliedMissing(findings.map(explain))) {
    const key = `${pathKey(problem.path)}\n${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const location = problem.atKey ? sources.locateKey(problem.at) : sources.locate(problem.at);
    located.push({ problem, location });
  }
  // Files keep the order in which their first problem was found; positions order the rest.
  const fileRank = new Map<string, number>();
  for (const { location } of located) if (location && !fileRank.has(location.file)) fileRank.set(location.file, fileRank.size);
  located.sort((a, b) => byPosition(a, b, fileRank));
  for (const { problem, location } of located) {
    diag.error(problem.code, problem.message, {
      path: problem.path,
      ...(location ? { location } : {}),
      ...(problem.hint === undefined ? {} : { hint: problem.hint }),
    });
  }
}

/**
 * A misspelt required key (`condtion:`) is both unknown and missing; the unknown key, with its
 * "did you mean", is the one problem to report.
 */
function withoutImpliedMissing(problems: readonly Problem[]): Problem[] {
  const meant = new Set<string>();
  for (const p of problems) if (p.meant !== undefined) meant.add(pathKey([...p.path.slice(0, -1), p.meant]));
  return problems.filter((p) => p.missing === undefined || !meant.has(pathKey([...p.path, p.missing])));
}

type Located = { problem: Problem; location: SourceLocation | undefined };

function byPosition(a: Located, b: Located, fileRank: ReadonlyMap<string, number>): number {
  const la = a.location;
  const lb = b.location;
  if (la && lb) {
    if (la.file !== lb.file) return (fileRank.get(la.file) ?? 0) - (fileRank.get(lb.file) ?? 0);
    if (la.line !== lb.line) return la.line - lb.line;
    if (la.column !== lb.column) return la.column - lb.column;
  } else if (la || lb) {
    return la ? -1 : 1;
  }
  return formatPath(a.problem.path).localeCompare(formatPath(b.problem.path));
}
