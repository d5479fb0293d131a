import type { EngineClient } from "../docker/client.js";
import { seg } from "../docker/containers.js";
import { engineTime } from "../docker/io.js";
import { demux, rawStdout, toLines } from "../docker/streams.js";
import type { Service } from "./api-types.js";
import { notManager } from "./swarm-errors.js";

/** Which part of a service's log to read. */
export interface ServiceLogsOptions {
  readonly follow?: boolean;
  readonly timestamps?: boolean;
  /** Lines from the end of each task's log; all by default. */
  readonly tail?: number;
  /** Only lines after this time (a Date, or Unix seconds). */
  readonly since?: Date | number;
  readonly signal?: AbortSignal;
}

/** One line of a service's log, with the task and node it came from. */
export interface ServiceLogLine {
  readonly stream: "stdout" | "stderr";
  readonly text: string;
  /** RFC 3339, with `timestamps`. */
  readonly time?: string;
  readonly taskId?: string;
  readonly nodeId?: string;
  readonly serviceId?: string;
}

const DETAIL_KEYS: Readonly<Record<string, "taskId" | "nodeId" | "serviceId">> = {
  "com.docker.swarm.task.id": "taskId",
  "com.docker.swarm.node.id": "nodeId",
  "com.docker.swarm.service.id": "serviceId",
};

/**
 * Streams `GET /services/{id}/logs` as lines. The engine multiplexes stdout and stderr as it does
 * for a container (unless the service has a TTY), and with `details` starts each line (after the
 * timestamp) with `key=value,…` attributes, from which the task, node and service IDs are taken:
 * what `docker service logs` prefixes lines with. Ends quietly when `signal` aborts.
 */
export async function* serviceLogs(engine: EngineClient, ref: string, options: ServiceLogsOptions = {}): AsyncGenerator<ServiceLogLine> {
  const context = `reading the logs of service ${ref}`;
  const rethrow = (error: unknown): never => {
    throw notManager(error, engine.address) ?? error;
  };
  const service = await engine.json<Service>({ method: "GET", path: `/services/${seg(ref)}`, context }).catch(rethrow);
  const timestamps = options.timestamps ?? false;
  const res = await engine
    .stream({
      method: "GET",
      path: `/services/${seg(ref)}/logs`,
      query: {
        stdout: true,
        stderr: true,
        details: true,
        follow: options.follow ?? false,
        timestamps,
        since: options.since === undefined ? undefined : engineTime(options.since),
        tail: options.tail === undefined ? "all" : String(options.tail),
      },
      ...(options.signal ? { signal: options.signal } : {}),
      context,
    })
    .catch(rethrow);
  const chunks = service.Spec.TaskTemplate.ContainerSpec.TTY ? rawStdout(res) : demux(res);
  try {
    for await (const line of toLines(chunks, timestamps)) yield withDetails(line);
  } catch (error) {
    if (!options.signal?.aborted) throw error;
  } finally {
    res.destroy();
  }
}

/** Moves the leading `k=v,k=v ` details of a line into task, node and service IDs (values are URL-encoded). */
export function withDetails(line: { stream: "stdout" | "stderr"; text: string; time?: string }): ServiceLogLine {
  const space = line.text.indexOf(" ");
  const head = space < 0 ? line.text : line.text.slice(0, space);
  if (!head.includes("=")) return line;
  const ids: Partial<Record<"taskId" | "nodeId" | "serviceId", string>> = {};
  for (const pair of head.split(",")) {
    const eq = pair.indexOf("=");
    const field = DETAIL_KEYS[pair.slice(0, eq)];
    if (eq > 0 && field !== undefined) ids[field] = decode(pair.slice(eq + 1));
  }
  return { ...line, text: space < 0 ? "" : line.text.slice(space + 1), ...ids };
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, " "));
  } catch {
    return value;
  }
}
