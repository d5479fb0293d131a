import { cpSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, it } from "vitest";
import { assertCliBuilt, runCli } from "../helpers/cli.js";

/**
 * The bad-input corpus: every directory under test/bad-input/ is one broken project plus a
 * case.json that says how to run the CLI and exactly what a user must see. Each case is copied to
 * a fresh temp dir and run there; the temp dir's path is written `<tmp>` in expected output.
 */
interface BadInputCase {
  readonly args: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly stdin?: string;
  readonly exit: number;
  readonly stderr: string;
}

const CORPUS = path.join(path.dirname(fileURLToPath(import.meta.url)), "../bad-input");
const CASE_FILE = "case.json";

const cases = readdirSync(CORPUS, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

function readCase(name: string): BadInputCase {
  return JSON.parse(readFileSync(path.join(CORPUS, name, CASE_FILE), "utf8")) as BadInputCase;
}

/** Copies a case (without case.json) to a new temp dir; an empty case gives an empty dir. */
function stage(name: string, root: string): string {
  const dir = mkdtempSync(path.join(root, `${name}-`));
  cpSync(path.join(CORPUS, name), dir, {
    recursive: true,
    filter: (src) => path.relative(path.join(CORPUS, name), src) !== CASE_FILE,
  });
  return dir;
}

describe("bad input", () => {
  let root = "";
  beforeAll(() => {
    assertCliBuilt();
    // realpath: on some systems the temp dir is a symlink, and the CLI reports real paths.
    root = realpathSync(mkdtempSync(path.join(os.tmpdir(), "tscompose-bad-input-")));
  });
  afterAll(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it("has a corpus of at least 70 cases", ({ expect }) => {
    expect(cases.length).toBeGreaterThanOrEqual(70);
  });

  // Each case is its own process in its own directory, so cases may run side by side.
  describe.concurrent.each(cases)("%s", (name) => {
    it("exits with its code and prints exactly the expected error", async ({ expect }) => {
      const spec = readCase(name);
      const cwd = stage(name, root);
      const result = await runCli({
        cwd,
        args: spec.args,
        ...(spec.env ? { env: spec.env } : {}),
        ...(spec.stdin !== undefined ? { stdin: spec.stdin } : {}),
      });
      const stderr = result.stderr.split(cwd).join("<tmp>");
      expect(stderr, "stderr").toBe(spec.stderr);
      expect(result.stdout, "stdout").toBe("");
      expect(stderr, "no stack trace").not.toMatch(/^ {4}at /m);
      expect(result.code, "exit code").toBe(spec.exit);
    });
  });
});
