import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { CaseResult, Check } from "./checks.js";
import { NORMALISATIONS } from "./normalize.js";

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** A disagreement judged to be a Compose bug: excluded from the failure count, shown in the table. */
export interface KnownDifference {
  /** The case id, `valid/<category>/<case>` or `invalid/<case>`. */
  readonly case: string;
  readonly check: Check;
  /** Why it is Compose that is wrong, checked against Compose itself. */
  readonly reason: string;
}

/** Reads `known-differences.json`. */
export function loadKnownDifferences(file = path.join(HERE, "known-differences.json")): KnownDifference[] {
  return JSON.parse(readFileSync(file, "utf8")) as KnownDifference[];
}

/** The checks whose disagreement fails the suite. `a-bytes` only with CONFORMANCE_STRICT_BYTES=1. */
export function failingChecks(strictBytes: boolean): Check[] {
  return strictBytes ? ["a-sorted", "a-bytes", "b", "c", "d"] : ["a-sorted", "b", "c", "d"];
}

function isKnown(known: readonly KnownDifference[], id: string, check: Check): KnownDifference | undefined {
  return known.find((k) => k.case === id && k.check === check);
}

/**
 * The failure report of one case (empty when it passes): corpus errors, then each failing check
 * that is not a known difference, with its first differences. A known difference that no longer
 * differs is reported too, so the list cannot go stale.
 */
export function caseFailures(result: CaseResult, known: readonly KnownDifference[], strictBytes: boolean): string[] {
  const out = result.corpusErrors.map((e) => `corpus: ${e}`);
  for (const check of failingChecks(strictBytes)) {
    const outcome = result.checks[check];
    const knownEntry = isKnown(known, result.case.id, check);
    if (outcome && !outcome.agree && !knownEntry) {
      out.push(`${check} disagrees:`, ...outcome.details.map((d) => `    ${d}`));
    }
    if (outcome?.agree && knownEntry) out.push(`${check}: listed in known-differences.json but agrees now; remove the entry`);
  }
  return out;
}

const COLUMNS: readonly { readonly check: Check; readonly title: string }[] = [
  { check: "a-sorted", title: "a: config (sorted keys)" },
  { check: "a-bytes", title: "a: config (bytes)" },
  { check: "b", title: "b: create/inspect" },
  { check: "c", title: "c: config hash" },
  { check: "d", title: "d: rejection (exit 2)" },
];

function cell(results: readonly CaseResult[], check: Check, known: readonly KnownDifference[]): string {
  const applicable = results.filter((r) => r.checks[check] !== undefined);
  if (applicable.length === 0) return "–";
  const agree = applicable.filter((r) => r.checks[check]?.agree).length;
  const knownCount = applicable.filter((r) => !r.checks[check]?.agree && isKnown(known, r.case.id, check)).length;
  const pct = Math.floor((agree / applicable.length) * 1000) / 10;
  return `${pct}% (${agree}/${applicable.length}${knownCount ? `, ${knownCount} known` : ""})`;
}

function locationCell(results: readonly CaseResult[]): string {
  const wanted = results.filter((r) => r.case.kind === "invalid" && r.case.options.location !== false);
  if (wanted.length === 0) return "–";
  const has = wanted.filter((r) => r.hasLocation).length;
  return `${Math.floor((has / wanted.length) * 1000) / 10}% (${has}/${wanted.length})`;
}

/** The agreement table, one row per category and a total row, as Markdown. */
export function agreementTable(results: readonly CaseResult[], known: readonly KnownDifference[]): string {
  const categories = [...new Set(results.map((r) => r.case.category))];
  const header = ["category", "cases", ...COLUMNS.map((c) => c.title), "d: has file:line:col"];
  const rows: [string, readonly CaseResult[]][] = [
    ...categories.map((cat): [string, readonly CaseResult[]] => [cat, results.filter((r) => r.case.category === cat)]),
    ["**total**", results],
  ];
  const body = rows.map(([name, rs]) => [name, String(rs.length), ...COLUMNS.map((c) => cell(rs, c.check, known)), locationCell(rs)]);
  return [header, header.map(() => "---"), ...body].map((row) => `| ${row.join(" | ")} |`).join("\n");
}

/** RESULTS.md: how it was measured, the table, the normalisations, known differences and every disagreement. */
export function resultsMarkdown(
  results: readonly CaseResult[],
  known: readonly KnownDifference[],
  context: { readonly versions: string; readonly seconds: number; readonly strictBytes: boolean },
): string {
  const parts: string[] = [
    "# Conformance with Docker Compose: results",
    "",
    "Written by `test/conformance/conformance.test.ts` (run: `npx vitest run test/conformance`). Do not edit by hand.",
    "",
    `${context.versions}. ${results.length} cases, ${Math.round(context.seconds)} s.`,
    "",
    "a: `config --format json` equal after sorting keys (and byte for byte, second column); b: `docker inspect` of every",
    "container, network and volume after `create` equal once normalised (below); c: config hashes equal (Compose's",
    "container label against `tscompose config --hash '*'`, and against our container's label; where a service joins",
    "another's namespaces, against Compose's hash of the model with our container ids; without create, `config --hash`",
    "on both sides); d: an invalid case, rejected by Compose, makes tscompose exit 2.",
    `Failing checks: ${failingChecks(context.strictBytes).join(", ")}${context.strictBytes ? "" : " (a-bytes is recorded, not failed; CONFORMANCE_STRICT_BYTES=1 fails it too)"}.`,
    "",
    agreementTable(results, known),
    "",
    "## Normalisations in check b",
    "",
    ...NORMALISATIONS.map((n) => `- ${n.what}: ${n.why}.`),
    "",
    "## Known differences (Compose bugs)",
    "",
    ...(known.length === 0 ? ["None."] : known.map((k) => `- \`${k.case}\` ${k.check}: ${k.reason}`)),
    "",
    "## Disagreements",
    "",
  ];
  for (const r of results) {
    const lines: string[] = [...r.corpusErrors.map((e) => `corpus: ${e}`)];
    for (const { check } of COLUMNS) {
      const outcome = r.checks[check];
      if (outcome && !outcome.agree) {
        const mark = isKnown(known, r.case.id, check) ? " (known Compose bug)" : "";
        lines.push(`${check}${mark}:`, ...outcome.details.slice(0, 6).map((d) => `  ${d}`));
      }
    }
    lines.push(...r.notes.filter((n) => n.startsWith("c: ")).map((n) => `note ${n}`));
    if (lines.length > 0) parts.push(`### ${r.case.id}`, "", "```", ...lines, "```", "");
  }
  return `${parts.join("\n")}\n`;
}
