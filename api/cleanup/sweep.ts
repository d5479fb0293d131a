import { LABELS } from "../../engine/runtime/labels.js";
import type { Runtime } from "../../engine/runtime/runtime.js";

/**
 * Removes everything carrying the project's label, as fast as the engine allows: containers
 * (forced, with their anonymous volumes), then networks, then volumes. Every removal is tried;
 * resolves with how many objects could not be removed. Touches nothing without the label.
 */
export async function sweepProject(runtime: Runtime, projectName: string): Promise<number> {
  const labels = { [LABELS.project]: projectName };
  const failed = (results: PromiseSettledResult<unknown>[]) => results.filter((r) => r.status === "rejected").length;
  const containers = await runtime.listContainers({ all: true, labels });
  let failures = failed(await Promise.allSettled(containers.map((c) => runtime.removeContainer(c.id, { force: true, volumes: true }))));
  const networks = await runtime.listNetworks({ labels });
  failures += failed(await Promise.allSettled(networks.map((n) => runtime.removeNetwork(n.id))));
  const volumes = await runtime.listVolumes({ labels });
  failures += failed(await Promise.allSettled(volumes.map((v) => runtime.removeVolume(v.name, { force: true }))));
  return failures;
}
