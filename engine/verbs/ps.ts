import { displayPorts, engineCommand, goTimeString, humanDuration, type PortPublisher } from "../format/human-format.js";
import { refreshHealth, refreshStatusText } from "../health/refresh-health.js";
import { LABELS } from "../runtime/labels.js";
import type { ProjectRef } from "./project-view.js";
import type { ContainerDetails, ContainerStatus, ContainerSummary, Runtime } from "../runtime/runtime.js";
import { isRuntimeError } from "../runtime/runtime-errors.js";

export type { PortPublisher } from "../format/human-format.js";

/**
 * One container as the API returns it, with the fields and value types of Docker Compose's
 * `ps --format json` (fields are only ever added). The values are untruncated, as Compose's own
 * API holds them: the CLI shortens `ID`, `Command` and `Mounts` and quotes `Command` as Compose
 * prints them (`cli/commands/inspect/ps-rows.ts`), unless `--no-trunc`.
 */
export interface PsEntry {
  /** Full container id (`ps` prints 12 characters unless `--no-trunc`). */
  readonly ID: string;
  /** Container name (`proj-web-1`). */
  readonly Name: string;
  /** The same name (Compose lists every name of the container here). */
  readonly Names: string;
  /** The image reference the container was created from. */
  readonly Image: string;
  /**
   * Entrypoint and command as the engine's container list shows them: space-separated, each
   * argument that contains a space in single quotes (`sh -c 'echo hi; sleep 1'`).
   */
  readonly Command: string;
  readonly Project: string;
  readonly Service: string;
  /** Creation time as Go prints it, in UTC: `2026-11-23 15:00:01 +0000 UTC`. */
  readonly CreatedAt: string;
  /** `5 minutes ago`. */
  readonly RunningFor: string;
  /** `created`, `running`, `paused`, `restarting`, `removing`, `exited` or `dead`. */
  readonly State: ContainerStatus;
  /** The engine's text: `Up 5 minutes (healthy)`, `Exited (0) 2 seconds ago`. */
  readonly Status: string;
  /** Health of a running container with a healthcheck (`starting`, `healthy`, `unhealthy`), else empty. */
  readonly Health: "" | "starting" | "healthy" | "unhealthy";
  /** Exit code of an exited or dead container, else 0. */
  readonly ExitCode: number;
  /** Published and exposed ports; `URL` empty and `PublishedPort` 0 for an exposed-only port. */
  readonly Publishers: readonly PortPublisher[];
  /** The `PORTS` column: `0.0.0.0:8080->80/tcp, [::]:8080->80/tcp`. */
  readonly Ports: string;
  /**
   * Network names, sorted, comma-separated. (Compose lists them in Go map order, which varies from
   * one run to the next; sorted is one of its orders, and stable.)
   */
  readonly Networks: string;
  /** Volume names (bind sources for binds), comma-separated. */
  readonly Mounts: string;
  /** How many mounts use the `local` volume driver, as a string (Compose's type). */
  readonly LocalVolumes: string;
  /** Every label as `key=value`, sorted, comma-separated (Compose: Go map order, which varies). */
  readonly Labels: string;
  /** The writable layer's size: `0B`, as in Compose, which does not ask the engine for sizes either. */
  readonly Size: string;
}

/** The states `--status`/`--filter status=` accept. */
export const PS_STATES: readonly ContainerStatus[] = ["paused", "restarting", "removing", "running", "dead", "created", "exited"];

/** What `ps` lists. */
export interface PsRequest {
  readonly ref: ProjectRef;
  /** Only these services' containers. */
  readonly services?: readonly string[];
  /** Stopped containers and one-offs too (`-a`). */
  readonly all?: boolean;
  /** Only containers in these states (implies `all`). */
  readonly status?: readonly string[];
  /** Containers of services the compose file does not declare (default true, as Compose). */
  readonly orphans?: boolean;
  /** Clock for `RunningFor` (ms since the epoch); tests pin it. */
  readonly now?: number;
}

/**
 * Lists the project's containers by label, sorted by name: running ones by default (one-offs
 * aside); `all` adds stopped ones and one-offs; `status` keeps only those states. Each container
 * is inspected (in parallel) for its command, health and exit code; one that disappears meanwhile
 * is left out.
 */
export async function psProject(runtime: Runtime, req: PsRequest): Promise<PsEntry[]> {
  const status = req.status && req.status.length > 0 ? new Set(req.status) : undefined;
  const all = req.all === true || status !== undefined;
  const list = await runtime.listContainers({ all, labels: { [LABELS.project]: req.ref.name } });
  const named = req.services && req.services.length > 0 ? new Set(req.services) : undefined;
  const declared = req.ref.project ? new Set(Object.keys(req.ref.project.services)) : undefined;
  const kept = list.filter((c) => {
    const service = c.labels[LABELS.service] ?? "";
    if (!all && c.labels[LABELS.oneoff] === "True") return false;
    if (named && !named.has(service)) return false;
    if (!named && req.orphans === false && declared && !declared.has(service)) return false;
    return !status || status.has(c.status);
  });
  const now = req.now ?? Date.now();
  // Asked once, and only when a running container has a healthcheck the engine may never run.
  let identity: ReturnType<NonNullable<Runtime["identify"]>> | undefined;
  const entries = await Promise.all(
    kept.map(async (c) => {
      try {
        const d = await runtime.inspectContainer(c.id);
        if (!d.config.hasHealthcheck || d.state.status !== "running" || !runtime.identify) return psEntry(c, d, now);
        identity ??= runtime.identify();
        const fresh = await refreshHealth(runtime, d, identity);
        return psEntry({ ...c, statusText: refreshStatusText(c.statusText, fresh) }, fresh, now);
      } catch (error) {
        if (isRuntimeError(error, "not-found")) return undefined;
        throw error;
      }
    }),
  );
  return entries.filter((e): e is PsEntry => e !== undefined).sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0));
}

/** Builds one entry from the list row and the inspect of the same container. */
export function psEntry(c: ContainerSummary, d: ContainerDetails, now: number): PsEntry {
  const publishers: PortPublisher[] = [...c.ports]
    .sort((a, b) => a.containerPort - b.containerPort)
    .map((p) => ({ URL: p.hostIp ?? "", TargetPort: p.containerPort, PublishedPort: p.hostPort ?? 0, Protocol: p.protocol }));
  const running = d.state.status === "running";
  const ended = d.state.status === "exited" || d.state.status === "dead";
  const health = running && d.state.health !== "none" ? d.state.health : "";
  return {
    ID: c.id,
    Name: c.name,
    Names: c.name,
    Image: c.image,
    Command: engineCommand([...d.config.entrypoint, ...d.config.cmd]),
    Project: c.labels[LABELS.project] ?? "",
    Service: c.labels[LABELS.service] ?? "",
    CreatedAt: goTimeString(c.created),
    RunningFor: `${humanDuration(now - c.created * 1000)} ago`,
    State: d.state.status,
    Status: c.statusText,
    Health: health,
    ExitCode: ended ? d.state.exitCode : 0,
    Publishers: publishers,
    Ports: displayPorts(publishers),
    Networks: [...c.networks].sort().join(","),
    Mounts: c.mounts.map((m) => m.name ?? m.source).join(","),
    LocalVolumes: String(c.mounts.filter((m) => m.driver === "local").length),
    Labels: Object.entries(c.labels)
      .map(([k, v]) => `${k}=${v}`)
      .sort()
      .join(","),
    Size: "0B",
  };
}
