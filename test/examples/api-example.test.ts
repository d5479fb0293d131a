import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { LABELS } from "../../engine/runtime/labels.js";
import { cleanupProject, engineOrSkip, uniqueProject, type TestEngine } from "../helpers/engine.js";

const engine: TestEngine | undefined = await engineOrSkip("api-example");
const suite = engine ? describe : describe.skip;
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const EXAMPLE = path.join(ROOT, "examples", "api-testing");
const VITEST = path.join(ROOT, "node_modules", "vitest", "vitest.mjs");

/** Runs the example's own vitest (its globalSetup brings the stack up through the built package). */
function runExample(project: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string> = { API_TESTING_PROJECT: project, NO_COLOR: "1" };
    for (const key of ["PATH", "HOME", "DOCKER_HOST", "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH"]) {
      const value = process.env[key];
      if (value !== undefined) env[key] = value;
    }
    const child = spawn(process.execPath, [VITEST, "run"], { cwd: EXAMPLE, env, stdio: ["ignore", "pipe", "pipe"], timeout: 240_000, killSignal: "SIGKILL" });
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => (output += c));
    child.stderr.setEncoding("utf8").on("data", (c: string) => (output += c));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}

suite("examples/api-testing", () => {
  const project = uniqueProject("tsc-api-example");

  afterAll(async () => {
    await cleanupProject(engine!.runtime, project);
  });

  it("its vitest run passes against the stack its globalSetup brought up, and leaves nothing behind", { timeout: 300_000 }, async () => {
    const { code, output } = await runExample(project);
    expect(code, output).toBe(0);
    expect(output).toMatch(/Tests\s+4 passed \(4\)/);
    const labels = { [LABELS.project]: project };
    expect(await engine!.runtime.listContainers({ all: true, labels })).toEqual([]);
    expect(await engine!.runtime.listNetworks({ labels })).toEqual([]);
    expect(await engine!.runtime.listVolumes({ labels })).toEqual([]);
  });
});
