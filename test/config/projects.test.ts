import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { runCli, type CliResult } from "../helpers/cli.js";

/**
 * The realistic-projects corpus: each directory under `test/projects/` is a Compose project modelled
 * on a real-world stack, with a `case.json` (CLI arguments, extra environment, optional working
 * sub-directory and stdin) and an `expected.txt` holding exactly what `tscompose` must print on
 * stdout — what `docker compose config` prints for the same project. The directory is copied to a
 * temporary root first, and that root is written `<ROOT>` in the output, so absolute paths compare.
 * The CLI runs with a clean environment: PATH, HOME=/home/user and the case's own variables.
 */

const here = path.dirname(fileURLToPath(import.meta.url));
const corpus = path.join(here, "../projects");
const root = realpathSync(mkdtempSync(path.join(tmpdir(), "tscompose-projects-")));

/** A project's `case.json`. */
interface Case {
  readonly args: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /** Working directory relative to the project directory (default: the project directory). */
  readonly cwd?: string;
  readonly stdin?: string;
}

const NOT_COPIED = new Set(["case.json", "expected.txt", "expected-stderr.txt"]);

/** Copies project `name` under the temporary root, runs its case there and writes the root `<ROOT>`. */
async function run(name: string, c: Case): Promise<CliResult> {
  const dir = path.join(root, name);
  cpSync(path.join(corpus, name), dir, {
    recursive: true,
    filter: (src) => !NOT_COPIED.has(path.basename(src)) || path.dirname(src) !== path.join(corpus, name),
  });
  const result = await runCli({
    cwd: path.join(dir, c.cwd ?? "."),
    args: c.args,
    env: { HOME: "/home/user", ...c.env },
    ...(c.stdin !== undefined ? { stdin: c.stdin } : {}),
  });
  const unroot = (s: string) => s.split(root).join("<ROOT>");
  return { code: result.code, stdout: unroot(result.stdout), stderr: unroot(result.stderr) };
}

const projects = readdirSync(corpus, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("realistic projects through `tscompose config`", () => {
  it("has at least 28 projects, each with a case and an expected output", () => {
    expect(projects.length).toBeGreaterThanOrEqual(28);
    for (const p of projects) {
      expect(existsSync(path.join(corpus, p, "case.json")), `${p}/case.json`).toBe(true);
      expect(existsSync(path.join(corpus, p, "expected.txt")), `${p}/expected.txt`).toBe(true);
    }
  });

  it.each(projects)("%s", async (name) => {
    const c = JSON.parse(readFileSync(path.join(corpus, name, "case.json"), "utf8")) as Case;
    const expected = readFileSync(path.join(corpus, name, "expected.txt"), "utf8");
    const stderrFile = path.join(corpus, name, "expected-stderr.txt");
    const expectedStderr = existsSync(stderrFile) ? readFileSync(stderrFile, "utf8") : "";
    const { code, stdout, stderr } = await run(name, c);
    expect(stderr).toBe(expectedStderr);
    expect(stdout).toBe(expected);
    expect(code).toBe(0);
  });
});
