import type { Case } from "./corpus.js";
import { diff, firstLineDifference, formatDifferences, sortKeys } from "./diff.js";
import { runTool, type RunResult, type Tool } from "./tools.js";

/** The four comparisons, plus the byte-for-byte column of the first. */
export type Check = "a-sorted" | "a-bytes" | "b" | "c" | "d";

/** The outcome of one check on one case: agree, disagree (with the first differences), or not applicable. */
export interface CheckResult {
  readonly agree: boolean;
  /** Human-readable lines: the first differences, or why the check could not run. */
  readonly details: readonly string[];
}

/** Everything measured on one case. A check absent from `checks` did not apply to the case. */
export interface CaseResult {
  readonly case: Case;
  readonly checks: Partial<Record<Check, CheckResult>>;
  /** Corpus errors: Compose rejects a "valid" case or accepts an "invalid" one. Always failures. */
  readonly corpusErrors: string[];
  /** Invalid cases: whether our message carried file:line:col. */
  readonly hasLocation?: boolean;
  /** Informational notes (a case's create skip reason, for instance). */
  readonly notes: string[];
}

/** Runs one tool on a case with its own flags and environment. */
export function runOnCase(tool: Tool, c: Case, project: string, args: readonly string[], timeoutMs?: number): Promise<RunResult> {
  return runTool(tool, ["-p", project, ...(c.options.args ?? []), ...args], {
    cwd: c.dir,
    env: c.options.env ?? {},
    ...(timeoutMs ? { timeoutMs } : {}),
  });
}

function firstLines(text: string, count = 3): string {
  return text.trim().split("\n").slice(0, count).join(" | ");
}

/** Check a: `config --format json` of both tools, sorted-key equality and byte equality. */
export function compareConfig(compose: RunResult, ours: RunResult): { sorted: CheckResult; bytes: CheckResult; model?: unknown } {
  if (ours.code !== 0) {
    const failed = { agree: false, details: [`tscompose config exited ${ours.code}: ${firstLines(ours.stderr)}`] };
    return { sorted: failed, bytes: failed };
  }
  if (compose.code !== 0) {
    const failed = { agree: false, details: [`Compose accepts the file (config -q) but its config --format json exited ${compose.code}: ${firstLines(compose.stderr)}`] };
    return { sorted: failed, bytes: failed };
  }
  let composeModel: unknown;
  let ourModel: unknown;
  try {
    composeModel = JSON.parse(compose.stdout);
  } catch (error) {
    // Compose's own JSON can be invalid (a known bug); then only the bytes can be compared.
    const agree = compose.stdout === ours.stdout;
    const details = agree ? [] : [`Compose printed invalid JSON (${(error as Error).message})`, firstLineDifference(compose.stdout, ours.stdout) ?? ""];
    return { sorted: { agree, details }, bytes: { agree, details } };
  }
  try {
    ourModel = JSON.parse(ours.stdout);
  } catch (error) {
    const failed = { agree: false, details: [`tscompose printed invalid JSON: ${(error as Error).message}`] };
    return { sorted: failed, bytes: failed, model: composeModel };
  }
  const sortedAgree = JSON.stringify(sortKeys(composeModel)) === JSON.stringify(sortKeys(ourModel));
  const sorted = { agree: sortedAgree, details: sortedAgree ? [] : formatDifferences(diff(composeModel, ourModel)) };
  const line = firstLineDifference(compose.stdout, ours.stdout);
  const bytes = { agree: line === undefined, details: line === undefined ? [] : [line] };
  return { sorted, bytes, model: composeModel };
}

/** Parses `config --hash` output (`service hash` per line) into a map. */
export function parseHashes(stdout: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of stdout.split("\n")) {
    const [service, hash] = line.trim().split(/\s+/);
    if (service && hash) out.set(service, hash);
  }
  return out;
}

/** Compares hash maps service by service; `label` names where each side's value came from. */
export function compareHashes(compose: ReadonlyMap<string, string>, ours: ReadonlyMap<string, string>, label: string): string[] {
  const details: string[] = [];
  for (const service of [...new Set([...compose.keys(), ...ours.keys()])].sort()) {
    const a = compose.get(service);
    const b = ours.get(service);
    if (a !== b) details.push(`${label} ${service}: compose ${a ?? "(none)"}, ours ${b ?? "(none)"}`);
  }
  return details;
}

/** `file:line:col` anywhere in a message. */
const LOCATION = /(^|[\s(])[^\s:()]+:\d+:\d+/m;

/** Check d: Compose rejects the file; we must exit 2, with file:line:col when the error is tied to a line. */
export function compareRejection(c: Case, compose: RunResult, ours: RunResult): { result: CheckResult; corpusErrors: string[]; hasLocation: boolean } {
  const corpusErrors = compose.code === 0 ? ["Compose accepts this invalid case: fix the corpus"] : [];
  const hasLocation = LOCATION.test(ours.stderr) || LOCATION.test(ours.stdout);
  const wantLocation = c.options.location !== false;
  const details: string[] = [];
  if (ours.code !== 2) details.push(`tscompose exited ${ours.code}, expected 2${ours.code === 0 ? " (accepted the file)" : ""}: ${firstLines(ours.stderr || ours.stdout)}`);
  if (wantLocation && !hasLocation) details.push(`no file:line:col in tscompose's message: ${firstLines(ours.stderr || ours.stdout)}`);
  if (details.length > 0) details.push(`Compose said: ${firstLines(compose.stderr)}`);
  return { result: { agree: details.length === 0, details }, corpusErrors, hasLocation };
}
