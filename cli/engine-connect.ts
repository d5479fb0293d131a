import type { Runtime } from "../engine/runtime.js";
import type { CliContext } from "./context.js";

/**
 * Connects to the Docker Engine the way the docker CLI does: `DOCKER_HOST` (`unix://`, `tcp://`
 * with `DOCKER_TLS_VERIFY`/`DOCKER_CERT_PATH`), else the default socket. The Docker runtime (and
 * its HTTP client) is imported only here, lazily, so verbs that need no engine start fast.
 */
export async function connectEngine(ctx: CliContext): Promise<Runtime> {
  const { DockerRuntime } = await import("../engine/docker/docker-runtime.js");
  const env = ctx.env;
  const tls = env["DOCKER_TLS_VERIFY"];
  const runtime = new DockerRuntime({
    ...(env["DOCKER_HOST"] ? { host: env["DOCKER_HOST"] } : {}),
    ...(tls && tls !== "0" ? { tlsVerify: true } : {}),
    ...(env["DOCKER_CERT_PATH"] ? { certPath: env["DOCKER_CERT_PATH"] } : {}),
  });
  await runtime.ping();
  return runtime;
}
