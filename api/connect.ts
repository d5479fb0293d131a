import type { DockerConnectionOptions } from "../engine/docker/connection.js";
import type { Runtime } from "../engine/runtime.js";
import { contextConnection, dockerContextChoice } from "./docker-context.js";

/** How to reach the Docker Engine: a DOCKER_HOST-like address, TLS, and a request timeout. */
export type EngineConnection = DockerConnectionOptions;

/** An environment as a plain record (pass `process.env`, or a record of your own). */
export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * The connection the docker CLI would use in `env`: `DOCKER_HOST` (`unix://`, `tcp://`), TLS when
 * `DOCKER_TLS_VERIFY` is set and not `0`, certificates from `DOCKER_CERT_PATH`; without
 * `DOCKER_HOST`, the docker CLI context that `DOCKER_CONTEXT` or the CLI's `config.json` names
 * (under `DOCKER_CONFIG`, else `$HOME/.docker`), so Colima, rootless and remote contexts work as
 * with `docker compose`. An empty `env` means the default local socket. Nothing is read from the
 * process; the context's files are read from where `env` points.
 */
export function engineConnection(env: Environment): EngineConnection {
  const context = dockerContextChoice(env);
  if (context) return contextConnection(context);
  const tls = env["DOCKER_TLS_VERIFY"];
  return {
    ...(env["DOCKER_HOST"] ? { host: env["DOCKER_HOST"] } : {}),
    ...(tls && tls !== "0" ? { tlsVerify: true } : {}),
    ...(env["DOCKER_CERT_PATH"] ? { certPath: env["DOCKER_CERT_PATH"] } : {}),
  };
}

/**
 * Connects to the Docker Engine and checks that it answers (a RuntimeError with reason
 * `unreachable` and a hint otherwise). The Docker runtime and its HTTP client are imported only
 * here, lazily, so code that never talks to the engine loads fast.
 *
 * `ping: false` skips the check: every engine call fails with the same `unreachable` error, so a
 * caller whose first call comes at once (the CLI) saves a round trip on every command.
 */
export async function connectEngine(connection: EngineConnection = {}, options: { ping?: boolean } = {}): Promise<Runtime> {
  const { DockerRuntime } = await import("../engine/docker/docker-runtime.js");
  const runtime = new DockerRuntime(connection);
  if (options.ping !== false) await runtime.ping();
  return runtime;
}

/**
 * The host name to dial for a port the engine published on `hostIp`: the engine's own host for a
 * `tcp://` connection, else loopback for a wildcard binding (`0.0.0.0`, `::`, empty), else the
 * bound address itself.
 */
export function dialHost(hostIp: string, connection: EngineConnection = {}): string {
  const host = connection.host?.trim() ?? "";
  if (/^(tcp|https?):\/\//.test(host)) {
    try {
      const name = new URL(host.replace(/^tcp:/, "http:")).hostname;
      if (name) return name.replace(/^\[(.*)\]$/, "$1");
    } catch {
      // Not a URL we understand: fall back to the local rules.
    }
  }
  if (hostIp === "" || hostIp === "0.0.0.0") return "127.0.0.1";
  if (hostIp === "::") return "::1";
  return hostIp;
}
