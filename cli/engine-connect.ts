import { connectEngine as connect, engineConnection, remoteBindWarning } from "../api/connect/connect.js";
import type { Runtime } from "../engine/runtime/runtime.js";
import type { SwarmClient } from "../engine/swarm/client.js";
import type { Warning } from "../spec/errors.js";
import type { LoadedProject } from "../spec/load.js";
import type { CliContext } from "./context.js";

/**
 * Connects to the Docker Engine the way the docker CLI does (`DOCKER_HOST` — `unix://`, `tcp://`
 * or `ssh://` —, `DOCKER_TLS_VERIFY`, `DOCKER_CERT_PATH` from the process environment, else the
 * docker context, else the default socket), through the API's connection, which imports the
 * Docker runtime lazily so verbs that need no engine start fast. Over ssh, the ssh processes end
 * with the process (or when idle), so no verb hangs on them.
 */
export async function connectEngine(ctx: CliContext): Promise<Runtime> {
  // No ping: each verb talks to the engine straight away, and any call that cannot reach it
  // fails with the same clear `unreachable` error (test/engines/engine-unreachable.test.ts).
  return connect(connectionOf(ctx), { ping: false });
}

/** A Swarm API client on the same engine `connectEngine` reaches (`stack` verbs). */
export async function connectSwarmClient(ctx: CliContext): Promise<SwarmClient> {
  const { connectSwarm } = await import("../api/swarm/swarm.js");
  return connectSwarm(connectionOf(ctx));
}

type Connection = ReturnType<typeof engineConnection>;
const resolved = new WeakMap<object, Connection>();

/** The engine's address for `ctx`, worked out once (without DOCKER_HOST it reads the docker context's files). */
function connectionOf(ctx: CliContext): Connection {
  let connection = resolved.get(ctx.env);
  if (!connection) resolved.set(ctx.env, (connection = engineConnection(ctx.env)));
  return connection;
}

/**
 * Warnings about the engine the project goes to, for the verbs that create containers (`up`,
 * `create`, `run`, `watch`, `scale`) to print with the loader's: today, one warning when bind
 * sources of the project directory meet a remote engine (ssh://, or tcp:// to another host),
 * which mounts those paths from its own host. None when the connection cannot be worked out:
 * connecting reports that.
 */
export function engineWarnings(ctx: CliContext, loaded: LoadedProject): Warning[] {
  let warning: Warning | undefined;
  try {
    warning = remoteBindWarning(loaded.project, loaded.projectDir, connectionOf(ctx));
  } catch {
    return [];
  }
  return warning ? [warning] : [];
}
