import http from "node:http";
import type { Duplex } from "node:stream";
import { SshChannel } from "./ssh-channel.js";
import { sshAddress, type SshTarget } from "./ssh-url.js";

/** Options of an SshDialer; the defaults suit a CLI run. */
export interface SshDialerOptions {
  /** The ssh program (default `ssh` on PATH). */
  readonly command?: string;
  /** Pooled connections at most (short requests queue for one rather than pay a new ssh login). */
  readonly maxPooled?: number;
  /** ssh logins in progress at once (sshd drops logins beyond its MaxStartups, 10 by default). */
  readonly maxHandshakes?: number;
  /** Idle pooled connections (and an unused spare) are closed after this long (ms). */
  readonly idleMs?: number;
  /** Keep one ssh logging in ahead of need (default true). */
  readonly spare?: boolean;
}

/** A login counts against the gate until ssh answers, ends, or this long has passed. */
const HANDSHAKE_SLOT_MS = 3000;

const live = new Set<SshChannel>();
let exitHookInstalled = false;

/** Ends every ssh this process started that is still running (at exit; tests). */
export function closeAllSshChannels(): void {
  for (const channel of live) channel.destroy();
  live.clear();
}

/**
 * Opens connections to a remote engine over ssh, the docker CLI's way: one `ssh … docker system
 * dial-stdio` per HTTP connection. `agent` keeps a small pool of them for ordinary requests
 * (keep-alive, at most `maxPooled` at once: a new ssh login costs far more than waiting for a
 * pooled connection); `connect` opens a connection of its own for a stream that holds it
 * (events, logs, attach, wait). An ssh login takes a few hundred ms even on loopback, so once the
 * first connection is asked for, one spare ssh is started ahead of need (ssh holds what is written
 * to it until its session is up) and handed to the next request that needs a new connection.
 * Logins are gated (`maxHandshakes` at once), idle connections let the process exit and close
 * after `idleMs`, and every ssh still running is ended when the process exits, so a CLI never
 * hangs on an open child.
 */
export class SshDialer {
  /** The pool for ordinary requests (pass as the request's agent). */
  readonly agent: http.Agent;
  /** `ssh://user@host:port`, for messages. */
  readonly address: string;
  private readonly target: SshTarget;
  private readonly command: string;
  private readonly maxHandshakes: number;
  private readonly idleMs: number;
  private readonly useSpare: boolean;
  private handshakes = 0;
  private readonly waiting: (() => void)[] = [];
  private spare: SshChannel | undefined;
  /** A spare's login was asked for and waits for a login slot. */
  private sparePending = false;
  private spareTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private failedOnce = false;
  private readonly channels = new Set<SshChannel>();

  constructor(target: SshTarget, options: SshDialerOptions = {}) {
    this.target = target;
    this.address = sshAddress(target);
    this.command = options.command ?? "ssh";
    this.maxHandshakes = Math.max(1, options.maxHandshakes ?? 6);
    this.idleMs = options.idleMs ?? 30_000;
    this.useSpare = options.spare ?? true;
    const dial = (callback: (error: Error | null, socket: Duplex) => void) => this.connect(callback);
    const pooled = options.maxPooled ?? 4;
    this.agent = new SshAgent(dial, { keepAlive: true, maxSockets: pooled, maxFreeSockets: pooled, timeout: this.idleMs });
  }

  /** Hands `callback` a connection: the spare when one is waiting, else a new one (after a free login slot). */
  connect(callback: (error: Error | null, socket: Duplex) => void): void {
    const spare = this.takeSpare();
    if (spare) {
      callback(null, spare.ref());
      this.replenish();
      return;
    }
    this.open((channel) => {
      callback(null, channel);
      this.replenish();
    });
  }

  /** Closes the pool and ends every ssh this dialer started (spare and streams included). */
  destroy(): void {
    this.closed = true;
    this.takeSpare();
    this.agent.destroy();
    for (const channel of this.channels) channel.destroy();
    this.channels.clear();
  }

  private open(use: (channel: SshChannel) => void): void {
    this.acquire(() => {
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        clearTimeout(slotTimer);
        this.release();
      };
      const slotTimer = setTimeout(release, HANDSHAKE_SLOT_MS);
      slotTimer.unref();
      const channel = new SshChannel(this.target, { command: this.command, address: this.address, onSettled: release });
      track(channel);
      // A failure reaches the request that uses the channel; a spare nobody uses yet must not
      // crash the process with it, and after one failure, spares would only fail the same way.
      channel.on("error", () => (this.failedOnce = true));
      this.channels.add(channel);
      channel.once("close", () => this.channels.delete(channel));
      use(channel);
    });
  }

  /** Starts the next spare login, unless one is waiting or the dialer was closed. */
  private replenish(): void {
    if (!this.useSpare || this.closed || this.failedOnce || this.spare || this.sparePending) return;
    this.sparePending = true;
    this.open((channel) => {
      this.sparePending = false;
      if (this.closed) {
        channel.destroy();
        return;
      }
      this.spare = channel.unref();
      // An unused spare goes after the idle time, as idle pooled connections do.
      this.spareTimer = setTimeout(() => this.takeSpare()?.destroy(), this.idleMs);
      this.spareTimer.unref();
    });
  }

  private takeSpare(): SshChannel | undefined {
    const spare = this.spare;
    this.spare = undefined;
    if (this.spareTimer) clearTimeout(this.spareTimer);
    this.spareTimer = undefined;
    if (spare && !spare.running) {
      // It ended on its own (a lost connection): its failure would be stale, take a fresh one.
      spare.destroy();
      return undefined;
    }
    return spare;
  }

  private acquire(start: () => void): void {
    if (this.handshakes < this.maxHandshakes) {
      this.handshakes++;
      start();
    } else {
      this.waiting.push(() => {
        this.handshakes++;
        start();
      });
    }
  }

  private release(): void {
    this.handshakes--;
    this.waiting.shift()?.();
  }
}

/** node's http Agent over ssh channels instead of TCP sockets. */
class SshAgent extends http.Agent {
  private readonly dial: (callback: (error: Error | null, socket: Duplex) => void) => void;

  constructor(dial: (callback: (error: Error | null, socket: Duplex) => void) => void, options: http.AgentOptions) {
    super(options);
    this.dial = dial;
  }

  override createConnection(options: http.ClientRequestArgs, callback?: (error: Error | null, socket: Duplex) => void): Duplex | null | undefined {
    if (!callback) return undefined;
    this.dial((error, socket) => {
      // As net.createConnection would: the Agent's idle timeout, which closes pooled connections.
      if (!error && options.timeout) (socket as SshChannel).setTimeout(options.timeout);
      callback(error, socket);
    });
    return undefined;
  }
}

function track(channel: SshChannel): void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    // Runs on every way out (process.exit included); kill is synchronous, so it can run here.
    process.once("exit", closeAllSshChannels);
  }
  live.add(channel);
  channel.once("close", () => live.delete(channel));
}
