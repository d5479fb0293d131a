import { spawn } from "node:child_process";
import type { CliResult } from "./cli.js";

/**
 * The reference Docker Compose (2.40, `docker compose`) that the parity suites compare with:
 * its `version --short`, or undefined when it is missing. Under CI=true a missing reference fails
 * the run (it is installed by scripts/install-compose.sh); elsewhere the suite is skipped with a
 * visible message naming `what`.
 */
export async function referenceComposeOrSkip(what: string): Promise<string | undefined> {
  const r = await runDocker(["compose", "version", "--short"], { timeoutMs: 15_000 }).catch((e: Error) => ({ code: null, stdout: "", stderr: e.message }));
  if (r.code === 0) return r.stdout.trim();
  const reason = `\`docker compose version\` failed (${r.code ?? "not started"}): ${r.stderr.trim()}`;
  if (process.env.CI === "true") throw new Error(`${what}: the reference Docker Compose is required under CI=true: ${reason}`);
  console.warn(`\n[skipped] ${what}: no reference Docker Compose: ${reason}\n  Install it with scripts/install-compose.sh.\n`);
  return undefined;
}

/** Where and how long `runDocker` runs. */
export interface DockerRun {
  readonly cwd?: string;
  /** Milliseconds before the child is killed (SIGKILL); 90 s by default. */
  readonly timeoutMs?: number;
  /** Added to the child's environment. */
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * Runs `docker ARGS` with PATH and HOME only, as the tscompose runs get (plus DOCKER_CONFIG, where
 * the Compose plugin may live, DOCKER_HOST when set, and `env`), and resolves with its exit code and output; rejects only when the
 * process cannot be started.
 */
export function runDocker(args: readonly string[], run: DockerRun = {}): Promise<CliResult> {
  const env: Record<string, string> = { ...run.env };
  for (const key of ["PATH", "HOME", "DOCKER_CONFIG", "DOCKER_HOST"] as const) if (process.env[key] !== undefined && env[key] === undefined) env[key] = process.env[key];
  return new Promise((resolve, reject) => {
    const child = spawn("docker", args, { cwd: run.cwd, env, stdio: ["ignore", "pipe", "pipe"], timeout: run.timeoutMs ?? 90_000, killSignal: "SIGKILL" });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
    child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}
