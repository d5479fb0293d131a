import { RuntimeError } from "../runtime/runtime-errors.js";

/** A remote engine reached over ssh, from `ssh://[user@]host[:port][/socket/path]`. */
export interface SshTarget {
  readonly user?: string;
  readonly host: string;
  readonly port?: string;
  /** The engine's socket on the remote host (`/run/user/1000/docker.sock`); the remote default when absent. */
  readonly socketPath?: string;
}

/** Seconds ssh waits for the TCP connection, as the docker CLI sets it. */
export const SSH_CONNECT_TIMEOUT_SECONDS = 30;

/**
 * Reads an `ssh://` DOCKER_HOST the way the docker CLI does (`connhelper/ssh`): user and port
 * from the URL, a path naming the remote socket; a password, a query or a fragment is refused.
 * Throws an `unreachable` RuntimeError naming the address and what is wrong with it.
 */
export function parseSshHost(address: string): SshTarget {
  const bad = (why: string) =>
    new RuntimeError("unreachable", `cannot use the engine address ${address} (from DOCKER_HOST or the docker context): ${why}`, {
      hint: "Write it as ssh://[user@]host[:port]; keys, agent and other options come from your ssh configuration (~/.ssh/config).",
    });
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw bad("it is not a valid address");
  }
  if (url.protocol !== "ssh:") throw bad(`expected the ssh:// scheme, not ${url.protocol}//`);
  if (url.password) throw bad("a password in the address is not supported");
  if (url.search) throw bad(`query parameters are not allowed (${url.search})`);
  if (url.hash) throw bad(`fragments are not allowed (${url.hash})`);
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  if (!host) throw bad("the host name is empty");
  const socketPath = decodeURIComponent(url.pathname);
  return {
    ...(url.username ? { user: decodeURIComponent(url.username) } : {}),
    host,
    ...(url.port ? { port: url.port } : {}),
    ...(socketPath.replace(/\//g, "") !== "" ? { socketPath } : {}),
  };
}

/** The target as an address for messages: `ssh://root@10.0.0.5:2222`. */
export function sshAddress(target: SshTarget): string {
  const host = target.host.includes(":") ? `[${target.host}]` : target.host;
  return `ssh://${target.user ? `${target.user}@` : ""}${host}${target.port ? `:${target.port}` : ""}${target.socketPath ?? ""}`;
}

/**
 * The arguments of the `ssh` that carries one connection, as the docker CLI builds them: `-l user`
 * and `-p port` from the URL, `-o ConnectTimeout=30`, `-T` (no pseudo-terminal, so no login
 * shell), then `-- host` and the remote command `docker system dial-stdio` (with
 * `--host=unix://PATH` when the URL names a socket), quoted for the remote POSIX shell. No
 * BatchMode, as with the docker CLI: the user's ssh config and agent decide.
 */
export function sshArgs(target: SshTarget): string[] {
  const remote = ["docker", ...(target.socketPath ? [`--host=unix://${target.socketPath}`] : []), "system", "dial-stdio"];
  return [
    ...(target.user ? ["-l", target.user] : []),
    ...(target.port ? ["-p", target.port] : []),
    "-o",
    `ConnectTimeout=${SSH_CONNECT_TIMEOUT_SECONDS}`,
    "-T",
    "--",
    target.host,
    remote.map(shellQuote).join(" "),
  ];
}

/** A word as the remote POSIX shell reads it: bare when safe, else single-quoted. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
