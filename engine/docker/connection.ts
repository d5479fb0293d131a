import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { RuntimeError } from "../runtime/runtime-errors.js";
import { parseSshHost, sshAddress, type SshTarget } from "./ssh-url.js";

/** How to reach the engine; the CLI fills it from DOCKER_HOST / DOCKER_TLS_VERIFY / DOCKER_CERT_PATH. */
export interface DockerConnectionOptions {
  /**
   * A DOCKER_HOST value: `unix:///path` (default `/var/run/docker.sock`), `tcp://host:port`, or
   * `ssh://[user@]host[:port]` (through the system `ssh` and `docker system dial-stdio` there).
   */
  readonly host?: string;
  /** Use TLS and verify the server (DOCKER_TLS_VERIFY). */
  readonly tlsVerify?: boolean;
  /** Folder with `ca.pem`, `cert.pem`, `key.pem` (DOCKER_CERT_PATH; default `~/.docker`). */
  readonly certPath?: string;
  /** Per-request timeout in ms for non-streaming calls (none by default). */
  readonly timeoutMs?: number;
}

/** Connection parameters, every key explicit (nothing is taken from the environment here). */
export interface ModemOptions {
  socketPath: string | undefined;
  host: string | undefined;
  port: number | undefined;
  protocol: "http" | "https" | undefined;
  ca: Buffer | undefined;
  cert: Buffer | undefined;
  key: Buffer | undefined;
  timeout: number | undefined;
  /** A remote engine reached over ssh (then no socket, host or port). */
  ssh: SshTarget | undefined;
}

/** Where a connection goes, for messages: `unix:///var/run/docker.sock`. */
export type EngineAddress = string;

const DEFAULT_SOCKET = "/var/run/docker.sock";

/**
 * Turns connection options into explicit modem options. Every key is set (possibly to undefined)
 * because docker-modem otherwise fills the gaps from process.env, and only the CLI reads the
 * environment. Throws an `unreachable` RuntimeError for an address we cannot use.
 */
export function modemOptions(options: DockerConnectionOptions): { modem: ModemOptions; address: EngineAddress } {
  const host = options.host?.trim() || `unix://${DEFAULT_SOCKET}`;
  const none: ModemOptions = {
    socketPath: undefined,
    host: undefined,
    port: undefined,
    protocol: undefined,
    ca: undefined,
    cert: undefined,
    key: undefined,
    timeout: options.timeoutMs,
    ssh: undefined,
  };
  if (host.startsWith("unix://")) {
    const socketPath = host.slice("unix://".length) || DEFAULT_SOCKET;
    return { modem: { ...none, socketPath }, address: `unix://${socketPath}` };
  }
  if (host.startsWith("/")) return { modem: { ...none, socketPath: host }, address: `unix://${host}` };
  const withScheme = host.includes("://") ? host : `tcp://${host}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw badHost(host, "it is not a valid address");
  }
  if (url.protocol === "ssh:") {
    const ssh = parseSshHost(host);
    return { modem: { ...none, ssh }, address: sshAddress(ssh) };
  }
  if (url.protocol !== "tcp:" && url.protocol !== "http:" && url.protocol !== "https:") {
    throw badHost(host, `the ${url.protocol.replace(/:$/, "")}:// scheme is not supported`);
  }
  const tls = options.tlsVerify === true || url.protocol === "https:";
  const port = url.port ? Number(url.port) : tls ? 2376 : 2375;
  const modem: ModemOptions = { ...none, host: url.hostname.replace(/^\[|\]$/g, ""), port, protocol: tls ? "https" : "http" };
  if (tls) Object.assign(modem, readCerts(options.certPath ?? join(homedir(), ".docker")));
  return { modem, address: `${tls ? "https" : "tcp"}://${url.hostname}:${port}` };
}

function readCerts(dir: string): Pick<ModemOptions, "ca" | "cert" | "key"> {
  try {
    return {
      ca: readFileSync(join(dir, "ca.pem")),
      cert: readFileSync(join(dir, "cert.pem")),
      key: readFileSync(join(dir, "key.pem")),
    };
  } catch (error) {
    throw new RuntimeError("unreachable", `cannot read the TLS certificates in ${dir}`, {
      hint: "Set DOCKER_CERT_PATH to a folder holding ca.pem, cert.pem and key.pem, or unset DOCKER_TLS_VERIFY.",
      cause: error,
    });
  }
}

function badHost(host: string, why: string): RuntimeError {
  return new RuntimeError("unreachable", `cannot use the engine address ${host} (from DOCKER_HOST or the docker context): ${why}`, {
    hint: "Use unix:///path/to/docker.sock, tcp://host:port or ssh://[user@]host[:port].",
  });
}

const UNREACHABLE_CODES = new Set([
  "ECONNREFUSED",
  "ENOENT",
  "EACCES",
  "EPERM",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ECONNRESET",
  "EPIPE",
]);

export { apiVersionAtLeast } from "../runtime/api-version.js";

/** The error for an engine that does not answer, naming the address tried and how to fix it. */
export function unreachable(address: EngineAddress, cause: unknown): RuntimeError {
  const code = (cause as { code?: unknown } | null)?.code;
  const why =
    code === "ENOENT"
      ? "the socket does not exist"
      : code === "EACCES" || code === "EPERM"
        ? "permission denied on the socket"
        : code === "ECONNREFUSED"
          ? "connection refused"
          : typeof code === "string"
            ? code
            : cause instanceof Error
              ? cause.message
              : String(cause);
  const hint = address.startsWith("ssh://")
    ? "The ssh connection closed before the engine answered: check that the Docker Engine runs on the remote host (`ssh HOST docker version`)."
    : code === "EACCES" || code === "EPERM"
      ? "Run as root or as a member of the docker group, or point DOCKER_HOST at an engine you may use."
      : "Start the Docker Engine (as root, scripts/engine.sh starts one) or set DOCKER_HOST to a running engine.";
  return new RuntimeError("unreachable", `cannot reach the Docker Engine at ${address} (${why})`, { hint, cause });
}

/** True when `error` is a transport failure (no HTTP answer at all). */
export function isTransportError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && UNREACHABLE_CODES.has(code);
}

/**
 * Maps a transport failure or an HTTP error answer to a RuntimeError: HTTP 404 → not-found, 409 and 403 (the
 * engine's "in use" / "already exists" answers for networks) → conflict, and so is Podman's 500
 * "… network is being used" (its compat API's answer for removing a network with containers), a
 * transport failure → unreachable, the rest → other. Keeps the engine's message verbatim in `engineMessage`.
 */
export function toRuntimeError(error: unknown, address: EngineAddress, context?: string): RuntimeError {
  if (error instanceof RuntimeError) return error;
  if (isTransportError(error)) return unreachable(address, error);
  const e = error as { statusCode?: unknown; json?: unknown; message?: unknown } | null;
  const status = typeof e?.statusCode === "number" ? e.statusCode : undefined;
  const engineMessage = engineText(e);
  const inUse = status === 500 && PODMAN_IN_USE.test(engineMessage);
  const reason = status === 404 ? "not-found" : status === 409 || status === 403 || inUse ? "conflict" : "other";
  const message = context ? `${context}: ${engineMessage}` : engineMessage;
  return new RuntimeError(reason, message, { ...(status !== undefined ? { status } : {}), engineMessage, cause: error });
}

/** Podman's cause for removing a network or volume that containers still use, sent as HTTP 500. */
const PODMAN_IN_USE = /\b(?:network|volume) is being used\b/;

function engineText(e: { json?: unknown; message?: unknown } | null): string {
  const json = e?.json as { message?: unknown } | string | null | undefined;
  if (json && typeof json === "object" && typeof json.message === "string") return json.message.trim();
  if (typeof json === "string" && json.trim()) return json.trim();
  const msg = typeof e?.message === "string" ? e.message : String(e);
  // docker-modem wraps as "(HTTP code 404) no such container - <engine text> ".
  const m = /^\(HTTP code \d+\) [^-]*- (.*)$/s.exec(msg.trim());
  return (m?.[1] ?? msg).trim();
}
