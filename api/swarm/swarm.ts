import type { SwarmClient } from "../../engine/swarm/client.js";
import type { EngineConnection } from "../connect/connect.js";

/**
 * A client for the Swarm half of the Engine API on the engine `connection` names (the same
 * addresses as `connectEngine`: unix socket, tcp, TLS, ssh). Imported lazily, like the runtime.
 */
export async function connectSwarm(connection: EngineConnection = {}): Promise<SwarmClient> {
  const [{ EngineClient }, { SwarmClient: Client }] = await Promise.all([import("../../engine/docker/client.js"), import("../../engine/swarm/client.js")]);
  return new Client(new EngineClient(connection));
}
