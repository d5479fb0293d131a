import { spawn } from "node:child_process";
import { CLI_PATH } from "../helpers/cli.js";

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
    : run(process.execPath, ["--", CLI_PATH, ...args], { cwd: options.cwd, env, timeoutMs });
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
