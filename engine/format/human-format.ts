/**
 * The human-readable forms Docker's CLI prints (`2 minutes`, `1.99MB`, `0.0.0.0:8080->80/tcp`),
 * reproduced so `tscompose ps`/`images` read like `docker compose ps`/`images`.
 */

/** A published or exposed port, as `ps` reports it (Compose's `Publishers` entries). */
export interface PortPublisher {
  /** Host address (`0.0.0.0`, `::`); empty when the port is only exposed. */
  readonly URL: string;
  readonly TargetPort: number;
  /** 0 when the port is only exposed. */
  readonly PublishedPort: number;
  readonly Protocol: string;
}

/**
 * A duration the way Docker says how long ago something happened (go-units `HumanDuration`):
 * `Less than a second`, `3 seconds`, `About a minute`, `5 minutes`, `About an hour`, `3 hours`,
 * `4 days`, `3 weeks`, `5 months`, `2 years`.
 */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < 1) return "Less than a second";
  if (seconds === 1) return "1 second";
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.floor(seconds / 60);
  if (minutes === 1) return "About a minute";
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.round(ms / 3_600_000);
  if (hours === 1) return "About an hour";
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.floor(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.floor(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24 / 30)} months`;
  return `${Math.floor(ms / 3_600_000 / 24 / 365)} years`;
}

const SIZE_UNITS = ["B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"];

/** A size in decimal units with three significant digits, as Docker prints it: `1.99MB`, `512B`, `0B`. */
export function humanSize(bytes: number): string {
  let size = bytes;
  let unit = 0;
  while (size >= 1000 && unit < SIZE_UNITS.length - 1) {
    size /= 1000;
    unit++;
  }
  return `${Number(size.toPrecision(3))}${SIZE_UNITS[unit]}`;
}

/** `2026-11-23 15:00:01 +0000 UTC`: Go's `time.Time.String()` of a unix time, in UTC. */
export function goTimeString(unixSeconds: number): string {
  const iso = new Date(unixSeconds * 1000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} +0000 UTC`;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const hostPort = (ip: string, port: string) => (ip.includes(":") ? `[${ip}]:${port}` : `${ip}:${port}`);

/**
 * The `PORTS` column of `docker ps`: sorted by container port, consecutive ports that map to the
 * same numbers on the same address grouped into ranges (`0.0.0.0:8000-8001->8000-8001/tcp`),
 * mappings to other host ports listed last (`0.0.0.0:8080->80/tcp`), exposed-only ports bare
 * (`80/tcp`), IPv6 addresses bracketed (`[::]:8080->80/tcp`).
 */
export function displayPorts(ports: readonly PortPublisher[]): string {
  const sorted = [...ports].sort(
    (a, b) => a.TargetPort - b.TargetPort || cmp(a.URL, b.URL) || a.PublishedPort - b.PublishedPort || cmp(a.Protocol, b.Protocol),
  );
  const groups = new Map<string, { first: number; last: number }>();
  const result: string[] = [];
  const mappings: string[] = [];
  const form = (key: string, first: number, last: number): string => {
    const [ip, proto] = key.includes("|") ? key.split("|") : ["", key];
    const range = first === last ? `${first}` : `${first}-${last}`;
    return ip ? `${hostPort(ip, range)}->${range}/${proto}` : `${range}/${proto}`;
  };
  for (const p of sorted) {
    let key = p.Protocol;
    if (p.URL !== "") {
      if (p.PublishedPort !== p.TargetPort) {
        mappings.push(`${hostPort(p.URL, String(p.PublishedPort))}->${p.TargetPort}/${p.Protocol}`);
        continue;
      }
      key = `${p.URL}|${p.Protocol}`;
    }
    const group = groups.get(key);
    if (!group) groups.set(key, { first: p.TargetPort, last: p.TargetPort });
    else if (p.TargetPort === group.last + 1) group.last = p.TargetPort;
    else {
      result.push(form(key, group.first, group.last));
      groups.set(key, { first: p.TargetPort, last: p.TargetPort });
    }
  }
  for (const [key, g] of groups) result.push(form(key, g.first, g.last));
  return [...result, ...mappings].join(", ");
}

/**
 * The `Command` of the engine's container list (`docker ps --no-trunc`): the path and arguments
 * space-separated, each argument that contains a space wrapped in single quotes, with no escaping
 * (`sh -c 'echo hi; sleep 1'`). Empty for a container without a command.
 */
export function engineCommand(argv: readonly string[]): string {
  const [path = "", ...args] = argv;
  if (args.length === 0) return path;
  return `${path} ${args.map((a) => (a.includes(" ") ? `'${a}'` : a)).join(" ")}`;
}

/** Docker's `TruncateID`: an id's first 12 characters (after a `sha256:` prefix). */
export function truncateId(id: string): string {
  const bare = id.includes(":") ? id.slice(id.indexOf(":") + 1) : id;
  return bare.slice(0, 12);
}

const WIDE =
  /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{1f300}-\u{1f64f}\u{1f900}-\u{1f9ff}\u{20000}-\u{3fffd}]/u;

/** How many terminal cells a character takes (go-runewidth, East Asian ambiguous as narrow). */
export function runeWidth(c: string): number {
  if (/[\p{Mn}\p{Me}\p{Cc}\u200b-\u200f]/u.test(c)) return 0;
  return WIDE.test(c) ? 2 : 1;
}

/** How many terminal cells `text` takes (go-runewidth's `StringWidth`): wide characters two, combining marks none. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const c of text) width += runeWidth(c);
  return width;
}

/**
 * Docker's `formatter.Ellipsis`: `text` cut to `max` terminal cells, the last one `…`
 * (`sh -c 'echo db: sta…`); unchanged when it fits. Wide characters count two cells.
 */
export function ellipsis(text: string, max: number): string {
  if (max <= 0) return "";
  const chars = [...text];
  if (max === 1) return chars[0] ?? "";
  let width = 0;
  const ends = chars.map((c) => (width += runeWidth(c)));
  if (width <= max) return text;
  // The longest prefix that leaves a cell for the ellipsis (none: Docker gives the text back).
  const keep = ends.findIndex((end) => end > max - 1);
  return keep <= 0 ? text : `${chars.slice(0, keep).join("")}…`;
}
