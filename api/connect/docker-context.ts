import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { RuntimeError } from "../../engine/runtime/runtime-errors.js";
import type { DockerConnectionOptions } from "../../engine/docker/connection.js";
import type { Environment } from "./connect.js";

/** The docker CLI context in use and where it was named. */
export interface DockerContextChoice {
  readonly name: string;
  /** `DOCKER_CONTEXT`, or the config file that names it as `currentContext`. */
  readonly from: string;
  /** The docker CLI's configuration folder (`DOCKER_CONFIG`, else `$HOME/.docker`). */
  readonly configDir: string;
}

/**
 * The docker CLI's context in `env`, as the docker CLI picks it: none when `DOCKER_HOST` is set
 * (it wins), else `DOCKER_CONTEXT`, else `currentContext` of `<config>/config.json`; `default`
 * means none. The config folder is `DOCKER_CONFIG`, else `$HOME/.docker` (HOME from `env` only:
 * an empty `env` names no context).
 */
export function dockerContextChoice(env: Environment): DockerContextChoice | undefined {
  if (env["DOCKER_HOST"]) return undefined;
  const configDir = env["DOCKER_CONFIG"] || (env["HOME"] ? path.join(env["HOME"], ".docker") : undefined);
  if (!configDir) return undefined;
  let name = env["DOCKER_CONTEXT"];
  let from = "DOCKER_CONTEXT";
  if (!name) {
    const file = path.join(configDir, "config.json");
    name = currentContext(file);
    from = file;
  }
  return name && name !== "default" ? { name, from, configDir } : undefined;
}

function currentContext(file: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  try {
    const value = (JSON.parse(text) as { currentContext?: unknown }).currentContext;
    return typeof value === "string" ? value : undefined;
  } catch (cause) {
    throw new RuntimeError("unreachable", `cannot read the docker CLI configuration ${file}: it is not valid JSON`, { hint: "Fix or remove the file, or set DOCKER_HOST.", cause });
  }
}

/**
 * The engine connection of a docker CLI context: its `docker` endpoint's host (`unix://`,
 * `tcp://`, or `ssh://[user@]host[:port]`, reached through the system ssh as DOCKER_HOST would
 * be), with TLS when the context stores certificates
 * (`contexts/tls/<sha256 of the name>/docker/{ca,cert,key}.pem`).
 * Fails with an `unreachable` RuntimeError, naming the context and where it was chosen, when the
 * context does not exist or has no docker endpoint.
 */
export function contextConnection(choice: DockerContextChoice): DockerConnectionOptions {
  const id = createHash("sha256").update(choice.name).digest("hex");
  const metaFile = path.join(choice.configDir, "contexts", "meta", id, "meta.json");
  const notFound = (why: string, cause?: unknown) =>
    new RuntimeError("unreachable", `docker context "${choice.name}" (from ${choice.from}) ${why}`, {
      hint: "List the contexts with `docker context ls`; pick one with DOCKER_CONTEXT, or set DOCKER_HOST.",
      ...(cause !== undefined ? { cause } : {}),
    });
  let meta: { Endpoints?: { docker?: { Host?: unknown } } };
  try {
    meta = JSON.parse(readFileSync(metaFile, "utf8")) as typeof meta;
  } catch (cause) {
    throw notFound(`was not found (${metaFile} cannot be read)`, cause);
  }
  const host = meta.Endpoints?.docker?.Host;
  if (typeof host !== "string" || host === "") throw notFound("has no docker endpoint");
  const tlsDir = path.join(choice.configDir, "contexts", "tls", id, "docker");
  const tls = ["ca.pem", "cert.pem", "key.pem"].every((f) => existsSync(path.join(tlsDir, f)));
  return { host, ...(tls ? { tlsVerify: true, certPath: tlsDir } : {}) };
}
