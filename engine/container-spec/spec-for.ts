import type { Project } from "../../spec/project.js";
import { containerSpec } from "./container-spec.js";
import type { EnvironmentLookup, RegistryCredentials } from "./container-spec-files.js";
import { containerName, LABELS } from "../runtime/labels.js";
import { serviceContainers, type Observed, type ObservedContainer } from "../plan/observe.js";
import type { SpecRequest } from "../plan/plan-up.js";
import type { ContainerSpec, MountSpec } from "../runtime/runtime.js";

/** Where the project came from, recorded in Compose's labels. */
export interface ProjectOrigin {
  readonly projectDir: string;
  readonly configFiles: readonly string[];
  readonly envFile?: string;
  /**
   * The project's environment (the shell over `.env`: `LoadedProject.lookup`), for secrets and
   * configs given by `environment:`, which are copied into containers at create.
   */
  readonly environment?: EnvironmentLookup;
  /**
   * The user's registry credentials (the `auths` of their docker config file), written for
   * `use_api_socket` at `/run/secrets/docker/config.json`; none: `{"auths": {}}`.
   * Given by api/connect/origin.ts (projectOrigin) when a service sets `use_api_socket`.
   */
  readonly credentials?: RegistryCredentials;
}

/**
 * The `specFor` the planner calls: the service's container spec, plus, when it replaces an old
 * container, that container's anonymous volumes (so data survives a recreate, as in Compose)
 * unless `renewAnonVolumes` (`-V`). `service:` references resolve to the referenced service's
 * first container name, which the planner creates first.
 */
export function specFactory(project: Project, observed: Observed, origin: ProjectOrigin, renewAnonVolumes = false): (req: SpecRequest) => ContainerSpec {
  const firstContainer = (service: string): string | undefined => {
    const svc = project.services[service];
    if (!svc) return undefined;
    return serviceContainers(observed, service)[0]?.name ?? svc.container_name ?? containerName(project.name, service, 1);
  };
  return (req) => {
    const spec = containerSpec({
      project,
      service: req.service,
      number: req.number,
      name: req.name,
      image: req.image,
      imageId: req.imageId,
      configHash: req.configHash,
      projectDir: origin.projectDir,
      configFiles: origin.configFiles,
      ...(origin.envFile ? { envFile: origin.envFile } : {}),
      ...(origin.environment ? { environment: origin.environment } : {}),
      ...(origin.credentials ? { credentials: origin.credentials } : {}),
      ...(req.replaces ? { extraLabels: { [LABELS.replace]: req.replaces.id } } : {}),
      resolveServiceContainer: firstContainer,
    });
    if (!req.replaces || renewAnonVolumes) return spec;
    return { ...spec, mounts: inheritAnonymousVolumes(spec.mounts ?? [], req.replaces, project) };
  };
}

/** Adds the old container's anonymous volumes at targets the new spec leaves anonymous or unmounted. */
function inheritAnonymousVolumes(mounts: readonly MountSpec[], old: ObservedContainer, project: Project): MountSpec[] {
  const named = new Set(Object.values(project.volumes).map((v) => v.name));
  const out = [...mounts];
  for (const m of old.mounts) {
    if (m.type !== "volume" || !m.name || named.has(m.name)) continue;
    const i = out.findIndex((x) => x.target === m.destination);
    const existing = out[i];
    if (existing && (existing.type !== "volume" || existing.source)) continue;
    const inherited: MountSpec = { type: "volume", source: m.name, target: m.destination, ...(m.readOnly ? { readOnly: true } : {}) };
    if (i >= 0) out[i] = inherited;
    else out.push(inherited);
  }
  return out;
}
