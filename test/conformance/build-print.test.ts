/**
 * `build --print` against Docker Compose: the bake definition (JSON) printed for every corpus case
 * and realistic project that builds, for the fixtures under build-print-fixtures/, and for flag
 * variants (`--no-cache`, `--pull`, `--push`, `--build-arg`, a named service, `--with-dependencies`).
 * Stdout must be byte-equal and exit codes the same. Compose lists the default group's targets, a
 * target's ulimits and its ssh entries in Go's random map order (measured: `build.ssh: [default,
 * key=…]` printed in either order from one run to the next), so the lines of those arrays are
 * sorted on both sides first. Nothing is built: neither tool contacts the engine
 * for a build (Compose warns on stderr that buildx is missing; stderr is not compared).
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { assertCliBuilt } from "../helpers/cli.js";
import { referenceComposeOrSkip } from "../helpers/reference-compose.js";
import { loadCorpus } from "./corpus.js";
import { runTool, type RunResult } from "./tools.js";

const reference = await referenceComposeOrSkip("build --print");

const HERE = path.dirname(fileURLToPath(import.meta.url));
const PROJECTS = path.resolve(HERE, "../projects");
const FIXTURES = path.join(HERE, "build-print-fixtures");

/** One comparison: global args before `build --print`, then the build's own args. */
interface PrintCase {
  readonly id: string;
  readonly dir: string;
  readonly global: readonly string[];
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
}

/**
 * Cases where Compose's output is a bug, not a behaviour to copy. `a.b` and `a_b` both become bake
 * target `a_b`: Compose keeps one of the two at random (Go map order) and names it twice in the group.
 */
const KNOWN: Readonly<Record<string, string>> = {
  "fixture/collide": "Compose 2.40.3 maps `a.b` and `a_b` to the same bake target and keeps a random one of the two",
};

/** Whether a YAML file under `dir` (recursively) has a `build:` key. */
function hasBuild(dir: string): boolean {
  for (const entry of readdirSync(dir)) {
    const file = path.join(dir, entry);
    if (statSync(file).isDirectory()) {
      if (hasBuild(file)) return true;
    } else if (/\.ya?ml$/.test(entry) && /^\s+build:/m.test(readFileSync(file, "utf8"))) return true;
  }
  return false;
}

function corpusCases(): PrintCase[] {
  return loadCorpus()
    .filter((c) => c.kind === "valid" && hasBuild(c.dir))
    .map((c) => ({ id: c.id, dir: c.dir, global: [...(c.options.args ?? []), "-p", c.project], args: [], env: c.options.env ?? {} }));
}

/** The realistic projects that build; their case.json args up to the verb are the global flags. */
function projectCases(): PrintCase[] {
  const out: PrintCase[] = [];
  for (const name of readdirSync(PROJECTS).sort()) {
    const dir = path.join(PROJECTS, name);
    const file = path.join(dir, "case.json");
    if (!existsSync(file) || !hasBuild(dir)) continue;
    const options = JSON.parse(readFileSync(file, "utf8")) as { args?: string[]; env?: Record<string, string> };
    const args = options.args ?? [];
    const verb = args.indexOf("config");
    out.push({ id: `projects/${name}`, dir, global: verb >= 0 ? args.slice(0, verb) : [], args: [], env: options.env ?? {} });
  }
  return out;
}

function fixtureCases(): PrintCase[] {
  return readdirSync(FIXTURES)
    .sort()
    .map((name) => ({ id: `fixture/${name}`, dir: path.join(FIXTURES, name), global: [], args: [], env: {} }));
}

/** Flag variants on a few cases. */
function variants(base: readonly PrintCase[]): PrintCase[] {
  const find = (id: string) => {
    const c = base.find((x) => x.id === id);
    if (!c) throw new Error(`no case ${id}`);
    return c;
  };
  const out: PrintCase[] = [];
  const add = (id: string, args: string[]) => out.push({ ...find(id), id: `${id} ${args.join(" ")}`, args });
  for (const id of ["valid/build/long-syntax", "projects/24-build-objects", "fixture/deps"]) {
    for (const args of [["--no-cache"], ["--pull"], ["--push"], ["--build-arg", "X=1"]]) add(id, args);
  }
  add("projects/24-build-objects", ["worker"]);
  add("projects/24-build-objects", ["--build-arg", "GIT_SHA", "--build-arg", "LDFLAGS", "--build-arg", "GO_VERSION=1.23"]);
  add("fixture/deps", ["web"]);
  add("fixture/deps", ["--with-dependencies", "web"]);
  add("fixture/deps", ["db"]);
  add("fixture/deps", ["--build-arg", "FROM_DOTENV", "--build-arg", "DOLLAR"]);
  add("valid/build/provenance-sbom", ["short"]);
  return out;
}

/** Sorts the lines of the arrays Compose prints in random order: the group's targets, each target's ulimits and ssh. */
function normalize(stdout: string): string {
  return stdout.replace(/("(?:targets|ulimits|ssh)": \[\n)(.*?)(\n\s*\])/gs, (_m, open: string, body: string, close: string) => {
    const lines = body.split("\n").map((l) => l.replace(/,$/, ""));
    return open + lines.sort().join(",\n") + close;
  });
}

function parsed(r: RunResult): unknown {
  const text = normalize(r.stdout);
  try {
    return text === "" ? "" : (JSON.parse(text) as unknown);
  } catch {
    return text;
  }
}

const base = [...corpusCases(), ...projectCases(), ...fixtureCases()];
const cases = [...base, ...variants(base)];

describe.skipIf(!reference)("build --print agrees with Docker Compose", () => {
  it("has cases that build", () => {
    expect(corpusCases().length).toBeGreaterThanOrEqual(13);
    expect(projectCases().length).toBeGreaterThanOrEqual(10);
  });

  for (const c of cases) {
    const known = KNOWN[c.id];
    it.skipIf(known !== undefined)(`${c.id}${known ? ` (known: ${known})` : ""}`, async () => {
      assertCliBuilt();
      const args = [...c.global, "build", "--print", ...c.args];
      const [compose, ours] = await Promise.all([runTool("compose", args, { cwd: c.dir, env: c.env }), runTool("tscompose", args, { cwd: c.dir, env: c.env })]);
      expect(compose.code, `compose ${args.join(" ")}: ${compose.stderr}`).toBe(0);
      expect(parsed(ours), `tscompose ${args.join(" ")}: ${ours.stderr}`).toEqual(parsed(compose));
      expect(normalize(ours.stdout)).toBe(normalize(compose.stdout));
      expect(ours.code).toBe(compose.code);
    });
  }
});
