import type { ServiceConfig, ServicePort } from "../../spec/project.js";
import type { EndpointSpec, PortConfig } from "./api-types.js";
import type { StackProblems } from "./stack-problems.js";

const PROTOCOLS = new Set(["tcp", "udp", "sctp"]);

/**
 * `deploy.endpoint_mode` (vip unless dnsrr) and `ports` as Swarm's endpoint: each port published
 * through the ingress routing mesh (the default) or on the node running the task (`mode: host`);
 * without `published`, Swarm picks a port. Errors: a published range (Swarm publishes one port per
 * entry), an unknown protocol or mode, and an ingress port on a dnsrr service (the engine refuses
 * it: the routing mesh needs a virtual IP). `host_ip` has no Swarm form: a warning.
 * Ports are sorted, so reordering the file does not change the spec.
 */
export function endpointSpec(name: string, service: ServiceConfig, problems: StackProblems): EndpointSpec {
  const written = service.deploy?.endpoint_mode?.toLowerCase();
  if (written !== undefined && written !== "vip" && written !== "dnsrr") {
    problems.error(name, "deploy.endpoint_mode", `unknown endpoint_mode "${written}" (vip or dnsrr)`);
  }
  const mode = written === "dnsrr" ? "dnsrr" : "vip";
  const ports: PortConfig[] = [];
  (service.ports ?? []).forEach((port, i) => {
    const converted = portConfig(name, port, `ports[${i}]`, problems);
    if (!converted) return;
    if (mode === "dnsrr" && converted.PublishMode === "ingress") {
      problems.error(name, `ports[${i}]`, `port ${port.target} is published through the ingress routing mesh, which a dnsrr service cannot use; write it with mode: host, or use endpoint_mode vip`);
    }
    ports.push(converted);
  });
  ports.sort(comparePorts);
  return ports.length > 0 ? { Mode: mode, Ports: ports } : { Mode: mode };
}

function portConfig(name: string, port: ServicePort, attribute: string, problems: StackProblems): PortConfig | undefined {
  if (!PROTOCOLS.has(port.protocol)) {
    problems.error(name, `${attribute}.protocol`, `unknown protocol "${port.protocol}" (tcp, udp or sctp)`);
    return undefined;
  }
  if (port.mode !== "ingress" && port.mode !== "host") {
    problems.error(name, `${attribute}.mode`, `unknown port mode "${port.mode}" (ingress or host)`);
    return undefined;
  }
  if (port.host_ip !== undefined) {
    problems.warn(name, `${attribute}.host_ip`, `Swarm publishes on every address of a node; host_ip ${port.host_ip} is ignored`);
  }
  let published: number | undefined;
  if (port.published !== undefined && port.published !== "") {
    if (!/^\d+$/.test(port.published)) {
      problems.error(name, `${attribute}.published`, `Swarm publishes one port per entry, not the range ${port.published}; list each port`);
      return undefined;
    }
    published = Number(port.published);
  }
  return {
    ...(port.name !== undefined ? { Name: port.name } : {}),
    Protocol: port.protocol as PortConfig["Protocol"],
    TargetPort: port.target,
    ...(published !== undefined && published > 0 ? { PublishedPort: published } : {}),
    PublishMode: port.mode === "host" ? "host" : "ingress",
  };
}

function comparePorts(a: PortConfig, b: PortConfig): number {
  return (
    (a.PublishedPort ?? 0) - (b.PublishedPort ?? 0) ||
    a.TargetPort - b.TargetPort ||
    a.Protocol.localeCompare(b.Protocol) ||
    a.PublishMode.localeCompare(b.PublishMode) ||
    (a.Name ?? "").localeCompare(b.Name ?? "")
  );
}
