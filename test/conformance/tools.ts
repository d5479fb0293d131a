import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { CLI_PATH } from "../helpers/cli.js";

/** The tscompose entry point the suite runs: the built CLI, or its snapshot (see snapshotCli). */
let cliPath = CLI_PATH;

/**
 * Copies the built CLI (dist/cli/bin, package.json, schema.json; node_modules linked) to a temporary
 * directory and runs that copy from then on, so a `npm run build` by someone else during the run
 * (which empties dist/cli/bin for a moment) cannot make cases fail. Returns the snapshot's directory
 * (the caller removes it).
 */
export async function snapshotCli(): Promise<string> {
  const root = path.resolve(path.dirname(CLI_PATH), "../../..");
  const bundle = path.join(path.dirname(CLI_PATH), "cli.cjs");
  // A build in progress removes the bundle first and writes it last: wait for it (up to a minute).
  for (let i = 0; i < 60 && !(existsSync(CLI_PATH) && existsSync(bundle)); i++) await new Promise((r) => setTimeout(r, 1000));
  const target = mkdtempSync(path.join(os.tmpdir(), "tscompose-conformance-"));
  cpSync(path.dirname(CLI_PATH), path.join(target, "dist/cli/bin"), {
    recursive: true,
    filter: (source) => !source.includes(`${path.sep}code-cache`),
  });
  for (const file of ["package.json", "schema.json"]) writeFileSync(path.join(target, file), readFileSync(path.join(root, file)));
  if (existsSync(path.join(root, "node_modules"))) symlinkSync(path.join(root, "node_modules"), path.join(target, "node_modules"));
  cliPath = path.join(target, "dist/cli/bin", path.basename(CLI_PATH));
  return target;
}

/** Which implementation a command runs: the reference Docker Compose, or tscompose. */
export type Tool = "compose" | "tscompose";

/** What one command produced; `code` is null only when the process died of a signal or timed out. */
export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The variables kept from the test's own environment: the rest is left out so both tools see the same. */
const PASSED_THROUGH = ["PATH", "HOME", "DOCKER_HOST", "DOCKER_CONFIG", "DOCKER_CONTEXT", "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH"];

/** A clean environment: PATH, HOME and the engine's connection variables, plus the case's own variables. */
export function cleanEnv(extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of PASSED_THROUGH) {
    const value = process.env[key];
    if (value !== undefined) env[key] = value;
  }
  // Plain output on both sides: no progress bars or colours in what is recorded.
  return { ...env, COMPOSE_ANSI: "never", COMPOSE_PROGRESS: "plain", ...extra };
}

/** Runs a program with arguments in `cwd`; never rejects on a non-zero exit. */
export function run(
  program: string,
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(program, args, {
      cwd: options.cwd,
      env: options.env ?? cleanEnv(),
      stdio: ["ignore", "pipe", "pipe"],
      timeout: options.timeoutMs ?? 60_000,
      killSignal: "SIGKILL",
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", (error) => resolve({ code: null, stdout, stderr: `${stderr}${error.message}` }));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs one tool's CLI (`docker compose ARGS` or `node dist/cli/bin/tscompose.js ARGS`). */
export function runTool(
  tool: Tool,
  args: readonly string[],
  options: { cwd: string; env?: Readonly<Record<string, string>>; timeoutMs?: number },
): Promise<RunResult> {
  const env = cleanEnv(options.env);
  const timeoutMs = options.timeoutMs ?? 60_000;
  return tool === "compose"
    ? run("docker", ["compose", ...args], { cwd: options.cwd, env, timeoutMs })
    : run(process.execPath, ["--", cliPath, ...args], { cwd: options.cwd, env, timeoutMs });
}

/** Runs the docker CLI (inspect, ls, rm) with the clean environment. */
export function docker(args: readonly string[]): Promise<RunResult> {
  return run("docker", args, { env: cleanEnv() });
}

/** Runs `fn` over `items` with at most `limit` at once; results keep the items' order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
