import { ProjectError } from "../../spec/errors.js";
import type { Project } from "../../spec/project.js";
import { hostBinding } from "../../spec/validate/validate-ports.js";
import { containerName } from "../runtime/labels.js";

/** A network `up` may create: its compose key, engine name, and whether it must already exist. */
interface NamedNetwork {
  readonly key: string;
  readonly name: string;
  readonly external: boolean;
}

/**
 * Refuses, before anything reaches the engine, an `up` whose engine names collide: a service with
 * a `container_name` run at a scale above 1 (`--scale`), a `container_name` that another service's
 * numbered container (`<project>-<service>-<n>`) also gets, and two networks to create under one
 * engine name, and two services publishing one host port. Docker Compose finds these only when the
 * engine answers with a conflict, half-way
 * through; here each is one ProjectError naming both sides (exit 2). Two `container_name`s alike
 * and a `container_name` with `scale:` are refused earlier, when the project is loaded.
 */
export function checkEngineNames(
  project: Project,
  selected: readonly string[],
  networks: readonly NamedNetwork[],
  scale: (service: string) => number,
  starts = true,
): void {
  for (const name of selected) {
    const cname = project.services[name]?.container_name;
    const count = scale(name);
    if (cname && count > 1) {
      throw new ProjectError("E_CONTAINER_NAME_SCALE", `service "${name}" sets container_name "${cname}"; it cannot be scaled to ${count} containers`, {
        path: ["services", name, "container_name"],
        hint: "Remove container_name from the service to run more than one container of it.",
      });
    }
  }
  checkContainerNames(project, scale);
  checkNetworkNames(networks);
  // Only starting binds host ports: `create` (`--no-start`) accepts such a project, as Compose does.
  if (starts) checkHostPorts(project, selected);
}

/** One host port published twice by the services to start (by two, or one service twice): one could never start. */
function checkHostPorts(project: Project, selected: readonly string[]): void {
  const owners = new Map<string, string>();
  for (const name of selected) {
    for (const p of project.services[name]?.ports ?? []) {
      const binding = hostBinding(p);
      if (!binding) continue;
      const other = owners.get(binding.key);
      if (other === undefined) owners.set(binding.key, name);
      else {
        const who = other === name ? `twice by service "${name}"` : `by both service "${other}" and service "${name}"`;
        throw new ProjectError("E_PORT_PUBLISHED_TWICE", `host port ${binding.port}/${p.protocol} is published ${who}`, {
          path: ["services", name, "ports"],
          hint: "Give each a different host port, or leave the host port out to let the engine choose.",
        });
      }
    }
  }
}

function checkContainerNames(project: Project, scale: (service: string) => number): void {
  const owners = new Map<string, string>();
  for (const [name, svc] of Object.entries(project.services)) {
    if (svc.container_name) continue;
    for (let n = 1; n <= scale(name); n++) owners.set(containerName(project.name, name, n), `container ${n} of service "${name}"`);
  }
  for (const [name, svc] of Object.entries(project.services)) {
    const owner = svc.container_name ? owners.get(svc.container_name) : undefined;
    if (!owner) continue;
    throw new ProjectError("E_CONTAINER_NAME_TAKEN", `service "${name}" has container_name "${svc.container_name}", which is also the name of ${owner}`, {
      path: ["services", name, "container_name"],
      hint: `Give service "${name}" another container_name: names like ${project.name}-<service>-<n> belong to the project's numbered containers.`,
    });
  }
}

function checkNetworkNames(networks: readonly NamedNetwork[]): void {
  const keys = new Map<string, string>();
  for (const net of networks) {
    if (net.external) continue;
    const first = keys.get(net.name);
    if (first === undefined) {
      keys.set(net.name, net.key);
      continue;
    }
    throw new ProjectError("E_NETWORK_NAME_TAKEN", `networks "${first}" and "${net.key}" both have the name "${net.name}"; one engine network cannot be created for both`, {
      path: ["networks", net.key, "name"],
      hint: `Give each its own name, or declare one network and list it under every service that needs it.`,
    });
  }
}
