import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * What a CLI child inherits from the test process: PATH, HOME, and DOCKER_HOST when set (the engine
 * smoke runs point the whole suite at another engine: scripts/engine-smoke.sh).
 */
export const CHILD_ENV_KEYS = ["PATH", "HOME", "DOCKER_HOST"] as const;

/** The built CLI entry point (`npm run build` writes it). */
export const CLI_PATH = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../dist/cli/bin/tscompose.js");

/** How to run the CLI once. */
export interface CliRun {
  /** Working directory of the child process. */
  readonly cwd: string;
  readonly args: readonly string[];
  /** Added to a clean environment that holds only PATH and HOME. */
  readonly env?: Readonly<Record<string, string>>;
  /** Written to standard input, which is then closed (closed at once when absent). */
  readonly stdin?: string;
  /** Milliseconds before the child is killed; 30 s by default. */
  readonly timeoutMs?: number;
}

/** What one run of the CLI produced. `code` is null only when the child died of a signal. */
export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Throws with a clear message when the CLI has not been built. */
export function assertCliBuilt(): void {
  if (!existsSync(CLI_PATH)) {
    throw new Error(`${CLI_PATH} does not exist: run \`npm run build\` first (\`npm test\` does it for you)`);
  }
}

/**
 * Runs `node dist/cli/bin/tscompose.js ARGS` in `cwd` with a clean environment (PATH and HOME
 * only, plus `env`) and resolves with its exit code and full output. Never rejects on a non-zero
 * exit; rejects only when the process cannot be started.
 */
export function runCli(run: CliRun): Promise<CliResult> {
  assertCliBuilt();
  const env: Record<string, string> = { ...run.env };
  for (const key of CHILD_ENV_KEYS) {
    const value = process.env[key];
    if (value !== undefined && env[key] === undefined) env[key] = value;
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--", CLI_PATH, ...run.args], {
      cwd: run.cwd,
      env,
      stdio: ["pipe", "pipe", "pipe"],
      timeout: run.timeoutMs ?? 30_000,
      // SIGTERM would be taken as Ctrl-C (a graceful stop that can itself hang); a timed-out run is killed.
      killSignal: "SIGKILL",
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    // The child may exit before reading stdin; a broken pipe then is not our failure.
    child.stdin.on("error", () => undefined);
    child.stdin.end(run.stdin ?? "");
  });
}
