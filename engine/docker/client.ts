import http, { type IncomingMessage } from "node:http";
import type * as HttpsModule from "node:https";
import { createRequire } from "node:module";
import type { Socket } from "node:net";
import type { Duplex, Readable } from "node:stream";
import { modemOptions, toRuntimeError, type DockerConnectionOptions, type EngineAddress, type ModemOptions } from "./connection.js";
import { SshDialer } from "./ssh-dialer.js";

// TLS is only for `tcp://` engines with DOCKER_TLS_VERIFY: loaded on first use, not at every start.
let httpsModule: typeof HttpsModule | undefined;
const https = (): typeof HttpsModule => (httpsModule ??= createRequire(import.meta.url)("node:https") as typeof HttpsModule);

/** One Engine API request. `path` is relative to the API root, e.g. `/containers/json`. */
export interface EngineRequest {
  readonly method: "GET" | "POST" | "PUT" | "DELETE" | "HEAD";
  readonly path: string;
  /** Query parameters; a list is sent as the parameter repeated (`changes=…&changes=…`). */
  readonly query?: Readonly<Record<string, string | number | boolean | undefined | readonly string[]>>;
  readonly body?: unknown;
  /** Extra request headers (`X-Registry-Auth` of a push). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Raw request payload (archives); sent as application/x-tar. */
  readonly file?: Buffer | Readable;
  /** Statuses (besides 200/201/204) that count as success, e.g. 304 for "already started". */
  readonly alsoOk?: readonly number[];
  readonly signal?: AbortSignal;
  /** Words for the error message: `starting container web-1`. */
  readonly context?: string;
}

const OK = new Set([200, 201, 204]);

/** Paths whose answer may take as long as the engine likes: a stream of events, a wait, a pull, a build. */
const LONG_PATHS = [/^\/events$/, /^\/containers\/[^/]+\/(wait|attach)$/, /^\/exec\/[^/]+\/start$/, /^\/images\/create$/, /^\/images\/.+\/push$/, /^\/build$/];

/**
 * Whether a request may hold its connection for long: over ssh such requests get a connection of
 * their own rather than a pooled one, so they never starve the small pool ordinary requests share.
 */
function holdsConnection(req: EngineRequest): boolean {
  if (LONG_PATHS.some((re) => re.test(req.path))) return true;
  return /^\/(containers|services)\/[^/]+\/logs$/.test(req.path) && req.query?.["follow"] === true;
}

/**
 * A thin, promise-based Engine API client on `node:http` (unix socket, TCP, TLS when asked, or
 * ssh: HTTP over the stdio of `ssh … docker system dial-stdio`, see ssh-dialer.ts).
 * We speak HTTP to the engine ourselves rather than through dockerode: dockerode's import alone
 * (ssh2, gRPC, protobuf for features we do not use) costs ~0.3 s, which would dominate every
 * command. Every failure comes out as a RuntimeError; nothing is read from the environment here.
 */
export class EngineClient {
  /** Where requests go, for messages (`unix:///var/run/docker.sock`). */
  readonly address: EngineAddress;
  private readonly conn: ModemOptions;
  private readonly agent: http.Agent;
  private readonly ssh: SshDialer | undefined;
  /**
   * The engine's API version (its newest, which serves our unversioned paths), from the
   * `Api-Version` header of its first answer, or `/version` (undefined before either).
   */
  serverApiVersion: string | undefined;
  /** The one `/_ping` sent to learn the API version when no answer has told it yet. */
  private versionProbe: Promise<string> | undefined;

  constructor(options: DockerConnectionOptions) {
    const { modem, address } = modemOptions(options);
    this.conn = modem;
    this.address = address;
    const agentOptions = { keepAlive: true, maxFreeSockets: 16, timeout: 30_000 };
    this.ssh = modem.ssh ? new SshDialer(modem.ssh) : undefined;
    this.agent = this.ssh ? this.ssh.agent : modem.protocol === "https" ? new (https().Agent)({ ...agentOptions, ca: modem.ca, cert: modem.cert, key: modem.key }) : new http.Agent(agentOptions);
  }

  /**
   * Closes the pooled connections (and, over ssh, ends their ssh processes). Streams still open
   * keep theirs. Idle connections never keep the process alive, so calling this is optional.
   */
  close(): void {
    this.agent.destroy();
  }

  /**
   * The engine's API version (`1.51`), as Docker Compose asks it of the engine to choose how to
   * create. Every answer carries it in its `Api-Version` header, so once any request got one
   * this costs nothing; before that, one `GET /_ping` per client (shared by concurrent callers;
   * `/version` only for an engine that sends no header). `""` when the engine will not say.
   */
  apiVersion(): Promise<string> {
    if (this.serverApiVersion !== undefined) return Promise.resolve(this.serverApiVersion);
    this.versionProbe ??= this.probeVersion().catch((error: unknown) => {
      this.versionProbe = undefined;
      throw error;
    });
    return this.versionProbe;
  }

  private async probeVersion(): Promise<string> {
    await this.json({ method: "GET", path: "/_ping", context: "asking the engine its API version" });
    if (this.serverApiVersion === undefined) {
      const v = await this.json<{ ApiVersion?: unknown } | undefined>({ method: "GET", path: "/version", context: "asking the engine its API version" });
      this.serverApiVersion ??= typeof v?.ApiVersion === "string" ? v.ApiVersion : "";
    }
    return this.serverApiVersion;
  }

  /** Sends a request and resolves with the parsed JSON answer (undefined for an empty one). */
  async json<T = unknown>(req: EngineRequest): Promise<T> {
    const res = await this.send(req);
    const text = await readAll(res);
    if (!this.ok(res, req)) throw this.failure(res, text, req);
    if (text.trim() === "") return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      return undefined as T;
    }
  }

  /** Sends a request and resolves with the streaming response (headers available). */
  async stream(req: EngineRequest): Promise<IncomingMessage> {
    const res = await this.send(req);
    if (!this.ok(res, req)) throw this.failure(res, await readAll(res), req);
    return res;
  }

  /** Sends a request that upgrades to a raw bidirectional stream (exec/attach with stdin). */
  hijack(req: EngineRequest): Promise<Duplex> {
    return new Promise<Duplex>((resolve, reject) => {
      const r = this.open(req, { Connection: "Upgrade", Upgrade: "tcp" }, false);
      r.on("upgrade", (_res: IncomingMessage, socket: Socket, head: Buffer) => {
        if (head.length > 0) socket.unshift(head);
        resolve(socket);
      });
      r.on("response", (res: IncomingMessage) => {
        void readAll(res).then((text) => reject(this.failure(res, text, req)));
      });
      r.on("error", (err) => reject(toRuntimeError(err, this.address, req.context)));
      this.writeBody(r, req);
    });
  }

  private send(req: EngineRequest): Promise<IncomingMessage> {
    return new Promise<IncomingMessage>((resolve, reject) => {
      const r = this.open(req, {}, true);
      r.on("response", (res: IncomingMessage) => {
        const version = res.headers["api-version"];
        if (typeof version === "string") this.serverApiVersion ??= version;
        resolve(res);
      });
      r.on("error", (err) => reject(toRuntimeError(err, this.address, req.context)));
      if (this.conn.timeout) r.setTimeout(this.conn.timeout, () => r.destroy(Object.assign(new Error("request timed out"), { code: "ETIMEDOUT" })));
      this.writeBody(r, req);
    });
  }

  private open(req: EngineRequest, headers: Record<string, string>, pooled: boolean): http.ClientRequest {
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(req.query ?? {})) {
      if (Array.isArray(v)) for (const item of v as readonly string[]) query.append(k, item);
      else if (v !== undefined) query.set(k, String(v));
    }
    const qs = query.toString();
    const contentType = req.file ? "application/x-tar" : req.body !== undefined ? "application/json" : undefined;
    const options: http.RequestOptions = {
      method: req.method,
      path: qs ? `${req.path}?${qs}` : req.path,
      headers: { Host: "docker", ...(contentType ? { "Content-Type": contentType } : {}), ...req.headers, ...headers },
      ...(pooled ? { agent: this.agent } : { agent: false }),
      ...(req.signal ? { signal: req.signal } : {}),
      ...(this.conn.socketPath ? { socketPath: this.conn.socketPath } : { host: this.conn.host, port: this.conn.port }),
    };
    const ssh = this.ssh;
    if (ssh) {
      const own = !pooled || holdsConnection(req);
      return http.request({
        ...options,
        ...(own ? { agent: undefined, createConnection: (_o: unknown, done: (error: Error | null, socket: Duplex) => void) => void ssh.connect(done) } : {}),
        servername: "",
      } as http.RequestOptions);
    }
    if (this.conn.protocol === "https") {
      return https().request({ ...options, ...(pooled ? {} : { ca: this.conn.ca, cert: this.conn.cert, key: this.conn.key }) });
    }
    // Without TLS there is no server name to send; an empty one keeps node's agent from working it
    // out of the Host header with net.isIP, whose first call costs a few ms of regex compilation.
    return http.request({ ...options, servername: "" } as http.RequestOptions);
  }

  private writeBody(r: http.ClientRequest, req: EngineRequest): void {
    if (req.file && !Buffer.isBuffer(req.file)) {
      req.file.on("error", (err) => r.destroy(err));
      req.file.pipe(r);
      return;
    }
    r.end(req.file ?? (req.body !== undefined ? JSON.stringify(req.body) : undefined));
  }

  private ok(res: IncomingMessage, req: EngineRequest): boolean {
    const status = res.statusCode ?? 0;
    return OK.has(status) || (req.alsoOk ?? []).includes(status);
  }

  private failure(res: IncomingMessage, text: string, req: EngineRequest) {
    let json: unknown = text;
    try {
      json = JSON.parse(text);
    } catch {
      // plain-text error body
    }
    return toRuntimeError({ statusCode: res.statusCode, json, message: `HTTP ${res.statusCode}` }, this.address, req.context);
  }
}

function readAll(res: IncomingMessage): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on("data", (c: Buffer) => chunks.push(c));
    res.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    res.on("error", reject);
  });
}
