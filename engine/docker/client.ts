import type { IncomingMessage } from "node:http";
import type { Duplex, Readable } from "node:stream";
import { modemOptions, toRuntimeError, type DockerConnectionOptions, type EngineAddress } from "./connection.js";

/** One Engine API request. `path` is relative to the API root, e.g. `/containers/json`. */
export interface EngineRequest {
  readonly method: "GET" | "POST" | "PUT" | "DELETE" | "HEAD";
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly body?: unknown;
  /** Raw request payload (archives); sent as application/x-tar. */
  readonly file?: Buffer | Readable;
  /** Statuses (besides 200/201/204) that count as success, e.g. 304 for "already started". */
  readonly alsoOk?: readonly number[];
  readonly signal?: AbortSignal;
  /** Words for the error message: `starting container web-1`. */
  readonly context?: string;
}

interface Modem {
  dial(options: Record<string, unknown>, callback: (err: unknown, data: unknown) => void): void;
}

/**
 * A thin, promise-based Engine API client on docker-modem (through dockerode, imported lazily so
 * the CLI starts fast). Every failure comes out as a RuntimeError; every option is explicit so
 * nothing is read from the environment here.
 */
export class EngineClient {
  /** Where requests go, for messages (`unix:///var/run/docker.sock`). */
  readonly address: EngineAddress;
  private readonly options: ReturnType<typeof modemOptions>["modem"];
  private modem?: Promise<Modem>;

  constructor(options: DockerConnectionOptions) {
    const { modem, address } = modemOptions(options);
    this.options = modem;
    this.address = address;
  }

  private getModem(): Promise<Modem> {
    this.modem ??= import("dockerode").then((m) => {
      const Docker = m.default;
      return new Docker(this.options as unknown as ConstructorParameters<typeof Docker>[0]).modem as unknown as Modem;
    });
    return this.modem;
  }

  private async dial<T>(req: EngineRequest, extra: Record<string, unknown>): Promise<T> {
    const modem = await this.getModem();
    const statusCodes: Record<number, boolean> = { 200: true, 201: true, 204: true };
    for (const s of req.alsoOk ?? []) statusCodes[s] = true;
    const query = Object.fromEntries(Object.entries(req.query ?? {}).filter(([, v]) => v !== undefined));
    const options =
      req.body !== undefined ? { _query: query, _body: req.body } : Object.keys(query).length > 0 ? query : undefined;
    return new Promise<T>((resolve, reject) => {
      modem.dial(
        {
          path: `${req.path}?`,
          method: req.method,
          options,
          statusCodes,
          abortSignal: req.signal,
          ...(req.file ? { file: req.file, headers: { "Content-Type": "application/x-tar" } } : {}),
          ...extra,
        },
        (err, data) => (err ? reject(toRuntimeError(err, this.address, req.context)) : resolve(data as T)),
      );
    });
  }

  /** Sends a request and resolves with the parsed JSON answer (undefined for an empty one). */
  async json<T = unknown>(req: EngineRequest): Promise<T> {
    const data = await this.dial<unknown>(req, {});
    return (Buffer.isBuffer(data) ? undefined : data) as T;
  }

  /** Sends a request and resolves with the streaming response (headers available). */
  stream(req: EngineRequest): Promise<IncomingMessage> {
    return this.dial<IncomingMessage>(req, { isStream: true });
  }

  /** Sends a request that upgrades to a raw bidirectional stream (exec/attach with stdin). */
  hijack(req: EngineRequest): Promise<Duplex> {
    return this.dial<Duplex>(req, { isStream: true, hijack: true, openStdin: true });
  }
}
