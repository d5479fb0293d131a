/**
 * `config`'s model flags against Docker Compose 2.40.3: every valid corpus case with
 * `--no-env-resolution`, `--no-path-resolution`, `--no-normalize` and `--no-normalize
 * --no-path-resolution` (`config --format json` on both tools: exit codes, then the parsed JSON
 * compared deeply; byte equality is counted and asserted too), and every invalid case with
 * `--no-consistency` (alone and with `--no-normalize --no-path-resolution`: the cases Compose then
 * accepts must print the same model; the others must still be rejected by both, tscompose exiting 2).
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { isDeepStrictEqual } from "node:util";
import { describe, expect, it } from "vitest";
import { assertCliBuilt } from "../helpers/cli.js";
import { referenceComposeOrSkip } from "../helpers/reference-compose.js";
import { loadCorpus, type Case } from "./corpus.js";
import { mapLimit, runTool, type RunResult } from "./tools.js";

const reference = await referenceComposeOrSkip("config model flags");

/** Cases where Compose's output is a bug, not a behaviour to copy: left out of every comparison. */
const KNOWN: Readonly<Record<string, string>> = {
  "valid/build/ssh": "Compose 2.40.3 cannot write build.ssh as JSON (exit 1: `json: error calling MarshalJSON for type types.SSHKey`), with or without these flags",
  "valid/toplevel/models": "Compose 2.40.3 leaves the top-level `models` out of `config --format json` (its YAML prints them), with or without these flags",
};

/** The invalid cases Compose accepts with `--no-consistency` (measured on 2.40.3); every other invalid case stays rejected. */
const ACCEPTED_WITHOUT_CONSISTENCY = [
  "cpus-conflict-deploy",
  "depends-on-cycle",
  "depends-on-undefined",
  "duplicate-container-name",
  "links-undefined",
  "mem-limit-conflict-deploy",
  "network-mode-undefined-service",
  "network-mode-with-networks",
  "no-image-no-build",
  "platform-not-in-build-platforms",
  "scale-conflict-replicas",
  "undefined-config",
  "undefined-network",
  "undefined-secret",
  "undefined-volume",
  "volumes-from-undefined",
].map((name) => `invalid/${name}`);

/** The flag combinations every invalid case is printed with. */
const INVALID_FLAG_SETS: readonly (readonly string[])[] = [["--no-consistency"], ["--no-consistency", "--no-normalize", "--no-path-resolution"]];

/** The flag combinations every valid case is printed with. */
const VALID_FLAG_SETS: readonly (readonly string[])[] = [
  ["--no-env-resolution"],
  ["--no-path-resolution"],
  ["--no-normalize"],
  ["--no-normalize", "--no-path-resolution"],
];

/**
 * Projects of this suite only, compared like the valid corpus cases (and with no flag at all):
 * `paths` has host paths of every kind in the main file, an included file, extends bases in a
 * subdirectory (nested) and in the same directory, `~`, bind devices and additional contexts;
 * `normalize` has what compose-go's normalization changes beyond the corpus (bare build args set
 * and unset, `scale` with `deploy`, `service:` namespaces, links, volumes_from, long-syntax targets,
 * `pull_policy: if_not_present`, a legacy external name, `build: {}`).
 */
const FIXTURES_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "config-flags-fixtures");
const FIXTURES: Readonly<Record<string, Case["options"]>> = {
  paths: {},
  normalize: { env: { SETARG: "from-env", SETENV: "from-env" } },
};
const fixtures: Case[] = Object.entries(FIXTURES).map(([name, options]) => ({
  id: `config-flags-fixtures/${name}`,
  kind: "valid",
  category: "config-flags",
  name,
  dir: path.join(FIXTURES_DIR, name),
  options,
  project: `cf-flags-${name}`,
}));

/** Tool calls at once (each case runs both tools at the same time). */
const LIMIT = 6;
const TIMEOUT_MS = 180_000;

const corpus = loadCorpus();
const valid = [...corpus.filter((c) => c.kind === "valid" && !(c.id in KNOWN)), ...fixtures];
const invalid = corpus.filter((c) => c.kind === "invalid" && !(c.id in KNOWN));

/** The first path where two JSON values differ, with both sides (for a readable failure). */
function firstDifference(a: unknown, b: unknown, at = "$"): string {
  if (isDeepStrictEqual(a, b)) return "";
  if (typeof a === "object" && a !== null && typeof b === "object" && b !== null && Array.isArray(a) === Array.isArray(b)) {
    const ra = a as Record<string, unknown>;
    const rb = b as Record<string, unknown>;
    for (const key of new Set([...Object.keys(ra), ...Object.keys(rb)])) {
      const inner = firstDifference(ra[key], rb[key], `${at}.${key}`);
      if (inner) return inner;
    }
  }
  return `${at}: compose ${JSON.stringify(a)?.slice(0, 300)} / tscompose ${JSON.stringify(b)?.slice(0, 300)}`;
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return `<not JSON> ${text.slice(0, 200)}`;
  }
}

/** How one case compared: undefined when both agree, else what differs. */
interface Compared {
  readonly id: string;
  readonly difference?: string;
  readonly byteEqual: boolean;
  readonly composeCode: number | null;
}

function compare(c: Case, compose: RunResult, ours: RunResult): Compared {
  const base = { id: c.id, byteEqual: (compose.code === 0) === (ours.code === 0) && compose.stdout === ours.stdout, composeCode: compose.code };
  if (compose.code !== 0 || ours.code !== 0) {
    // Both reject it: tscompose says so with exit code 2 (a project error).
    if (compose.code !== 0 && ours.code === 2) return base;
    return { ...base, difference: `exit codes: compose ${compose.code} / tscompose ${ours.code}: ${(ours.code === 0 ? compose.stderr : ours.stderr).trim().slice(0, 300)}` };
  }
  const difference = firstDifference(parse(compose.stdout), parse(ours.stdout));
  return difference ? { ...base, difference } : base;
}

/** `config --format json FLAGS` on both tools for each case, at most LIMIT tool calls at once. */
async function compareAll(cases: readonly Case[], flags: readonly string[]): Promise<Compared[]> {
  assertCliBuilt();
  return mapLimit(cases, Math.max(1, LIMIT / 2), async (c) => {
    const args = [...(c.options.args ?? []), "-p", c.project, "config", ...flags, "--format", "json"];
    const env = c.options.env ?? {};
    const [compose, ours] = await Promise.all([runTool("compose", args, { cwd: c.dir, env }), runTool("tscompose", args, { cwd: c.dir, env })]);
    return compare(c, compose, ours);
  });
}

function summary(flags: readonly string[], results: readonly Compared[]): string {
  const equal = results.filter((r) => !r.difference).length;
  const bytes = results.filter((r) => r.byteEqual).length;
  return `config ${flags.join(" ")}: ${equal}/${results.length} equal, ${bytes} byte-equal`;
}

describe.skipIf(!reference)("config model flags agree with Docker Compose", () => {
  it("leaves out only cases the corpus has", () => {
    const ids = new Set(corpus.map((c) => c.id));
    expect([...Object.keys(KNOWN), ...ACCEPTED_WITHOUT_CONSISTENCY].filter((id) => !ids.has(id))).toEqual([]);
  });

  for (const flags of INVALID_FLAG_SETS) {
    it(
      `${flags.join(" ")}: the invalid cases Compose then accepts print the same model, the others stay rejected`,
      async () => {
        const results = await compareAll(invalid, flags);
        console.log(summary(flags, results));
        expect(results.filter((r) => r.difference).map((r) => `${r.id}: ${r.difference}`)).toEqual([]);
        // The oracle itself: what Compose accepts is exactly the measured list.
        expect(results.filter((r) => r.composeCode === 0).map((r) => r.id)).toEqual(ACCEPTED_WITHOUT_CONSISTENCY);
        expect(results.filter((r) => !r.byteEqual).map((r) => r.id)).toEqual([]);
      },
      TIMEOUT_MS,
    );
  }

  it(
    "the suite's own fixtures print the same model without flags",
    async () => {
      const results = await compareAll(fixtures, []);
      expect(results.filter((r) => r.difference).map((r) => `${r.id}: ${r.difference}`)).toEqual([]);
      expect(results.filter((r) => !r.byteEqual).map((r) => r.id)).toEqual([]);
    },
    TIMEOUT_MS,
  );

  for (const flags of VALID_FLAG_SETS) {
    it(
      `${flags.join(" ")}: every valid case prints the same model`,
      async () => {
        const results = await compareAll(valid, flags);
        console.log(summary(flags, results));
        expect(results.filter((r) => r.difference).map((r) => `${r.id}: ${r.difference}`)).toEqual([]);
        expect(results.filter((r) => !r.byteEqual).map((r) => r.id)).toEqual([]);
      },
      TIMEOUT_MS,
    );
  }
});
