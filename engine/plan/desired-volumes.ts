import { volumeConfigHash } from "../../spec/compose-go/hash.js";
import type { Project } from "../../spec/project.js";
import { COMPOSE_VERSION_LABEL, LABELS } from "../runtime/labels.js";
import type { NeededVolume } from "./plan-up.js";

/**
 * The named volumes `up` must create or find: every top-level volume a service mounts, sorted by
 * key (like Compose, a declared volume no service uses is left out, unless `all`: Compose's
 * `--all-resources`). Managed volumes carry the driver, driver options, user labels and Compose's
 * labels (its config hash included); external ones are only looked up.
 */
export function desiredVolumes(project: Project, services: readonly string[] = Object.keys(project.services), all = false): NeededVolume[] {
  const used = new Set<string>(all ? Object.keys(project.volumes) : []);
  for (const name of services) {
    for (const v of project.services[name]?.volumes ?? []) if (v.type === "volume" && v.source) used.add(v.source);
  }
  const out: NeededVolume[] = [];
  for (const key of [...used].sort()) {
    const config = project.volumes[key];
    if (!config) continue;
    const labels = {
      ...config.labels,
      [LABELS.project]: project.name,
      [LABELS.volume]: key,
      [LABELS.version]: COMPOSE_VERSION_LABEL,
      // Compose 2.40 compares this label and offers to recreate a volume whose config changed.
      [LABELS.configHash]: volumeConfigHash(config),
    };
    out.push({
      key,
      name: config.name,
      external: config.external === true,
      options: {
        name: config.name,
        ...(config.driver ? { driver: config.driver } : {}),
        ...(config.driver_opts ? { driverOpts: config.driver_opts } : {}),
        labels,
      },
    });
  }
  return out;
}
