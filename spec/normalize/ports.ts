import { isIP } from "node:net";
import { ProjectError } from "../errors.js";
import type { Plain } from "../read/parse.js";
import type { ServicePort } from "../project.js";

const PORT_HINT =
  'Write a port as [HOST_IP:][HOST_PORT[-END]:]CONTAINER_PORT[-END][/tcp|udp|sctp], e.g. "8080:80", ' +
  '"127.0.0.1:8080:80/udp", "[::1]:8080:80" or "9000-9001:9000-9001".';
const PROTOCOLS = new Set(["tcp", "udp", "sctp"]);

interface Range {
  readonly start: number;
  readonly end: number;
}

/**
 * Normalizes one `ports:` entry to its long form(s), as compose-go does:
 * - a number is a container port (`80` → `{target: 80}`);
 * - a string is the short syntax `[HOST_IP:][HOST_PORT[-END]:]CONTAINER_PORT[-END][/PROTO]`
 *   (see `parsePortSpec`), which may expand to several entries;
 * - a mapping is the long syntax, with `published` made a string.
 * Defaults: `mode: ingress`, `protocol: tcp`. Throws a ProjectError (`E_PORT`) on invalid input.
 */
export function normalizePort(entry: Plain): ServicePort[] {
  if (typeof entry === "number") return [{ mode: "ingress", target: containerPort(entry, String(entry)), protocol: "tcp" }];
  if (typeof entry === "string") return parsePortSpec(entry);
  if (entry !== null && typeof entry === "object" && !Array.isArray(entry)) return [longPort(entry)];
  throw new ProjectError("E_PORT", `invalid port entry ${JSON.stringify(entry)}`, { hint: PORT_HINT });
}

/**
 * Parses the short port syntax with docker's rules (go-connections `nat.ParsePortSpec`):
 * equal-length host and container ranges expand to one entry per port; a host range with a single
 * container port stays one entry with `published: "8000-8010"` (the engine picks a free one);
 * an IPv6 host address is written in brackets (`[::1]:8080:80`) and stored without them.
 */
export function parsePortSpec(spec: string): ServicePort[] {
  const fail = (why: string): never => {
    throw new ProjectError("E_PORT", `invalid port "${spec}": ${why}`, { hint: PORT_HINT });
  };
  const { ip, hostPort, container } = splitParts(spec.trim());
  const slash = container.indexOf("/");
  const portText = slash < 0 ? container : container.slice(0, slash);
  const protocol = slash < 0 ? "tcp" : container.slice(slash + 1).toLowerCase() || "tcp";
  if (portText === "") fail("no container port is given");
  if (!PROTOCOLS.has(protocol)) fail(`unknown protocol "${protocol}"`);
  const hostIp = parseHostIp(ip, fail);
  const target = parseRange(portText, "container port", fail);
  if (target.start === 0) fail("the container port cannot be 0");
  const host = hostPort === "" ? undefined : parseRange(hostPort, "host port", fail);
  const count = target.end - target.start + 1;
  if (host && host.end - host.start !== target.end - target.start && count > 1) {
    fail(`the host range ${hostPort} and the container range ${portText} have different lengths`);
  }
  const out: ServicePort[] = [];
  for (let i = 0; i < count; i++) {
    let published: string | undefined;
    if (host) {
      published = String(host.start + i);
      if (count === 1 && host.start !== host.end) published += `-${host.end}`;
    }
    out.push({
      mode: "ingress",
      ...(hostIp !== "" ? { host_ip: hostIp } : {}),
      target: target.start + i,
      ...(published !== undefined ? { published } : {}),
      protocol,
    });
  }
  return out;
}

function splitParts(spec: string): { ip: string; hostPort: string; container: string } {
  const parts = spec.split(":");
  const n = parts.length;
  if (n === 1) return { ip: "", hostPort: "", container: parts[0] ?? "" };
  if (n === 2) return { ip: "", hostPort: parts[0] ?? "", container: parts[1] ?? "" };
  // An IPv6 address contains colons itself: everything before the last two parts is the address.
  return { ip: parts.slice(0, n - 2).join(":"), hostPort: parts[n - 2] ?? "", container: parts[n - 1] ?? "" };
}

function parseHostIp(ip: string, fail: (why: string) => never): string {
  let addr = ip;
  if (addr.startsWith("[")) {
    if (!addr.endsWith("]")) fail(`the host address ${ip} has an unclosed bracket`);
    addr = addr.slice(1, -1);
  } else if (isIP(addr) === 6) {
    // Compose splits at every colon ("too many colons in address"): only the bracketed form works.
    fail(`the IPv6 host address ${ip} must be written in brackets, as [${ip}]`);
  }
  if (addr !== "" && isIP(addr) === 0) fail(`"${ip}" is not an IP address`);
  return addr;
}

function parseRange(text: string, what: string, fail: (why: string) => never): Range {
  const dash = text.indexOf("-");
  const startText = dash < 0 ? text : text.slice(0, dash);
  const endText = dash < 0 ? startText : text.slice(dash + 1);
  const start = portNumber(startText, what, fail);
  const end = portNumber(endText, what, fail);
  if (end < start) fail(`the ${what} range ${text} ends before it starts`);
  return { start, end };
}

function portNumber(text: string, what: string, fail: (why: string) => never): number {
  if (!/^\d+$/.test(text)) fail(`"${text}" is not a valid ${what}`);
  const n = Number(text);
  if (n > 65535) fail(`the ${what} ${text} is out of range (0-65535)`);
  return n;
}

function containerPort(n: number, text: string): number {
  if (!Number.isInteger(n) || n < 1 || n > 65535) {
    throw new ProjectError("E_PORT", `invalid port "${text}": the container port must be 1-65535`, {
      hint: PORT_HINT,
    });
  }
  return n;
}

function longPort(entry: { [key: string]: Plain }): ServicePort {
  const { target, published, mode, protocol, ...rest } = entry;
  const text = JSON.stringify(entry);
  if (target === undefined || target === null) {
    throw new ProjectError("E_PORT", `the port ${text} has no target`, {
      hint: "Set `target` to the container port, e.g. `target: 80`.",
    });
  }
  const targetNumber = typeof target === "number" ? target : Number(target);
  const out: Record<string, unknown> = {
    ...rest,
    mode: typeof mode === "string" ? mode : "ingress",
    target: containerPort(targetNumber, String(target)),
    protocol: typeof protocol === "string" ? protocol.toLowerCase() : "tcp",
  };
  if (published !== undefined && published !== null && published !== "") {
    const pub = String(published);
    parseRange(pub, "published port", (why) => {
      throw new ProjectError("E_PORT", `invalid published port "${pub}": ${why}`, { hint: PORT_HINT });
    });
    out["published"] = pub;
  }
  return out as unknown as ServicePort;
}
