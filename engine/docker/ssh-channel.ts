import { spawn, type ChildProcessByStdio } from "node:child_process";
import { Duplex } from "node:stream";
import type { Readable, Writable } from "node:stream";
import { RuntimeError } from "../runtime/runtime-errors.js";
import { sshArgs, type SshTarget } from "./ssh-url.js";

/** How long a killed ssh gets to end on SIGTERM before SIGKILL, as the docker CLI waits. */
const KILL_GRACE_MS = 3000;
/** The stderr kept for the error message: ssh's last words, not a whole session's chatter. */
const STDERR_KEEP = 4096;

type SshChild = ChildProcessByStdio<Writable, Readable, Readable>;

/** What a channel needs besides the target: the program to run, and a hook for its first sign of life. */
export interface SshChannelOptions {
  /** The ssh program (`ssh`, found on PATH as the docker CLI finds it). */
  readonly command: string;
  /** The address for messages: `ssh://root@10.0.0.5:2222`. */
  readonly address: string;
  /** Called once, when ssh first answers (a byte on stdout) or ends: the handshake is over either way. */
  readonly onSettled?: () => void;
}

/**
 * One connection to a remote engine: a Duplex over the stdin/stdout of `ssh … docker system
 * dial-stdio` (the docker CLI's commandconn), which node's http client and Agent use as a socket.
 * ssh runs in its own session (setsid, as the docker CLI does), so a Ctrl-C at the terminal does
 * not cut the connection that the interrupted verb still needs to clean up with. When ssh ends
 * with a failure, the channel fails with an `unreachable` RuntimeError naming the address and
 * ssh's last stderr line; destroying the channel ends its ssh (SIGTERM, then SIGKILL).
 */
export class SshChannel extends Duplex {
  private readonly child: SshChild;
  private readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly options: SshChannelOptions;
  private readonly target: SshTarget;
  private stderrTail = "";
  private settled = false;
  private idleMs = 0;
  private idleTimer: NodeJS.Timeout | undefined;
  private spawnError: Error | undefined;

  constructor(target: SshTarget, options: SshChannelOptions) {
    super({ allowHalfOpen: true });
    this.target = target;
    this.options = options;
    this.child = spawn(options.command, sshArgs(target), { stdio: ["pipe", "pipe", "pipe"], detached: true });
    this.exited = new Promise((resolve) => this.child.once("exit", (code, signal) => resolve({ code, signal })));
    this.child.once("error", (error) => {
      this.spawnError = error;
      this.settle();
      this.destroy(this.failure(null));
    });
    this.child.stdout.on("data", (chunk: Buffer) => {
      this.settle();
      this.touch();
      if (!this.push(chunk)) this.child.stdout.pause();
    });
    this.child.stdout.once("end", () => void this.finish());
    this.child.stderr.on("data", (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString("utf8")).slice(-STDERR_KEEP);
    });
    // A write to an ssh that already ended fails with EPIPE; its exit status tells the real story.
    this.child.stdin.on("error", () => undefined);
    void this.exited.then(() => this.settle());
  }

  /** The ssh process id (for tests and diagnostics); undefined when it could not start. */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Whether the ssh process is still running. */
  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null && this.spawnError === undefined;
  }

  override _read(): void {
    this.child.stdout.resume();
  }

  override _write(chunk: Buffer, encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.touch();
    this.child.stdin.write(chunk, encoding, (error) => {
      if (!error) return callback();
      void this.exited.then(({ code, signal }) => callback(this.failed(code, signal) ? this.failure(code) : error));
    });
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.child.stdin.end(() => callback());
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.stopIdleTimer();
    this.settle();
    if (this.running) {
      this.child.kill("SIGTERM");
      const force = setTimeout(() => this.child.kill("SIGKILL"), KILL_GRACE_MS);
      force.unref();
      void this.exited.then(() => clearTimeout(force));
    }
    this.unref();
    callback(error);
  }

  /**
   * Like net.Socket#setTimeout: emits `timeout` after `ms` without traffic; 0 turns it off and
   * removes `onTimeout` (node's http client relies on that to detach a request from a kept socket).
   */
  setTimeout(ms: number, onTimeout?: () => void): this {
    this.idleMs = ms;
    if (onTimeout) {
      if (ms === 0) this.removeListener("timeout", onTimeout);
      else this.once("timeout", onTimeout);
    }
    this.touch();
    return this;
  }

  /** Accepted for net.Socket compatibility (node's http Agent calls it); ssh has its own keepalives. */
  setKeepAlive(): this {
    return this;
  }

  /** Accepted for net.Socket compatibility. */
  setNoDelay(): this {
    return this;
  }

  /** Lets the process exit while this channel is idle (node's Agent calls it on pooled sockets). */
  unref(): this {
    this.child.unref();
    for (const s of [this.child.stdin, this.child.stdout, this.child.stderr]) (s as Partial<{ unref(): void }>).unref?.();
    this.idleTimer?.unref();
    return this;
  }

  /** Keeps the process alive while this channel is in use. */
  ref(): this {
    if (this.destroyed) return this;
    this.child.ref();
    for (const s of [this.child.stdin, this.child.stdout, this.child.stderr]) (s as Partial<{ ref(): void }>).ref?.();
    return this;
  }

  private settle(): void {
    if (this.settled) return;
    this.settled = true;
    this.options.onSettled?.();
  }

  private touch(): void {
    this.stopIdleTimer();
    if (this.idleMs > 0 && !this.destroyed) {
      this.idleTimer = setTimeout(() => this.emit("timeout"), this.idleMs);
      this.idleTimer.unref();
    }
  }

  private stopIdleTimer(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  /** ssh's output ended: wait for its exit status, then end the stream or fail with ssh's reason. */
  private async finish(): Promise<void> {
    const { code, signal } = await this.exited;
    if (this.destroyed) return;
    if (this.failed(code, signal)) this.destroy(this.failure(code));
    else this.push(null);
  }

  private failed(code: number | null, signal: NodeJS.Signals | null): boolean {
    return (code !== null && code !== 0) || (signal !== null && !this.destroyed);
  }

  private failure(code: number | null): RuntimeError {
    return sshFailure(this.options.address, this.target, { code, stderr: this.stderrTail, ...(this.spawnError ? { spawnError: this.spawnError } : {}) });
  }
}

/** How an ssh connection ended, for the error message. */
export interface SshOutcome {
  readonly code: number | null;
  readonly stderr: string;
  /** The error of a program that could not start (no `ssh` on PATH). */
  readonly spawnError?: Error;
}

/**
 * The one error for an ssh connection that failed: `cannot reach the Docker Engine at ssh://…
 * (ssh's last stderr line)`, with a hint that fits the failure — ssh itself (exit 255: the host,
 * port, key or agent), no `docker` on the far side (127), or the remote `docker system dial-stdio`.
 */
export function sshFailure(address: string, target: SshTarget, outcome: SshOutcome): RuntimeError {
  const spawnCode = (outcome.spawnError as { code?: unknown } | undefined)?.code;
  if (outcome.spawnError) {
    const why = spawnCode === "ENOENT" ? "the ssh program was not found" : outcome.spawnError.message;
    return new RuntimeError("unreachable", `cannot reach the Docker Engine at ${address} (${why})`, {
      hint: "Install an OpenSSH client (Debian: apt-get install openssh-client) and make sure `ssh` is on PATH.",
      cause: outcome.spawnError,
    });
  }
  const last = lastLine(outcome.stderr);
  const why = last || `ssh exited with code ${outcome.code ?? "unknown"}`;
  const manual = `ssh ${[...(target.user ? ["-l", target.user] : []), ...(target.port ? ["-p", target.port] : []), target.host].join(" ")} docker version`;
  const hint =
    outcome.code === 127 || /docker: (command )?not found/i.test(last)
      ? `Install Docker (18.09 or later) on ${target.host}, or put \`docker\` on the PATH of non-interactive ssh sessions there.`
      : outcome.code === 255
        ? `Check that \`${manual}\` works from this shell: the host and port, your key or ssh agent, and ~/.ssh/config (tscompose runs ssh as the docker CLI does).`
        : `The remote \`docker system dial-stdio\` failed: check that the Docker Engine runs on ${target.host} and that ${target.user ?? "your user"} may use it (\`${manual}\`).`;
  return new RuntimeError("unreachable", `cannot reach the Docker Engine at ${address} (${why})`, { hint, engineMessage: outcome.stderr.trim() });
}

function lastLine(text: string): string {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== "");
  return lines[lines.length - 1] ?? "";
}
