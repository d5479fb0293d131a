import path from "node:path";
import type { DockerConnectionOptions } from "../../engine/docker/connection.js";
import type { Runtime } from "../../engine/runtime/runtime.js";
import type { Warning } from "../../spec/errors.js";
import type { Project } from "../../spec/project.js";
import { contextConnection, dockerContextChoice } from "./docker-context.js";

/** How to reach the Docker Engine: a DOCKER_HOST-like address, TLS, and a request timeout. */
export type EngineConnection = DockerConnectionOptions;

/** An environment as a plain record (pass `process.env`, or a record of your own). */
export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * The connection the docker CLI would use in `env`: `DOCKER_HOST` (`unix://`, `tcp://`, `ssh://`:
 * through the system `ssh`, with the user's ssh config and agent), TLS when
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
  const { DockerRuntime } = await import("../../engine/docker/docker-runtime.js");
  const runtime = new DockerRuntime(connection);
  if (options.ping !== false) await runtime.ping();
  return runtime;
}

/**
 * The host name to dial for a port the engine published on `hostIp`: the engine's own host for a
 * `tcp://` or `ssh://` connection (for ssh, the name in the URL: an alias of ~/.ssh/config is not
 * resolved), else loopback for a wildcard binding (`0.0.0.0`, `::`, empty), else the bound
 * address itself.
 */
export function dialHost(hostIp: string, connection: EngineConnection = {}): string {
  const name = engineHostName(connection);
  if (name) return name;
  if (hostIp === "" || hostIp === "0.0.0.0") return "127.0.0.1";
  if (hostIp === "::") return "::1";
  return hostIp;
}

/** The engine's host name for a `tcp://`, `https://` or `ssh://` connection; undefined for a local socket. */
function engineHostName(connection: EngineConnection): string | undefined {
  const host = connection.host?.trim() ?? "";
  if (!/^(tcp|https?|ssh):\/\//.test(host)) return undefined;
  try {
    const name = new URL(host.replace(/^tcp:/, "http:")).hostname;
    return name ? name.replace(/^\[(.*)\]$/, "$1") : undefined;
  } catch {
    // Not a URL we understand: the local rules apply.
    return undefined;
  }
}

/**
 * Whether `connection` reaches an engine on another machine, whose bind mounts name paths on
 * that machine: always for `ssh://` (the engine may share no files with this one even on
 * loopback), for `tcp://` when the host is not this machine's loopback.
 */
export function isRemoteEngine(connection: EngineConnection): boolean {
  const host = connection.host?.trim() ?? "";
  if (host.startsWith("ssh://")) return true;
  const name = engineHostName(connection);
  return name !== undefined && name !== "localhost" && !/^127\./.test(name) && name !== "::1";
}

/**
 * The one warning for a project that binds files of its own directory (relative sources such as
 * `./data`, resolved on this machine) into containers of a remote engine, which mounts the same
 * path from its own host, as Docker Compose does: names the first such mount, its resolved path
 * and the engine, and counts the others. Undefined for a local engine or no such mount.
 */
export function remoteBindWarning(project: Project, projectDir: string, connection: EngineConnection): Warning | undefined {
  if (!isRemoteEngine(connection)) return undefined;
  const hits: { service: string; index: number; source: string }[] = [];
  for (const [service, config] of Object.entries(project.services)) {
    (config.volumes ?? []).forEach((v, index) => {
      if (v.type === "bind" && v.source && isWithin(projectDir, v.source)) hits.push({ service, index, source: v.source });
    });
  }
  const first = hits[0];
  if (!first) return undefined;
  const relative = path.relative(projectDir, first.source);
  const others = hits.length - 1;
  return {
    code: "W_REMOTE_BIND",
    message:
      `bind source ./${relative || "."} is ${first.source} on this machine, but the engine at ${connection.host ?? ""} is remote: ` +
      `it mounts ${first.source} from its own host, where these files may not exist` +
      (others > 0 ? ` (and ${others} more bind mount${others > 1 ? "s" : ""} of the project directory)` : "") +
      "; copy the files there or use a named volume",
    path: ["services", first.service, "volumes", first.index],
  };
}

function isWithin(dir: string, p: string): boolean {
  const rel = path.relative(dir, p);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}
