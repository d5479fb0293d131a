import type { Project } from "../../spec/project.js";
import type { ConfigSpec } from "./api-types.js";
import { stackResourceName, type ConvertContext } from "./convert-context.js";
import { stackNetworks } from "./convert-networks.js";
import { serviceSpec } from "./convert-service.js";
import { nodeStackSources, stackObjects, type StackSources } from "./stack-files.js";
import { StackProblems } from "./stack-problems.js";
import type { StackObject, StackVolume, SwarmStack } from "./stack-types.js";

// docker stack's rule for a namespace, which prefixes every object name.
const STACK_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/**
 * Converts a normalized compose project (after profiles) into the Swarm objects of stack `stack`,
 * following `docker stack deploy` (names `<stack>_<key>`, the `com.docker.stack.namespace` label
 * on every object, its defaults) where it is sensible; see the convert-*.ts files for each part.
 * Only what the services use is included. Secret and config contents are read through `sources`
 * (by default the file system, and no environment: pass the project's variable lookup for
 * `environment:` ones); nothing else is read, so the result depends only on its inputs.
 * Problems are returned, never thrown.
 */
export function toSwarmStack(project: Project, stack: string, sources: StackSources = nodeStackSources()): SwarmStack {
  const problems = new StackProblems();
  if (!STACK_NAME.test(stack)) problems.error(undefined, "name", `"${stack}" is not a valid stack name (letters, digits, "_", "." and "-", starting with a letter or digit)`);
  const used = usedResources(project);
  const secrets = stackObjects(project, stack, "secret", used.secrets, sources, problems);
  const configs: StackObject<ConfigSpec>[] = stackObjects(project, stack, "config", used.configs, sources, problems);
  const ctx: ConvertContext = {
    project,
    stack,
    problems,
    names: {
      networks: namesOf(project, stack, "networks", used.networks),
      volumes: namesOf(project, stack, "volumes", used.volumes),
      secrets: new Map(secrets.map((s) => [s.key, s.name])),
      configs: new Map(configs.map((c) => [c.key, c.name])),
    },
  };
  const services = Object.keys(project.services)
    .sort()
    .map((name) => serviceSpec(ctx, name, project.services[name] ?? {}));
  const volumes: StackVolume[] = [...used.volumes].sort().map((key) => ({ key, name: ctx.names.volumes.get(key) ?? key, external: project.volumes[key]?.external === true }));
  return {
    stack,
    services,
    networks: stackNetworks(ctx, used.networks),
    secrets,
    configs,
    volumes,
    warnings: problems.warnings,
    errors: problems.errors,
  };
}

interface Used {
  readonly networks: Set<string>;
  readonly volumes: Set<string>;
  readonly secrets: Set<string>;
  readonly configs: Set<string>;
}

function usedResources(project: Project): Used {
  const used: Used = { networks: new Set(), volumes: new Set(), secrets: new Set(), configs: new Set() };
  for (const service of Object.values(project.services)) {
    for (const key of Object.keys(service.networks ?? {})) used.networks.add(key);
    for (const v of service.volumes ?? []) if (v.type === "volume" && v.source) used.volumes.add(v.source);
    for (const s of service.secrets ?? []) used.secrets.add(s.source);
    for (const c of service.configs ?? []) used.configs.add(c.source);
  }
  return used;
}

function namesOf(project: Project, stack: string, kind: "networks" | "volumes", keys: ReadonlySet<string>): Map<string, string> {
  const names = new Map<string, string>();
  for (const key of keys) {
    const config = project[kind][key];
    names.set(key, config ? stackResourceName(project, stack, key, config) : `${stack}_${key}`);
  }
  return names;
}
