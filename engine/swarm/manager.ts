import { RuntimeError } from "../runtime/runtime-errors.js";
import type { SwarmClient } from "./client.js";

/**
 * Checks that the engine tscompose talks to can manage a Swarm: it is in one and is a manager.
 * Otherwise one clear error saying what to do, before anything is changed.
 */
export async function assertManager(client: SwarmClient): Promise<void> {
  const swarm = await client.swarmInfo();
  if (swarm.LocalNodeState !== "active") {
    throw new RuntimeError("other", `the engine at ${client.engine.address} is not part of a Swarm (its swarm state is "${swarm.LocalNodeState || "inactive"}")`, {
      hint: "Make it a manager with `docker swarm init`, or point DOCKER_HOST (or the docker context) at a Swarm manager.",
    });
  }
  if (!swarm.ControlAvailable) {
    throw new RuntimeError("other", `the engine at ${client.engine.address} is a Swarm worker; stacks are managed from a manager`, {
      hint: "Point DOCKER_HOST (or the docker context) at a manager node (`docker node ls` on a manager lists them).",
    });
  }
}
