/**
 * The differential suite of issue 11: every case of corpus/ through Docker Compose (the reference,
 * `docker compose`, installed by scripts/install-compose.sh) and through tscompose, compared on
 * a. `config --format json`, b. the engine objects after `create`, c. config hashes, d. rejection.
 * Prints the agreement table and writes RESULTS.md (full corpus only). Each case is a test that
 * fails with its first differences, unless the difference is listed in known-differences.json.
 *
 * CONFORMANCE_CASES=REGEX runs only the matching case ids; CONFORMANCE_STRICT_BYTES=1 also fails
 * on config output that differs only in key order or escaping.
 */
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertCliBuilt } from "../helpers/cli.js";
import { engineOrSkip } from "../helpers/engine.js";
import type { CaseResult } from "./checks.js";
import { loadCorpus } from "./corpus.js";
import { corpusKeys, schemaProperties } from "./coverage.js";
import { agreementTable, caseFailures, loadKnownDifferences, resultsMarkdown } from "./report.js";
import { runSuite } from "./suite.js";
import { docker, runTool, snapshotCli } from "./tools.js";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const filter = process.env.CONFORMANCE_CASES;
const strictBytes = process.env.CONFORMANCE_STRICT_BYTES === "1";
const cases = loadCorpus(filter);
const known = loadKnownDifferences();
const results = new Map<string, CaseResult>();
let skipped: string | undefined;
let snapshot: string | undefined;

/** Why the reference cannot run, or undefined when `docker compose` answers. */
async function composeMissing(): Promise<string | undefined> {
  const version = await runTool("compose", ["version"], { cwd: HERE });
  return version.code === 0 ? undefined : `docker compose is not installed (${version.stderr.trim() || `exit ${version.code}`}); run scripts/install-compose.sh`;
}

async function versions(): Promise<string> {
  const compose = await runTool("compose", ["version", "--short"], { cwd: HERE });
  const ours = await runTool("tscompose", ["version", "--short"], { cwd: HERE });
  const engine = await docker(["version", "--format", "{{.Server.Version}}"]);
  return `Docker Compose ${compose.stdout.trim()}, tscompose ${ours.stdout.trim()}, Docker Engine ${engine.stdout.trim()}`;
}

beforeAll(async () => {
  const engine = await engineOrSkip("conformance");
  if (!engine) {
    skipped = "no Docker Engine";
    return;
  }
  const missing = await composeMissing();
  if (missing) {
    if (process.env.CI === "true") throw new Error(`conformance: the reference is required under CI=true: ${missing}`);
    console.warn(`\n[skipped] conformance: ${missing}\n`);
    skipped = missing;
    return;
  }
  assertCliBuilt();
  snapshot = await snapshotCli();
  const started = Date.now();
  const list = await runSuite(cases);
  for (const r of list) results.set(r.case.id, r);
  const seconds = (Date.now() - started) / 1000;
  console.log(`\nConformance with Docker Compose (${list.length} cases, ${Math.round(seconds)} s)\n\n${agreementTable(list, known)}\n`);
  if (!filter) {
    const markdown = resultsMarkdown(list, known, { versions: await versions(), seconds, strictBytes });
    writeFileSync(path.join(HERE, "RESULTS.md"), markdown);
  }
}, 20 * 60_000);

afterAll(() => {
  if (snapshot) rmSync(snapshot, { recursive: true, force: true });
});

describe("conformance corpus", () => {
  it("holds at least 100 valid and 30 invalid cases", () => {
    if (filter) return;
    expect(cases.filter((c) => c.kind === "valid").length).toBeGreaterThanOrEqual(100);
    expect(cases.filter((c) => c.kind === "invalid").length).toBeGreaterThanOrEqual(30);
  });

  // Every top-level element and service attribute of the spec, and every property of a nested
  // object (build, deploy, long syntaxes, ipam, watch…), is written in at least one valid case.
  it("covers every property the schema defines", () => {
    const used = corpusKeys();
    const schema = schemaProperties();
    expect(schema.topLevel.filter((key) => !used.topLevel.has(key)), "top-level elements no valid case uses").toEqual([]);
    expect(schema.service.filter((key) => !used.service.has(key)), "service attributes no valid case uses").toEqual([]);
    const nested = [...schema.nested].filter(([key]) => !used.anywhere.has(key)).map(([key, where]) => `${where}: ${key}`);
    expect(nested, "schema properties no valid case uses").toEqual([]);
  });

  it("lists known differences only for cases and checks that exist, each with a reason", () => {
    const ids = new Set(loadCorpus().map((c) => c.id));
    for (const k of known) {
      expect(ids.has(k.case), `known difference for unknown case ${k.case}`).toBe(true);
      expect(["a-sorted", "a-bytes", "b", "c", "d"]).toContain(k.check);
      expect(k.reason.length, `known difference ${k.case} ${k.check} needs a reason`).toBeGreaterThan(20);
    }
  });
});

describe("tscompose agrees with Docker Compose", () => {
  for (const c of cases) {
    it(c.id, (ctx) => {
      if (skipped) ctx.skip();
      const result = results.get(c.id);
      if (!result) throw new Error(`${c.id} was not run`);
      const failures = caseFailures(result, known, strictBytes);
      if (failures.length > 0) throw new Error(`${c.id} (${path.relative(process.cwd(), c.dir)}):\n${failures.join("\n")}`);
    });
  }
});
