import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { LABELS } from "../../engine/runtime/labels.js";
import { cleanupProject, engineOrSkip, uniqueProject, type TestEngine } from "../helpers/engine.js";
import { fixture } from "../kits/up-kit.js";

const engine: TestEngine | undefined = await engineOrSkip("api-cleanup");
const suite = engine ? describe : describe.skip;
const CHILD = path.join(fixture("api-cleanup"), "child.mjs");
const BUILT = path.resolve(fixture("api-cleanup"), "../../../dist/api/index.js");

interface ChildEnd {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the child with `mode`; with `signal`, sends it once the child printed UP. */
function runChild(project: string, mode: string, signal?: NodeJS.Signals): Promise<ChildEnd> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, project, mode], { stdio: ["ignore", "pipe", "pipe"], timeout: 90_000, killSignal: "SIGKILL" });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
      if (signal && stdout.includes("UP\n")) child.kill(signal);
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code, sig) => resolve({ code, signal: sig, stdout, stderr }));
  });
}

async function leftovers(project: string): Promise<string[]> {
  const labels = { [LABELS.project]: project };
  const runtime = engine!.runtime;
  const [containers, networks, volumes] = await Promise.all([runtime.listContainers({ all: true, labels }), runtime.listNetworks({ labels }), runtime.listVolumes({ labels })]);
  return [...containers.map((c) => `container ${c.name}`), ...networks.map((n) => `network ${n.name}`), ...volumes.map((v) => `volume ${v.name}`)];
}

suite("guaranteed cleanup of a stack brought up through the API", () => {
  const projects: string[] = [];
  const next = (tag: string) => {
    const name = uniqueProject(`tsc-api-${tag}`);
    projects.push(name);
    return name;
  };

  afterAll(async () => {
    await Promise.allSettled(projects.map((p) => cleanupProject(engine!.runtime, p)));
  });

  it("needs the built package (npm run build)", () => {
    expect(existsSync(BUILT), `${BUILT} is missing: run npm run build`).toBe(true);
  });

  it.each([
    ["normal", "the process ends normally", undefined, { code: 0, signal: null }],
    ["throw", "an uncaught exception", undefined, { code: 1, signal: null }],
    ["reject", "an unhandled rejection", undefined, { code: 1, signal: null }],
    ["signal", "SIGTERM", "SIGTERM", { code: null, signal: "SIGTERM" }],
    ["signal", "SIGINT", "SIGINT", { code: null, signal: "SIGINT" }],
    ["exit", "process.exit(0)", undefined, { code: 0, signal: null }],
  ] as const)("%s: after %s nothing of the stack remains", async (mode, _what, signal, expected) => {
    const project = next(mode);
    const end = await runChild(project, mode, signal);
    expect(end.stdout, end.stderr).toContain("UP\n");
    expect({ code: end.code, signal: end.signal }, end.stderr).toEqual(expected);
    if (mode === "throw") expect(end.stderr).toContain("boom after up");
    if (mode === "reject") expect(end.stderr).toContain("rejected after up");
    expect(await leftovers(project)).toEqual([]);
  });

  it("cleanup: false leaves the stack running", async () => {
    const project = next("keep");
    const end = await runChild(project, "keep");
    expect(end.code, end.stderr).toBe(0);
    expect((await leftovers(project)).sort()).toEqual([`container ${project}-app-1`, `network ${project}_default`, `volume ${project}_data`]);
  });
});
