import { RuntimeError } from "../runtime/runtime-errors.js";

/**
 * The engine's 503 "This node is not a swarm manager…" as an error that says what to do: on an
 * engine in no swarm, `docker swarm init`; on a worker, point DOCKER_HOST at a manager. Undefined
 * for any other error.
 */
export function notManager(error: unknown, address: string): RuntimeError | undefined {
  if (!(error instanceof RuntimeError) || error.status !== 503 || !/not a swarm manager/i.test(error.engineMessage)) return undefined;
  const worker = /worker/i.test(error.engineMessage);
  const hint = worker
    ? "This engine is a swarm worker: point DOCKER_HOST (or the docker context) at a manager node, or promote this node with `docker node promote` on a manager."
    : "Make this engine a one-node swarm with `docker swarm init` (or join it to one), or point DOCKER_HOST at a manager of an existing swarm.";
  const what = worker ? "is a swarm worker, not a manager" : "is not a swarm manager";
  return new RuntimeError("other", `the Docker Engine at ${address} ${what}, so it cannot deploy or inspect a stack`, {
    status: 503,
    engineMessage: error.engineMessage,
    hint,
    cause: error,
  });
}
