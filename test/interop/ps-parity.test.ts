import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatTable, PS_TABLE, COMPOSE_TABLE, type TableStyle } from "../../cli/commands/shared/output-table.js";
import type { CliResult } from "../helpers/cli.js";
import { referenceComposeOrSkip, runDocker } from "../helpers/reference-compose.js";
import { engineOrSkip } from "../helpers/engine.js";
import { compose, expectExit, Projects } from "../kits/up-kit.js";

/**
 * Issue 11: scripts that parse `docker compose ps`/`ls` keep working on tscompose. One project
 * (test/interop/stack: healthchecks, a published port, two networks, a named volume, a bind
 * mount) is brought up by tscompose, then one service is stopped and an exited one-off is run;
 * both tools then read the same containers and their outputs must agree byte for byte, except
 * what Compose itself does not print the same way twice: the order of Labels, Networks and
 * Mounts (Go map order) and the times in RunningFor/Status/CREATED (the clock moves between the
 * two runs). Needs the reference `docker compose` (2.40) on the same engine.
 */
const STACK = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "stack");

const engine = await engineOrSkip("ps/ls parity with Docker Compose");
const reference = engine ? await referenceComposeOrSkip("ps/ls parity with Docker Compose") : undefined;
const projects = new Projects(() => engine?.runtime);


/** A time phrase of go-units' HumanDuration (`5 seconds`, `About a minute`, …). */
const HUMAN_TIME = /\b(?:Less than a second|About an? (?:minute|hour)|\d+ (?:seconds?|minutes|hours|days|weeks|months|years))\b/g;

/** Sorts a comma-separated list (Go map order in Compose). */
const sortList = (value: string) => value.split(",").sort().join(",");

/** Replaces one JSON string member's raw value (escapes kept) through `f`. */
function mapMember(line: string, field: string, f: (raw: string) => string): string {
  return line.replace(new RegExp(`"${field}":"((?:[^"\\\\]|\\\\.)*)"`), (_m, raw: string) => `"${field}":"${f(raw)}"`);
}

/** A `ps --format json` line with Compose's unordered lists sorted and the clock's phrases replaced by `T`; the rest untouched. */
function normaliseJsonLine(line: string): string {
  let out = line;
  for (const field of ["Labels", "Networks", "Mounts"]) out = mapMember(out, field, sortList);
  for (const field of ["RunningFor", "Status"]) out = mapMember(out, field, (raw) => raw.replace(HUMAN_TIME, "T"));
  return out;
}

/** The output's lines, normalised; fails when the command did not exit 0. */
function jsonLines(r: CliResult, what: string): string[] {
  expect(r.code, `${what} exit code; stderr:\n${r.stderr}`).toBe(0);
  return r.stdout.split("\n").filter((l) => l !== "").map(normaliseJsonLine);
}

/** A table's cells, cut at the header's column starts (ASCII tables), with times replaced by `T`. */
function tableCells(text: string): string[][] {
  const lines = text.split("\n").filter((l) => l !== "");
  const header = lines[0] ?? "";
  const starts = [...header.matchAll(/(?:^|(?<=\s{2}))\S/g)].map((m) => m.index);
  return lines.map((l) => starts.map((s, i) => l.slice(s, starts[i + 1] ?? l.length).trimEnd()));
}

/**
 * Checks a table both ways: the cells agree (times aside), and our layout of Compose's own cells
 * is Compose's text byte for byte (so equal cells print equal bytes).
 */
function expectSameTable(ours: CliResult, theirs: CliResult, style: TableStyle, what: string): void {
  expectExit(ours, 0);
  expect(theirs.code, `docker compose ${what}; stderr:\n${theirs.stderr}`).toBe(0);
  const cells = tableCells(theirs.stdout);
  expect(formatTable(cells, style), `our layout of Compose's own ${what} cells`).toBe(theirs.stdout);
  const timeless = (rows: string[][]) => rows.map((r) => r.map((c) => c.replace(HUMAN_TIME, "T")));
  expect(timeless(tableCells(ours.stdout)), `tscompose ${what} (times as T)`).toEqual(timeless(cells));
}

describe.skipIf(!engine || !reference)(`ps and ls print what Docker Compose ${reference ?? ""} prints`, () => {
  const p = projects.next("tsc-psp");
  const ours = (...args: string[]) => compose(STACK, p, args);
  const theirs = (...args: string[]) => runDocker(["compose", "-p", p, ...args], { cwd: STACK });
  /** Both tools' output of the same command, Compose's second. */
  const both = async (...args: string[]) => ({ ours: await ours(...args), theirs: await theirs(...args) });

  beforeAll(async () => {
    expectExit(await ours("up", "-d", "--wait"), 0);
    expectExit(await ours("stop", "worker"), 0);
    expectExit(await ours("run", "-d", "--no-deps", "worker", "sh", "-c", "echo one-off; exit 3"), 0);
    // The one-off exits at once; wait until the engine says so, so both tools see one state.
    for (let i = 0; i < 40; i++) {
      const r = await ours("ps", "-a", "--status", "exited", "--services");
      if (r.stdout.trim() === "worker" && (await ours("ps", "-a", "--status", "exited", "-q")).stdout.trim().split("\n").length === 2) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }, 180_000);
  afterAll(() => projects.cleanup());

  it.each([
    ["ps --format json", ["ps", "--format", "json"]],
    ["ps -a --format json", ["ps", "-a", "--format", "json"]],
    ["ps -a --no-trunc --format json", ["ps", "-a", "--no-trunc", "--format", "json"]],
    ["ps --status exited --format json", ["ps", "--status", "exited", "--format", "json"]],
    ["ps --filter status=running --format json web", ["ps", "--filter", "status=running", "--format", "json", "web"]],
  ])("%s: the same objects, keys, order, truncation and escaping", async (_what, args) => {
    const r = await both(...args);
    const theirLines = jsonLines(r.theirs, `docker compose ${args.join(" ")}`);
    expect(theirLines.length, "docker compose listed containers").toBeGreaterThan(0);
    expect(jsonLines(r.ours, `tscompose ${args.join(" ")}`)).toEqual(theirLines);
  });

  it.each([
    ["ps", ["ps"]],
    ["ps -a", ["ps", "-a"]],
    ["ps -a --no-trunc", ["ps", "-a", "--no-trunc"]],
    ["ps --status paused (no row)", ["ps", "--status", "paused"]],
    ["ps --format 'table {{.ID}}\\t{{.Command}}\\t{{.Size}}\\t{{.Mounts}}' -a", ["ps", "-a", "--format", "table {{.ID}}\t{{.Command}}\t{{.Size}}\t{{.Mounts}}"]],
  ])("%s: the same table", async (what, args) => {
    const r = await both(...args);
    expectSameTable(r.ours, r.theirs, PS_TABLE, what);
  });

  it.each([
    ["ps -q", ["ps", "-q"]],
    ["ps -a -q", ["ps", "-a", "-q"]],
    ["ps --services", ["ps", "--services"]],
    ["ps -a --services", ["ps", "-a", "--services"]],
    ["ps --status paused --services (an empty line)", ["ps", "--status", "paused", "--services"]],
    ["ps -a --format '{{.Name}} {{.State}} {{.ExitCode}} {{.Health}}'", ["ps", "-a", "--format", "{{.Name}} {{.State}} {{.ExitCode}} {{.Health}}"]],
  ])("%s: the same bytes", async (what, args) => {
    const r = await both(...args);
    expect(r.theirs.code, `docker compose ${what}; stderr:\n${r.theirs.stderr}`).toBe(0);
    expectExit(r.ours, 0);
    expect(r.ours.stdout, `tscompose ${what}`).toBe(r.theirs.stdout);
  });

  it("ls: the same JSON, table and names for this project, with and without -a", async () => {
    const only = ["--filter", `name=^${p}$`];
    for (const args of [["ls", "--format", "json", ...only], ["ls", "-a", "--format", "json", ...only], ["ls", "-q", ...only], ["ls", "-a", "-q", ...only]]) {
      const r = { ours: await ours(...args), theirs: await theirs(...args) };
      expect(r.theirs.code, `docker compose ${args.join(" ")}; stderr:\n${r.theirs.stderr}`).toBe(0);
      expect(r.ours.stdout, `tscompose ${args.join(" ")}`).toBe(r.theirs.stdout);
    }
    for (const args of [["ls", ...only], ["ls", "-a", ...only]]) {
      const r = { ours: await ours(...args), theirs: await theirs(...args) };
      expectSameTable(r.ours, r.theirs, COMPOSE_TABLE, args.join(" "));
      expect(r.ours.stdout, `tscompose ${args.join(" ")}`).toBe(r.theirs.stdout);
    }
  });

  // Compose reads the containers' logs in parallel, so which container prints first varies, and
  // two that start at once can both widen the column before either line is written. Ours reads
  // them one after another and follows the rule exactly; Compose's output only ever widens.
  it("logs: each prefix is padded to the longest name printed so far (Compose: the padding only widens)", async () => {
    const r = await both("logs", "--no-color", "db", "worker");
    const parsed = (out: CliResult) =>
      out.stdout
        .split("\n")
        .filter((l) => l !== "")
        .map((line) => ({ line, name: line.slice(0, line.indexOf(" ")), width: line.indexOf(" | ") }));
    expectExit(r.ours, 0);
    expect(r.theirs.code, `docker compose logs; stderr:\n${r.theirs.stderr}`).toBe(0);
    const seen: string[] = [];
    for (const { line, name, width } of parsed(r.ours)) {
      if (!seen.includes(name)) seen.push(name);
      expect(width, `tscompose: ${JSON.stringify(line)}`).toBe(Math.max(...seen.map((n) => n.length)) + 1);
    }
    expect(seen, "tscompose: containers in display order").toEqual(["db-1", "worker-1"]);
    const theirs = parsed(r.theirs);
    theirs.forEach(({ line, name, width }, i) => {
      expect(width, `docker compose: ${JSON.stringify(line)}`).toBeGreaterThanOrEqual(Math.max(name.length + 1, theirs[i - 1]?.width ?? 0));
      expect(width, `docker compose: ${JSON.stringify(line)}`).toBeLessThanOrEqual("worker-1".length + 1);
    });
    // The same lines, whatever order Compose read its containers in.
    const bare = (o: CliResult) => parsed(o).map(({ line }) => line.replace(/ +\| /, " | ")).sort();
    expect(bare(r.ours)).toEqual(bare(r.theirs));
  });
});
