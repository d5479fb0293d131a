import { LABELS } from "../runtime/labels.js";
import { assertKnownServices, type ProjectRef } from "./project-view.js";
import type { Runtime, VolumeDetails } from "../runtime/runtime.js";

/**
 * The volumes on the engine that carry the project's label, sorted by name. With `services`,
 * only those that the services' running containers (one-offs included) mount, as Docker
 * Compose's `volumes SERVICE...` does. A service unknown to the loaded compose file is a
 * bad-input `E_NO_SUCH_SERVICE`; without a file, labels are all there is, and any name passes.
 */
export async function projectVolumes(runtime: Runtime, ref: ProjectRef, services?: readonly string[]): Promise<VolumeDetails[]> {
  const selector = { labels: { [LABELS.project]: ref.name } };
  const [containers, volumes] = await Promise.all([
    services && services.length > 0 ? runtime.listContainers(selector) : Promise.resolve([]),
    runtime.listVolumes(selector),
  ]);
  assertKnownServices(ref, containers.map((c) => c.labels[LABELS.service] ?? ""), services);
  const sorted = [...volumes].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (!services || services.length === 0) return sorted;
  const named = new Set(services);
  const mounted = new Set(
    containers
      .filter((c) => named.has(c.labels[LABELS.service] ?? ""))
      .flatMap((c) => c.mounts.filter((m) => m.type === "volume" && m.name).map((m) => m.name ?? "")),
  );
  return sorted.filter((v) => mounted.has(v.name));
}
