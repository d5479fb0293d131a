import type { Diagnostics } from "../errors.js";
import type { SourceMap } from "../location.js";
import type { Project, ServiceConfig } from "../project.js";

/** The outcome of applying profiles: the enabled part of the project and what was switched off. */
export interface ProfileResult {
  readonly project: Project;
  readonly activeProfiles: readonly string[];
  /** Every profile any service names, sorted. */
  readonly allProfiles: readonly string[];
  /** Services switched off by profiles (still the project's own, e.g. never orphans). */
  readonly disabled: readonly string[];
}

/**
 * Keeps the services that have no `profiles` or share one with the active set (`*` = all).
 * A service named on the command line activates its own profiles. A required dependency on a
 * switched-off service is an error naming the profile that would enable it; an optional one
 * (`required: false`) stays in `depends_on` without a word, as in Compose (the engine skips it).
 */
export function applyProfiles(
  project: Project,
  selection: { profiles: readonly string[]; services: readonly string[] },
  diag: Diagnostics,
  sources?: SourceMap,
): ProfileResult {
  const active = new Set(selection.profiles);
  for (const name of selection.services) for (const p of project.services[name]?.profiles ?? []) active.add(p);
  const all = active.has("*");
  const enabled = (s: ServiceConfig) => !s.profiles?.length || all || s.profiles.some((p) => active.has(p));
  const services: Record<string, ServiceConfig> = {};
  const disabled: string[] = [];
  for (const [name, svc] of Object.entries(project.services)) {
    if (enabled(svc)) services[name] = svc;
    else disabled.push(name);
  }
  const off = new Set(disabled);
  for (const [name, svc] of Object.entries(services)) services[name] = checkDisabledDeps(name, svc, project, off, diag, sources);
  const allProfiles = [...new Set(Object.values(project.services).flatMap((s) => s.profiles ?? []))].sort();
  return { project: { ...project, services }, activeProfiles: [...active], allProfiles, disabled };
}

/** Reports required dependencies on switched-off services (and leaves them out, so no rule reports them twice). */
function checkDisabledDeps(
  name: string,
  svc: ServiceConfig,
  project: Project,
  disabled: ReadonlySet<string>,
  diag: Diagnostics,
  sources: SourceMap | undefined,
): ServiceConfig {
  if (!svc.depends_on) return svc;
  const kept: Record<string, NonNullable<ServiceConfig["depends_on"]>[string]> = {};
  for (const [dep, cfg] of Object.entries(svc.depends_on)) {
    if (!disabled.has(dep) || !cfg.required) {
      kept[dep] = cfg;
      continue;
    }
    const profiles = project.services[dep]?.profiles ?? [];
    const path = ["services", name, "depends_on", dep];
    const location = sources?.locate(path);
    const enableWith = profiles.map((p) => `--profile ${p}`).join(" or ");
    diag.error(
      "E_DEPENDENCY_DISABLED",
      `service "${name}" depends on "${dep}", which is disabled by its profiles (${profiles.join(", ")})`,
      { path, ...(location ? { location } : {}), hint: `Enable it with ${enableWith}, or set \`required: false\` on the dependency.` },
    );
  }
  return { ...svc, depends_on: kept };
}
