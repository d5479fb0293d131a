import { servicePort, type PortMapping } from "../../engine/verbs/port.js";
import type { Runtime } from "../../engine/runtime/runtime.js";
import { dialHost, type EngineConnection } from "../connect/connect.js";

/** Which container and protocol a port lookup means. */
export interface PortOptions {
  /** `tcp` (default) or `udp`. */
  readonly protocol?: "tcp" | "udp" | string;
  /** The container number; default the lowest-numbered running one. */
  readonly index?: number;
}

/** An address to connect to. */
export interface HostPort {
  readonly host: string;
  readonly port: number;
}

/**
 * The published bindings of a running service container: of `containerPort` when given, else of
 * every published port, IPv4 before IPv6. Fails with E_NO_CONTAINER (no running container) or
 * E_PORT_NOT_PUBLISHED (naming what is published).
 */
export async function portMappings(runtime: Runtime, projectName: string, service: string, containerPort: number | undefined, options: PortOptions = {}): Promise<PortMapping[]> {
  return servicePort(runtime, {
    projectName,
    service,
    ...(containerPort !== undefined ? { privatePort: containerPort } : {}),
    ...(options.protocol ? { protocol: options.protocol } : {}),
    ...(options.index !== undefined ? { index: options.index } : {}),
  });
}

/**
 * Where to connect, from this machine, to `containerPort` of a running service container: the
 * first binding's port, and a host that reaches it (loopback for a wildcard binding, the engine's
 * host when it is reached over `tcp://`).
 */
export async function publishedAddress(
  runtime: Runtime,
  connection: EngineConnection,
  projectName: string,
  service: string,
  containerPort: number,
  options: PortOptions = {},
): Promise<HostPort> {
  const [first] = await portMappings(runtime, projectName, service, containerPort, options);
  // servicePort throws when nothing matches, so there is a first mapping.
  return { host: dialHost(first?.hostIp ?? "", connection), port: first?.hostPort ?? 0 };
}

export type { PortMapping };
