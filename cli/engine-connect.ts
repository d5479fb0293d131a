import { connectEngine as connect, engineConnection } from "../api/connect.js";
import type { Runtime } from "../engine/runtime.js";
import type { CliContext } from "./context.js";

/**
 * Connects to the Docker Engine the way the docker CLI does (`DOCKER_HOST`, `DOCKER_TLS_VERIFY`,
 * `DOCKER_CERT_PATH` from the process environment, else the default socket), through the API's
 * connection, which imports the Docker runtime lazily so verbs that need no engine start fast.
 */
export async function connectEngine(ctx: CliContext): Promise<Runtime> {
  // No ping: each verb talks to the engine straight away, and any call that cannot reach it
  // fails with the same clear `unreachable` error (test/engine-unreachable.test.ts).
  return connect(engineConnection(ctx.env), { ping: false });
}
