import { randomBytes } from "node:crypto";
import { DockerRuntime, type DockerConnectionOptions } from "../../engine/docker/docker-runtime.js";
import type { Runtime } from "../../engine/runtime/runtime.js";

/** The image every end-to-end test uses; `scripts/engine.sh` builds it. */
export const TEST_IMAGE = "tscompose-busybox:latest";

/** The Compose project label; tests tag everything they create with it and clean up by it. */
export const PROJECT_LABEL = "com.docker.compose.project";

/** A long-running command that exits 0 on SIGTERM at once (a bare sleep loop as PID 1 ignores it). */
export const LONG_RUNNING = ["sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1 & wait $!; done"];

/** Connection options from the environment, as the CLI would read them. */
export function engineOptions(env: NodeJS.ProcessEnv = process.env): DockerConnectionOptions {
  return {
    ...(env.DOCKER_HOST ? { host: env.DOCKER_HOST } : {}),
    ...(env.DOCKER_TLS_VERIFY && env.DOCKER_TLS_VERIFY !== "0" ? { tlsVerify: true } : {}),
    ...(env.DOCKER_CERT_PATH ? { certPath: env.DOCKER_CERT_PATH } : {}),
  };
}

/** A real engine ready for tests: reachable and holding the test image. */
export interface TestEngine {
  readonly runtime: DockerRuntime;
  readonly description: string;
}

/** Checks the engine answers and the test image exists; says why not otherwise. */
export async function probeEngine(): Promise<TestEngine | { reason: string }> {
  let runtime: DockerRuntime;
  try {
    runtime = new DockerRuntime(engineOptions());
    const version = await runtime.version();
    if (!(await runtime.inspectImage(TEST_IMAGE))) {
      return { reason: `the engine (${version.description}) has no ${TEST_IMAGE} image; run scripts/engine.sh` };
    }
    return { runtime, description: version.description };
  } catch (error) {
    const e = error as { message?: string; hint?: string };
    return { reason: `${e.message ?? String(error)}${e.hint ? ` (${e.hint})` : ""}` };
  }
}

/**
 * The engine for a real-engine test file, or undefined when the file must be skipped. Without an
 * engine, under `CI=true` this throws (a missing engine fails CI, never skips it); locally it
 * prints why the tests are skipped and how to run them.
 */
export async function engineOrSkip(suite: string): Promise<TestEngine | undefined> {
  const probe = await probeEngine();
  if ("runtime" in probe) return probe;
  if (process.env.CI === "true") {
    throw new Error(`${suite}: a Docker Engine is required under CI=true: ${probe.reason}`);
  }
  console.warn(`\n[skipped] ${suite}: no usable Docker Engine: ${probe.reason}\n  Run scripts/engine.sh (as root) to start one.\n`);
  return undefined;
}

/** A fresh project name, `<prefix>-<8 hex>`, unique per test file run. */
export function uniqueProject(prefix = "tsc-e2e"): string {
  return `${prefix}-${randomBytes(4).toString("hex")}`;
}

/** Removes every container, network and volume labelled with the project (best effort, all attempted). */
export async function cleanupProject(runtime: Runtime, project: string): Promise<void> {
  const labels = { [PROJECT_LABEL]: project };
  const containers = await runtime.listContainers({ all: true, labels });
  await Promise.allSettled(containers.map((c) => runtime.removeContainer(c.id, { force: true, volumes: true })));
  const networks = await runtime.listNetworks({ labels });
  await Promise.allSettled(networks.map((n) => runtime.removeNetwork(n.id)));
  const volumes = await runtime.listVolumes({ labels });
  await Promise.allSettled(volumes.map((v) => runtime.removeVolume(v.name, { force: true })));
}
