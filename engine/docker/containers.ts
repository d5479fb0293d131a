import type { ContainerFileSpec, ContainerSpec, LabelSelector } from "../runtime/runtime-container-spec.js";
import type { ListContainersOptions } from "../runtime/runtime.js";
import { RuntimeError, isRuntimeError } from "../runtime/runtime-errors.js";
import type { ContainerDetails, ContainerSummary } from "../runtime/runtime-types.js";
import type { EngineClient } from "./client.js";
import { containerDetails, containerSummary } from "./convert-container.js";
import { createRequest, endpointConfig } from "./create-body.js";
import { collect } from "./streams.js";

type Raw = Record<string, unknown>;

/** Docker's `label` filter entries for a selector: `key=value` or `key`. */
export function labelFilter(labels: LabelSelector | undefined): string[] {
  return Object.entries(labels ?? {}).map(([k, v]) => (v === true ? k : `${k}=${v}`));
}

/** Path segment for an object reference (names may hold characters a URL must escape). */
export function seg(ref: string): string {
  return encodeURIComponent(ref);
}

/** Lists containers; name filtering is exact (the engine's `name` filter matches substrings). */
export async function listContainers(client: EngineClient, options: ListContainersOptions = {}): Promise<ContainerSummary[]> {
  const filters: Record<string, string[]> = {};
  const labels = labelFilter(options.labels);
  if (labels.length > 0) filters.label = labels;
  if (options.names?.length) filters.name = options.names.map((n) => `^/${escapeRegex(n)}$`);
  const raw = await client.json<Raw[]>({
    method: "GET",
    path: "/containers/json",
    query: { all: options.all ?? false, filters: JSON.stringify(filters) },
    context: "listing containers",
  });
  const rows = raw.map(containerSummary);
  return options.names?.length ? rows.filter((r) => options.names?.includes(r.name)) : rows;
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Inspects one container. */
export async function inspectContainer(client: EngineClient, ref: string): Promise<ContainerDetails> {
  const raw = await client.json<Raw>({ method: "GET", path: `/containers/${seg(ref)}/json` });
  return containerDetails(raw);
}

/**
 * Creates a container as Docker Compose does for the engine's API version (`createRequest`):
 * from 1.44 one call joins every network; before, the first network at create and the others
 * by connect, and when a connect fails the half-made container is removed, so a failed create
 * leaves nothing behind. `volumes_from` sources of the project are sent by id (see `volumesFromIds`).
 * The spec's `files` are copied in before it returns (see `copyFiles`), so every caller's
 * container has them before its start; a failed copy removes the container too.
 */
export async function createContainer(client: EngineClient, spec: ContainerSpec): Promise<string> {
  const [apiVersion, volumesFrom] = await Promise.all([client.apiVersion(), volumesFromIds(client, spec)]);
  const { body, laterEndpoints } = createRequest(volumesFrom ? { ...spec, volumesFrom } : spec, apiVersion);
  const created = await client.json<{ Id: string }>({
    method: "POST",
    path: "/containers/create",
    query: { name: spec.name, platform: spec.platform },
    body,
    context: spec.name ? `creating container ${spec.name}` : "creating a container",
  });
  try {
    for (const e of laterEndpoints) {
      await client.json({
        method: "POST",
        path: `/networks/${seg(e.network)}/connect`,
        body: { Container: created.Id, EndpointConfig: endpointConfig(e) },
        context: `connecting ${spec.name ?? created.Id} to network ${e.network}`,
      });
    }
    if (spec.files?.length) await copyFiles(client, created.Id, spec.files, spec.name ?? created.Id);
  } catch (error) {
    await client.json({ method: "DELETE", path: `/containers/${created.Id}`, query: { force: true, v: true } }).catch(() => undefined);
    throw error;
  }
  return created.Id;
}

/**
 * Writes files into a created container as Docker Compose copies its secrets and configs: a tar
 * of whole paths extracted at `/` (the engine creates missing parents, 0755, root's), with
 * `noOverwriteDirNonDir`, and `copyUIDGID` for files given a uid or gid (the engine then keeps the
 * tar's owner, or gives the file to the container's `user` when it has one). Compose sends one
 * request per file; consecutive files that share the `copyUIDGID` choice go in one tar here, which
 * lands the same files in the same order.
 */
export async function copyFiles(client: EngineClient, id: string, files: readonly ContainerFileSpec[], who: string): Promise<void> {
  const { packTar } = await import("../oneoff/archive.js");
  const owned = (f: ContainerFileSpec) => f.uid !== undefined || f.gid !== undefined;
  for (let i = 0; i < files.length; ) {
    const copyUIDGID = owned(files[i]!);
    let end = i + 1;
    while (end < files.length && owned(files[end]!) === copyUIDGID) end++;
    const mtime = new Date();
    const tar = await packTar(
      files.slice(i, end).map((f) => ({
        name: f.path.replace(/^\/+/, ""),
        type: "file" as const,
        mode: f.mode,
        mtime,
        content: Buffer.from(f.content, "utf8"),
        uid: f.uid ?? 0,
        gid: f.gid ?? 0,
      })),
    );
    await client.json({
      method: "PUT",
      path: `/containers/${seg(id)}/archive`,
      query: { path: "/", noOverwriteDirNonDir: true, ...(copyUIDGID ? { copyUIDGID: true } : {}) },
      file: tar,
      context: `copying secrets and configs into ${who}`,
    });
    i = end;
  }
}

const PROJECT_LABEL = "com.docker.compose.project";

/**
 * `volumes_from` entries (`container[:ro|rw]`) with each source that belongs to the spec's own
 * project replaced by its id, as Compose sends a service's source (its `container:` form keeps the
 * name, and so do we for a container outside the project). Unlike Compose, the mode is kept.
 * One inspect per entry, only when there are entries; a source the engine does not know is
 * left as written, for the create call to report. Undefined when there are no entries.
 */
export async function volumesFromIds(client: EngineClient, spec: ContainerSpec): Promise<string[] | undefined> {
  const entries = spec.volumesFrom ?? [];
  const project = spec.labels?.[PROJECT_LABEL];
  if (entries.length === 0 || project === undefined) return undefined;
  return Promise.all(
    entries.map(async (entry) => {
      const [source = "", ...mode] = entry.split(":");
      const raw = await client.json<Raw>({ method: "GET", path: `/containers/${seg(source)}/json` }).catch((error: unknown) => {
        if (isRuntimeError(error, "not-found")) return undefined;
        throw error;
      });
      const labels = (raw?.Config as { Labels?: Record<string, string> | null } | undefined)?.Labels;
      if (typeof raw?.Id !== "string" || labels?.[PROJECT_LABEL] !== project) return entry;
      return [raw.Id, ...mode].join(":");
    }),
  );
}

/** A POST to `/containers/{ref}/{action}`; 304 ("already in that state") counts as success. */
export async function containerAction(
  client: EngineClient,
  ref: string,
  action: "start" | "stop" | "restart" | "kill" | "pause" | "unpause" | "rename" | "resize",
  query: Record<string, string | number | undefined> = {},
): Promise<void> {
  await client.json({
    method: "POST",
    path: `/containers/${seg(ref)}/${action}`,
    query,
    alsoOk: [304],
    context: `${action} container ${ref}`,
  });
}

/** Removes a container. */
export async function removeContainer(client: EngineClient, ref: string, options: { force?: boolean; volumes?: boolean } = {}): Promise<void> {
  await client.json({
    method: "DELETE",
    path: `/containers/${seg(ref)}`,
    query: { force: options.force ?? false, v: options.volumes ?? false },
    context: `removing container ${ref}`,
  });
}

/** Waits for a container to stop; resolves with its exit code. */
export async function waitContainer(
  client: EngineClient,
  ref: string,
  options: { condition?: "not-running" | "next-exit"; signal?: AbortSignal } = {},
): Promise<number> {
  const res = await client.json<{ StatusCode?: number }>({
    method: "POST",
    path: `/containers/${seg(ref)}/wait`,
    query: { condition: options.condition ?? "not-running" },
    ...(options.signal ? { signal: options.signal } : {}),
    context: `waiting for container ${ref}`,
  });
  return res?.StatusCode ?? 0;
}

/**
 * POST /wait and resolve once the engine answered with its headers: the daemon (API ≥ 1.30)
 * registers the waiter before it writes them, so the wait is in place; the body brings the code.
 */
export async function awaitExit(
  client: EngineClient,
  ref: string,
  options: { condition?: "next-exit" | "removed"; signal?: AbortSignal } = {},
): Promise<{ readonly exit: Promise<number> }> {
  const res = await client.stream({
    method: "POST",
    path: `/containers/${seg(ref)}/wait`,
    query: { condition: options.condition ?? "next-exit" },
    ...(options.signal ? { signal: options.signal } : {}),
    context: `waiting for container ${ref}`,
  });
  const exit = collect(res).then((body) => {
    const parsed = JSON.parse(body.toString("utf8") || "{}") as { StatusCode?: number; Error?: { Message?: string } | null };
    if (parsed.Error?.Message) throw new RuntimeError("other", `waiting for container ${ref}: ${parsed.Error.Message}`);
    return parsed.StatusCode ?? 0;
  });
  exit.catch(() => undefined);
  return { exit };
}

/** `ps` inside a container. */
export async function top(client: EngineClient, ref: string): Promise<{ titles: string[]; processes: string[][] }> {
  const res = await client.json<{ Titles?: string[]; Processes?: string[][] }>({ method: "GET", path: `/containers/${seg(ref)}/top` });
  return { titles: res?.Titles ?? [], processes: res?.Processes ?? [] };
}
