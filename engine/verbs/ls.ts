import { LABELS } from "../runtime/labels.js";
import type { Runtime } from "../runtime/runtime.js";

/**
 * One project as `ls` prints it; the shape of `docker compose ls --format json`:
 * `{"Name":"shop","Status":"running(2)","ConfigFiles":"/src/shop/compose.yaml"}`.
 */
export interface ProjectSummary {
  readonly Name: string;
  /** Container states with their counts, sorted by state: `exited(1), running(2)`. */
  readonly Status: string;
  /** The compose files the containers were created from, comma-separated, in first-seen order. */
  readonly ConfigFiles: string;
}

/** What `ls` lists. */
export interface ListProjectsRequest {
  /** Projects whose containers are all stopped too (`-a`). */
  readonly all?: boolean;
  /** `--filter name=REGEX`: only projects whose name matches (unanchored, as Docker's filters). */
  readonly name?: readonly string[];
}

/**
 * Lists Compose projects on the engine: every project label on a container that also carries a
 * config hash (running ones only unless `all`), sorted by name, with their containers' states counted and their config files.
 */
export async function listProjects(runtime: Runtime, req: ListProjectsRequest = {}): Promise<ProjectSummary[]> {
  // As Compose, only containers a Compose tool created (they carry a config hash) make a project.
  const containers = await runtime.listContainers({ all: req.all === true, labels: { [LABELS.project]: true, [LABELS.configHash]: true } });
  const byProject = new Map<string, { states: Map<string, number>; files: string[] }>();
  for (const c of containers) {
    const name = c.labels[LABELS.project];
    if (!name) continue;
    const entry = byProject.get(name) ?? { states: new Map<string, number>(), files: [] };
    byProject.set(name, entry);
    entry.states.set(c.status, (entry.states.get(c.status) ?? 0) + 1);
    for (const f of (c.labels[LABELS.configFiles] ?? "").split(",")) if (f && !entry.files.includes(f)) entry.files.push(f);
  }
  const patterns = (req.name ?? []).map(namePattern);
  return [...byProject.keys()]
    .sort()
    .filter((name) => patterns.length === 0 || patterns.some((p) => p(name)))
    .map((name) => {
      const entry = byProject.get(name) as { states: Map<string, number>; files: string[] };
      const status = [...entry.states.keys()].sort().map((s) => `${s}(${entry.states.get(s)})`).join(", ");
      return { Name: name, Status: status, ConfigFiles: entry.files.join(",") };
    });
}

/** Docker's name filter: a regular expression matched anywhere; an invalid one matches as text. */
function namePattern(value: string): (name: string) => boolean {
  try {
    const re = new RegExp(value);
    return (name) => re.test(name);
  } catch {
    return (name) => name.includes(value);
  }
}
