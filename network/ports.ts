import { ProjectError } from "../spec/errors.js";
import type { ServicePort } from "../spec/project.js";
import type { PortBindingSpec } from "./types.js";

/** What a container publishes and exposes, in the Runtime's terms. */
export interface PortPlan {
  /** `port/protocol` keys, each once, in declaration order: published targets, then `expose:` entries. */
  readonly exposedPorts: string[];
  /** One binding per `ports:` entry, in declaration order. */
  readonly portBindings: PortBindingSpec[];
}

type Protocol = NonNullable<PortBindingSpec["protocol"]>;
const PROTOCOLS: ReadonlySet<string> = new Set(["tcp", "udp", "sctp"]);

/**
 * Maps normalized `ports:` (and optionally `expose:`) to the engine's port bindings, as Compose
 * does: each entry binds `target/protocol` to `host_ip:published`; a published range with a single
 * target (`8000-8010:80`) is passed as a range so the engine picks a free port in it; no `published`
 * means an ephemeral host port; an IPv6 host address is passed without brackets. `expose:` entries
 * (`3000`, `3000-3005`, `53/udp`) only expose, ranges expanded to one port each.
 * Invariant: every binding's port is also in `exposedPorts`. Throws a ProjectError (`E_PORT`) for a
 * protocol or `expose` entry the engine cannot take.
 */
export function portBindings(ports: readonly ServicePort[], expose: readonly string[] = []): PortPlan {
  const exposed = new Set<string>();
  const bindings: PortBindingSpec[] = [];
  for (const port of ports) {
    const protocol = protocolOf(port.protocol, `${port.target}/${port.protocol}`);
    exposed.add(`${port.target}/${protocol}`);
    const hostIp = unbracket(port.host_ip ?? "");
    bindings.push({
      containerPort: port.target,
      protocol,
      ...(hostIp !== "" ? { hostIp } : {}),
      ...(port.published !== undefined && port.published !== "" ? { hostPort: port.published } : {}),
    });
  }
  for (const entry of expose) for (const key of exposeKeys(entry)) exposed.add(key);
  return { exposedPorts: [...exposed], portBindings: bindings };
}

/** `3000`, `3000/udp`, `3000-3002/tcp` → `["3000/tcp", …]`. */
function exposeKeys(entry: string): string[] {
  const text = entry.trim();
  const slash = text.indexOf("/");
  const range = slash < 0 ? text : text.slice(0, slash);
  const protocol = protocolOf(slash < 0 ? "tcp" : text.slice(slash + 1).toLowerCase() || "tcp", entry);
  const m = /^(\d+)(?:-(\d+))?$/.exec(range);
  const start = Number(m?.[1]);
  const end = m?.[2] === undefined ? start : Number(m[2]);
  if (!m || start < 1 || end > 65535 || end < start) {
    throw new ProjectError("E_PORT", `invalid exposed port "${entry}"`, {
      hint: 'Write an exposed port as PORT[-END][/tcp|udp|sctp], e.g. "3000" or "5000-5002/udp".',
    });
  }
  const out: string[] = [];
  for (let p = start; p <= end; p++) out.push(`${p}/${protocol}`);
  return out;
}

function protocolOf(protocol: string, what: string): Protocol {
  if (PROTOCOLS.has(protocol)) return protocol as Protocol;
  throw new ProjectError("E_PORT", `the port ${what} has an unknown protocol "${protocol}"`, {
    hint: "Use tcp, udp or sctp.",
  });
}

function unbracket(ip: string): string {
  return ip.startsWith("[") && ip.endsWith("]") ? ip.slice(1, -1) : ip;
}
