/**
 * `config`'s list flags (`--services`, `--volumes`, `--networks`, `--models`, `--profiles`,
 * `--images`) against Docker Compose on corpus cases that have something to list, alone and with
 * `-q` (which silences only the whole model in Compose, never a list). Compose prints several of
 * these lists in Go's random map order, so lines are compared sorted.
 */
import { describe, expect, it } from "vitest";
import { assertCliBuilt } from "../helpers/cli.js";
import { referenceComposeOrSkip } from "../helpers/reference-compose.js";
import { loadCorpus } from "./corpus.js";
import { runTool, type RunResult } from "./tools.js";

const reference = await referenceComposeOrSkip("config list flags");

const CASES = [
  "valid/toplevel/models",
  "valid/toplevel/networks-definitions",
  "valid/toplevel/volumes-definitions",
  "valid/toplevel/external-network-volume",
  "valid/profiles/active-flag",
  "valid/profiles/inactive",
  "valid/profiles/all-star",
  "valid/build/long-syntax",
  "valid/networks/service-networks-map",
  "valid/merge/multiple-files",
  "valid/toplevel/only-networks-volumes",
];
const LISTS = ["--services", "--volumes", "--networks", "--models", "--profiles", "--images"];

const cases = loadCorpus().filter((c) => CASES.includes(c.id));

/** Exit code and sorted non-empty stdout lines. */
function listed(r: RunResult): { code: number | null; lines: string[] } {
  return { code: r.code, lines: r.stdout.split("\n").filter((l) => l !== "").sort() };
}

describe.skipIf(!reference)("config list flags agree with Docker Compose", () => {
  it("picks its cases from the corpus", () => {
    expect(cases.map((c) => c.id).sort()).toEqual([...CASES].sort());
  });

  for (const c of cases) {
    it(c.id, async () => {
      assertCliBuilt();
      const base = [...(c.options.args ?? []), "-p", c.project, "config"];
      const env = c.options.env ?? {};
      for (const flag of LISTS) {
        for (const quiet of [[], ["-q"]]) {
          const args = [...base, flag, ...quiet];
          const [compose, ours] = await Promise.all([runTool("compose", args, { cwd: c.dir, env }), runTool("tscompose", args, { cwd: c.dir, env })]);
          expect(listed(ours), `config ${flag} ${quiet.join(" ")}: ${ours.stderr}`).toEqual(listed(compose));
        }
      }
    });
  }
});
