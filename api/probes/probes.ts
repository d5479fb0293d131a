import http from "node:http";
import net from "node:net";
import { LABELS } from "../../engine/runtime/labels.js";
import type { Runtime } from "../../engine/runtime/runtime.js";
import type { EngineConnection } from "../connect/connect.js";
import { publishedAddress, type HostPort } from "../verbs/port.js";

/** What a probe attempt may use. */
export interface ProbeContext {
  readonly runtime: Runtime;
  readonly projectName: string;
  readonly connection: EngineConnection;
  /** Aborted when the probe's time is up (or the caller gives up): end the attempt. */
  readonly signal: AbortSignal;
}

/**
 * A readiness check beyond healthchecks. `check` makes one attempt: it resolves when the probe
 * passes and throws (with the reason) when it does not yet; the runner retries until `timeoutMs`.
 */
export interface Probe {
  readonly service: string;
  /** How the probe is named in errors: `tcp api:80`. */
  readonly description: string;
  /** How long the probe may take in all (default 60 s). */
  readonly timeoutMs?: number;
  /** Pause between attempts (default 200 ms). */
  readonly intervalMs?: number;
  check(ctx: ProbeContext): Promise<void>;
}

/** Options every probe takes. */
export interface ProbeOptions {
  /** How long the probe may take in all (default 60 s). */
  readonly timeoutMs?: number;
  /** Pause between attempts (default 200 ms). */
  readonly intervalMs?: number;
  /** The container number (default: the lowest-numbered running one). */
  readonly index?: number;
}

function timing(o: ProbeOptions): Pick<Probe, "timeoutMs" | "intervalMs"> {
  return { ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}), ...(o.intervalMs !== undefined ? { intervalMs: o.intervalMs } : {}) };
}

// docker-proxy accepts on the published port before anything listens in the container, then
// closes the connection at once; a connection that survives this long reached a listener.
const SETTLE_MS = 150;

/**
 * Passes when the service's published `port` (a container port) accepts a TCP connection that the
 * far side does not close at once (Docker's userland proxy accepts even when nothing listens yet).
 */
export function tcp(service: string, port: number, options: ProbeOptions = {}): Probe {
  return {
    service,
    description: `tcp ${service}:${port}`,
    ...timing(options),
    async check(ctx) {
      const address = await addressOf(ctx, service, port, options.index);
      await connectAndSettle(address, ctx.signal);
    },
  };
}

/** Options of an HTTP probe. */
export interface HttpProbeOptions extends ProbeOptions {
  /** Status code(s) that pass (default 200). */
  readonly status?: number | readonly number[];
  /** Request method (default GET). */
  readonly method?: string;
}

/** Passes when `GET http://<published address of port><path>` answers with the expected status. */
export function http_(service: string, port: number, path = "/", options: HttpProbeOptions = {}): Probe {
  const expected = options.status === undefined ? [200] : typeof options.status === "number" ? [options.status] : [...options.status];
  const urlPath = path.startsWith("/") ? path : `/${path}`;
  return {
    service,
    description: `http ${service}:${port}${urlPath} (status ${expected.join("|")})`,
    ...timing(options),
    async check(ctx) {
      const address = await addressOf(ctx, service, port, options.index);
      const status = await request(address, urlPath, options.method ?? "GET", ctx.signal);
      if (!expected.includes(status)) throw new Error(`answered ${status}, expected ${expected.join(" or ")}`);
    },
  };
}

/**
 * Passes when a line of the service's output (stdout or stderr, any of its containers) matches
 * `pattern`; lines printed before the probe started count too.
 */
export function log(service: string, pattern: RegExp, options: Omit<ProbeOptions, "index"> = {}): Probe {
  return {
    service,
    description: `log ${service} ${String(pattern)}`,
    ...timing(options),
    async check(ctx) {
      const containers = (await ctx.runtime.listContainers({ all: true, labels: { [LABELS.project]: ctx.projectName, [LABELS.service]: service } })).filter(
        (c) => c.labels[LABELS.oneoff] !== "True",
      );
      if (containers.length === 0) throw new Error(`service "${service}" has no container`);
      const found = new AbortController();
      const stop = () => found.abort();
      ctx.signal.addEventListener("abort", stop, { once: true });
      try {
        const results = await Promise.all(containers.map((c) => scan(ctx.runtime, c.id, pattern, found)));
        if (!results.includes(true)) throw new Error(ctx.signal.aborted ? "no line matched" : "no line matched and the service's containers stopped");
      } finally {
        ctx.signal.removeEventListener("abort", stop);
      }
    },
  };
}

export { http_ as http };

async function scan(runtime: Runtime, id: string, pattern: RegExp, found: AbortController): Promise<boolean> {
  try {
    for await (const line of runtime.logs(id, { follow: true, signal: found.signal })) {
      pattern.lastIndex = 0;
      if (pattern.test(line.text)) {
        found.abort();
        return true;
      }
    }
  } catch (error) {
    if (!found.signal.aborted) throw error;
  }
  return false;
}

async function addressOf(ctx: ProbeContext, service: string, port: number, index: number | undefined): Promise<HostPort> {
  return publishedAddress(ctx.runtime, ctx.connection, ctx.projectName, service, port, index !== undefined ? { index } : {});
}

function connectAndSettle(address: HostPort, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: address.host, port: address.port });
    let timer: NodeJS.Timeout | undefined;
    const finish = (error?: Error) => {
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
      socket.destroy();
      if (error) reject(error);
      else resolve();
    };
    const onAbort = () => finish(new Error(`connecting to ${address.host}:${address.port} was cut short`));
    signal.addEventListener("abort", onAbort, { once: true });
    socket.once("error", (e) => finish(new Error(`${address.host}:${address.port}: ${e.message}`)));
    socket.once("connect", () => {
      timer = setTimeout(() => finish(), SETTLE_MS);
      socket.once("data", () => finish());
      socket.once("close", () => finish(new Error(`${address.host}:${address.port} closed the connection at once (nothing listening behind the published port yet)`)));
    });
  });
}

function request(address: HostPort, path: string, method: string, signal: AbortSignal): Promise<number> {
  return new Promise((resolve, reject) => {
    const host = address.host.includes(":") ? `[${address.host}]` : address.host;
    const req = http.request({ host: address.host, port: address.port, path, method, signal, timeout: 5000, headers: { host: `${host}:${address.port}` } }, (res) => {
      res.resume();
      res.once("end", () => resolve(res.statusCode ?? 0));
      res.once("error", reject);
    });
    req.once("timeout", () => req.destroy(new Error(`no answer from ${host}:${address.port} within 5s`)));
    req.once("error", (e) => reject(new Error(`${method} http://${host}:${address.port}${path}: ${e.message}`)));
    req.end();
  });
}
