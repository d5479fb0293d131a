import { ProjectError } from "../errors.js";
import type { Project, ServiceConfig } from "../project.js";

/** The services kept by a selection, and those it left out. */
export interface Selection {
  readonly project: Project;
  /** Services of the project that the selection left out (neither named nor a dependency). */
  readonly dropped: readonly string[];
}

/**
 * Keeps the named services and, transitively, the services they depend on, as Compose's
 * `WithSelectedServices` does for `config SERVICE…`, `up SERVICE…` and the other verbs. An optional
 * dependency that is not in the project (e.g. on a service switched off by profiles) is skipped; a
 * required one is an `E_NO_SUCH_SERVICE` error as in Compose (only `config --no-consistency` gets
 * here with one: the rules report it first otherwise). No names keeps every service. An unknown
 * name is an `E_NO_SUCH_SERVICE` error.
 */
export function selectServices(project: Project, names: readonly string[]): Selection {
  if (names.length === 0) return { project, dropped: [] };
  const all = project.services;
  const noSuchService = (name: string) =>
    new ProjectError("E_NO_SUCH_SERVICE", `no such service: ${name}`, {
      hint: `The project's services are: ${Object.keys(all).sort().join(", ")}.`,
    });
  for (const name of names) if (!Object.hasOwn(all, name)) throw noSuchService(name);
  const kept = new Set<string>();
  const visit = (name: string): void => {
    if (kept.has(name)) return;
    kept.add(name);
    for (const [dep, cfg] of Object.entries(all[name]?.depends_on ?? {})) {
      if (Object.hasOwn(all, dep)) visit(dep);
      else if (cfg.required) throw noSuchService(dep);
    }
  };
  for (const name of names) visit(name);
  const services: Record<string, ServiceConfig> = {};
  const dropped: string[] = [];
  for (const [name, svc] of Object.entries(all)) {
    if (kept.has(name)) services[name] = svc;
    else dropped.push(name);
  }
  return { project: Object.freeze({ ...project, services: Object.freeze(services) }), dropped };
}
