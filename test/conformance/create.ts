import type { Case } from "./corpus.js";
import { runOnCase } from "./checks.js";
import { normaliseInspected, type Comparable, type Inspected } from "./normalize.js";
import { docker, type Tool } from "./tools.js";

/** The Compose project label, by which everything a case creates is found and removed. */
const PROJECT_LABEL = "com.docker.compose.project";
/** The label the harness puts on the external networks and volumes it creates for a case. */
const SETUP_LABEL = "tscompose.conformance.setup";

type Json = Record<string, unknown>;

/** What one tool's `create` left on the engine, raw and normalised, plus its containers' hash labels. */
export interface CreateOutcome {
  readonly ok: boolean;
  readonly error?: string;
  readonly comparable?: Comparable;
  /** service → `com.docker.compose.config-hash` label of its first container. */
  readonly hashLabels: Map<string, string>;
  /** service → id of its first container. */
  readonly containerIds: Map<string, string>;
}

function lines(text: string): string[] {
  return text.split("\n").map((l) => l.trim()).filter(Boolean);
}

async function inspectAll(kind: "container" | "network" | "volume", ids: readonly string[]): Promise<Json[]> {
  if (ids.length === 0) return [];
  const result = await docker([kind, "inspect", ...ids]);
  if (result.code !== 0) throw new Error(`docker ${kind} inspect failed: ${result.stderr.trim()}`);
  return JSON.parse(result.stdout) as Json[];
}

async function listByLabel(kind: "container" | "network" | "volume", label: string): Promise<string[]> {
  const args = kind === "container" ? ["ps", "-aq", "--no-trunc"] : [kind, "ls", "-q"];
  const result = await docker([...args, "--filter", `label=${label}`]);
  return lines(result.stdout);
}

/** Reads back, through the engine, every object labelled with `project`. */
export async function inspectProject(project: string): Promise<Inspected> {
  const label = `${PROJECT_LABEL}=${project}`;
  const [containerIds, networkIds, volumeIds] = await Promise.all([
    listByLabel("container", label),
    listByLabel("network", label),
    listByLabel("volume", label),
  ]);
  const [containers, networks, volumes] = await Promise.all([
    inspectAll("container", containerIds),
    inspectAll("network", networkIds),
    inspectAll("volume", volumeIds),
  ]);
  const own = new Set(networks.map((n) => String(n.Id)));
  const otherNetworkIds = new Set<string>();
  for (const c of containers) {
    const settings = c.NetworkSettings as { Networks?: Record<string, { NetworkID?: string }> } | undefined;
    for (const endpoint of Object.values(settings?.Networks ?? {})) {
      if (endpoint.NetworkID && !own.has(endpoint.NetworkID)) otherNetworkIds.add(endpoint.NetworkID);
    }
  }
  return { containers, networks, volumes, otherNetworkIds: [...otherNetworkIds] };
}

/**
 * Removes everything labelled with any of `projects` (containers with their anonymous volumes,
 * networks, volumes), whatever state a failed case left. Best effort; never throws.
 */
export async function cleanupProjects(projects: readonly string[]): Promise<void> {
  const filters = projects.flatMap((p) => ["--filter", `label=${PROJECT_LABEL}=${p}`]);
  const containers = lines((await docker(["ps", "-aq", ...filters])).stdout);
  if (containers.length > 0) await docker(["rm", "-fv", ...containers]);
  const [networks, volumes] = await Promise.all([
    docker(["network", "ls", "-q", ...filters]),
    docker(["volume", "ls", "-q", ...filters]),
  ]);
  if (lines(networks.stdout).length > 0) await docker(["network", "rm", ...lines(networks.stdout)]);
  if (lines(volumes.stdout).length > 0) await docker(["volume", "rm", "-f", ...lines(volumes.stdout)]);
}

/** Creates the external networks and volumes a case names (labelled, so they can be found again). */
export async function setUpExternals(c: Case): Promise<void> {
  for (const name of c.options.setup?.networks ?? []) await docker(["network", "create", "--label", `${SETUP_LABEL}=${c.project}`, name]);
  for (const name of c.options.setup?.volumes ?? []) await docker(["volume", "create", "--label", `${SETUP_LABEL}=${c.project}`, name]);
}

/** Removes what setUpExternals created for the case. */
export async function tearDownExternals(c: Case): Promise<void> {
  const filter = ["--filter", `label=${SETUP_LABEL}=${c.project}`];
  const networks = lines((await docker(["network", "ls", "-q", ...filter])).stdout);
  if (networks.length > 0) await docker(["network", "rm", ...networks]);
  const volumes = lines((await docker(["volume", "ls", "-q", ...filter])).stdout);
  if (volumes.length > 0) await docker(["volume", "rm", "-f", ...volumes]);
}

function byService(inspected: Inspected, pick: (c: Json, labels: Record<string, string>) => string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  const sorted = [...inspected.containers].sort((a, b) => String(a.Name).localeCompare(String(b.Name)));
  for (const c of sorted) {
    const labels = ((c.Config as Json | undefined)?.Labels ?? {}) as Record<string, string>;
    const service = labels["com.docker.compose.service"];
    const value = pick(c, labels);
    if (service && value && !out.has(service)) out.set(service, value);
  }
  return out;
}

/**
 * One tool's `create` of the case under `project`, the engine's view of the result, then that
 * tool's `down -v` (and a cleanup by label in any case, so the other tool starts from nothing).
 */
export async function createWith(tool: Tool, c: Case, project: string, declared: ReadonlySet<string>): Promise<CreateOutcome> {
  try {
    const created = await runOnCase(tool, c, project, ["create"], 120_000);
    const inspected = await inspectProject(project);
    const labels = byService(inspected, (_, l) => l["com.docker.compose.config-hash"]);
    const containerIds = byService(inspected, (c) => String(c.Id));
    if (created.code !== 0) {
      const message = created.stderr.trim().split("\n").slice(-3).join(" | ");
      return { ok: false, error: `${tool} create exited ${created.code}: ${message}`, hashLabels: labels, containerIds };
    }
    return { ok: true, comparable: normaliseInspected(inspected, declared), hashLabels: labels, containerIds };
  } catch (error) {
    return { ok: false, error: `${tool}: ${(error as Error).message}`, hashLabels: new Map(), containerIds: new Map() };
  } finally {
    await runOnCase(tool, c, project, ["down", "-v", "--remove-orphans"], 120_000);
    await cleanupProjects([project]);
  }
}
