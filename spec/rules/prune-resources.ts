import type { Project } from "../project.js";

type Resources = Readonly<Record<string, unknown>>;

/**
 * Leaves out the top-level networks, volumes, secrets, configs and models that no service of the
 * project uses, as Compose's `WithoutUnnecessaryResources` does unless `--all-resources` is given.
 * Used means: a key of a service's `networks`, the source of a `type: volume` mount, the source of a
 * service or build secret, of a service config, a key of a service's `models`. Services are untouched.
 */
export function withoutUnusedResources(project: Project): Project {
  const used = { networks: new Set<string>(), volumes: new Set<string>(), secrets: new Set<string>(), configs: new Set<string>(), models: new Set<string>() };
  for (const svc of Object.values(project.services)) {
    for (const key of Object.keys(svc.networks ?? {})) used.networks.add(key);
    for (const v of svc.volumes ?? []) if (v.type === "volume" && v.source) used.volumes.add(v.source);
    for (const s of [...(svc.secrets ?? []), ...(svc.build?.secrets ?? [])]) used.secrets.add(s.source);
    for (const c of svc.configs ?? []) used.configs.add(c.source);
    for (const key of Object.keys(svc.models ?? {})) used.models.add(key);
  }
  const keep = <T extends Resources>(all: T, names: ReadonlySet<string>): T =>
    Object.freeze(Object.fromEntries(Object.entries(all).filter(([k]) => names.has(k)))) as T;
  const out: Record<string, unknown> = {
    ...project,
    networks: keep(project.networks, used.networks),
    volumes: keep(project.volumes, used.volumes),
    secrets: keep(project.secrets, used.secrets),
    configs: keep(project.configs, used.configs),
  };
  if (project.models) out["models"] = keep(project.models, used.models);
  return Object.freeze(out) as unknown as Project;
}
