import { ComposeError } from "../../spec/errors.js";
import { LABELS } from "../runtime/labels.js";
import type { PublishedPort, Runtime } from "../runtime/runtime.js";

/** What `port` looks up. */
export interface PortRequest {
  readonly projectName: string;
  readonly service: string;
  /** The container port; absent: every published port of the container. */
  readonly privatePort?: number;
  /** `tcp` (default) or `udp`; absent with no `privatePort`: every protocol. */
  readonly protocol?: string;
  /** The container number (`--index`); default: the lowest-numbered running one. */
  readonly index?: number;
}

/** One published port of a container. */
export interface PortMapping {
  readonly hostIp: string;
  readonly hostPort: number;
  readonly containerPort: number;
  readonly protocol: string;
}

/** `0.0.0.0:49153`, `[::]:49153`. */
export function formatHostPort(m: PortMapping): string {
  return m.hostIp.includes(":") ? `[${m.hostIp}]:${m.hostPort}` : `${m.hostIp}:${m.hostPort}`;
}

const v6 = (p: PublishedPort) => Number((p.hostIp ?? "").includes(":"));
const byPort = (a: PublishedPort, b: PublishedPort) => a.containerPort - b.containerPort || (a.protocol < b.protocol ? -1 : a.protocol > b.protocol ? 1 : 0) || v6(a) - v6(b);

/**
 * The host side of a running service container's published port(s), by container port, IPv4
 * bindings before IPv6 ones.
 * Fails with `E_NO_CONTAINER` when the service has no running container (with that index) and
 * with `E_PORT_NOT_PUBLISHED`, listing what is published, when the port is not.
 */
export async function servicePort(runtime: Runtime, req: PortRequest): Promise<PortMapping[]> {
  const labels = { [LABELS.project]: req.projectName, [LABELS.service]: req.service };
  const list = (await runtime.listContainers({ labels }))
    .filter((c) => c.labels[LABELS.oneoff] !== "True")
    .map((c) => ({ c, n: Number(c.labels[LABELS.containerNumber] ?? "0") }))
    .filter(({ n }) => req.index === undefined || n === req.index)
    .sort((a, b) => a.n - b.n);
  const found = list[0]?.c;
  if (!found) {
    const which = req.index === undefined ? "" : ` with index ${req.index}`;
    throw new ComposeError("E_NO_CONTAINER", `service "${req.service}" of project "${req.projectName}" has no running container${which}`, {
      hint: req.index === undefined ? "Start it with `tscompose up -d` first." : "Check the index with `tscompose ps`.",
    });
  }
  const published = [...found.ports].filter((p) => p.hostPort !== undefined).sort(byPort);
  const protocol = req.protocol ?? (req.privatePort === undefined ? undefined : "tcp");
  const matches = published.filter((p) => (req.privatePort === undefined || p.containerPort === req.privatePort) && (protocol === undefined || p.protocol === protocol));
  if (req.privatePort !== undefined && matches.length === 0) {
    const list = published.map((p) => `${p.containerPort}/${p.protocol}`);
    throw new ComposeError("E_PORT_NOT_PUBLISHED", `no port ${req.privatePort}/${protocol} is published for container ${found.name}${list.length > 0 ? ` (published: ${[...new Set(list)].join(", ")})` : ""}`, {
      hint: `Publish it under \`ports:\` of service "${req.service}", then run \`tscompose up -d\`.`,
    });
  }
  return matches.map((p) => ({ hostIp: p.hostIp ?? "", hostPort: p.hostPort ?? 0, containerPort: p.containerPort, protocol: p.protocol }));
}
