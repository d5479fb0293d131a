import path from "node:path";
import { fileURLToPath } from "node:url";
import type { DockerRuntime } from "../../engine/docker/docker-runtime.js";
import { PROJECT_LABEL } from "../helpers/engine.js";

/** `examples/<name>` of this repository. */
export function example(name: string): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../examples", name);
}

/** Everything that carries the project label, as `kind name` (containers, networks, volumes), sorted. */
export async function leftovers(runtime: DockerRuntime, project: string): Promise<string[]> {
  const labels = { [PROJECT_LABEL]: project };
  const [containers, networks, volumes] = await Promise.all([runtime.listContainers({ all: true, labels }), runtime.listNetworks({ labels }), runtime.listVolumes({ labels })]);
  return [...containers.map((c) => `container ${c.name}`), ...networks.map((n) => `network ${n.name}`), ...volumes.map((v) => `volume ${v.name}`)].sort();
}

/** The `[container-prefix] | text` lines of one service in attached `up` output, prefix and padding removed. */
export function serviceLines(stdout: string, service: string): string[] {
  const prefix = new RegExp(`^${service}-\\d+\\s+\\| ?`);
  return stdout
    .split("\n")
    .filter((l) => prefix.test(l))
    .map((l) => l.replace(prefix, ""));
}
