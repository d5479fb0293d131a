import { LABELS } from "../runtime/labels.js";
import { assertKnownServices, type ProjectRef } from "./project-view.js";
import type { Runtime } from "../runtime/runtime.js";
import { isRuntimeError } from "../runtime/runtime-errors.js";

/** The processes of one running container. */
export interface ContainerProcesses {
  readonly name: string;
  readonly service: string;
  /** The container number (`#` column). */
  readonly number: number;
  /** `ps` column titles (`UID`, `PID`, …, `CMD`). */
  readonly titles: readonly string[];
  readonly processes: readonly (readonly string[])[];
}

/**
 * The processes of the project's running containers (one-offs aside), optionally only of some
 * services, sorted by container name. A container that stops meanwhile is left out.
 */
export async function projectTop(runtime: Runtime, ref: ProjectRef, services?: readonly string[]): Promise<ContainerProcesses[]> {
  const list = (await runtime.listContainers({ labels: { [LABELS.project]: ref.name } })).filter((c) => c.labels[LABELS.oneoff] !== "True");
  assertKnownServices(ref, list.map((c) => c.labels[LABELS.service] ?? ""), services);
  const named = services && services.length > 0 ? new Set(services) : undefined;
  const running = list.filter((c) => c.status === "running" && (!named || named.has(c.labels[LABELS.service] ?? "")));
  const results = await Promise.all(
    running.map(async (c): Promise<ContainerProcesses | undefined> => {
      try {
        const { titles, processes } = await runtime.top(c.id);
        const service = c.labels[LABELS.service] ?? "";
        return { name: c.name, service, number: Number(c.labels[LABELS.containerNumber] ?? "0") || 0, titles, processes };
      } catch (error) {
        if (isRuntimeError(error, "not-found") || isRuntimeError(error, "conflict")) return undefined;
        throw error;
      }
    }),
  );
  return results.filter((r): r is ContainerProcesses => r !== undefined).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * Docker Compose's `top` table: `SERVICE`, `#`, then every `ps` title in first-seen order with
 * `CMD` moved last; one row per process, `-` where a container lacks a column.
 */
export function topTable(containers: readonly ContainerProcesses[]): { headers: string[]; rows: string[][] } {
  const titles: string[] = [];
  for (const c of containers) for (const t of c.titles) if (!titles.includes(t)) titles.push(t);
  const cmd = titles.indexOf("CMD");
  if (cmd >= 0) titles.push(...titles.splice(cmd, 1));
  const headers = ["SERVICE", "#", ...titles];
  const rows = containers.flatMap((c) =>
    c.processes.map((proc) => [c.service, String(c.number), ...titles.map((t) => (c.titles.includes(t) ? (proc[c.titles.indexOf(t)] ?? "") : "-"))]),
  );
  return { headers, rows };
}
