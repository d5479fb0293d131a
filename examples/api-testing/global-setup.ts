import path from "node:path";
import { fileURLToPath } from "node:url";
import { http, loadStack, log, tcp } from "tscompose";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** `http://127.0.0.1:<port>/`: the API service's published port 8080. */
    apiUrl: string;
    /** The stack's project name (random unless API_TESTING_PROJECT names it). */
    projectName: string;
  }
}

/**
 * Brings the stack up once for the whole test run: images built, the database healthy (its
 * healthcheck), then three readiness probes: the API's port accepts connections, /health answers
 * 200, and the database printed that it is ready. The tests get the API's URL through `inject`.
 * The returned teardown removes the stack; if the run dies first, the API's cleanup removes it.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const stack = await loadStack({
    cwd: path.dirname(fileURLToPath(import.meta.url)),
    env: process.env,
    ...(process.env["API_TESTING_PROJECT"] ? { projectName: process.env["API_TESTING_PROJECT"] } : {}),
  });
  await stack.up({
    wait: { timeoutMs: 60_000 },
    probes: [tcp("api", 8080), http("api", 8080, "/health", { status: 200 }), log("db", /ready to accept connections/)],
  });
  project.provide("apiUrl", await stack.url("api", 8080));
  project.provide("projectName", stack.name);
  return async () => {
    await stack.down();
  };
}
