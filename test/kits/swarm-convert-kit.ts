import { memoryHost } from "../../spec/host.js";
import { loadProject } from "../../spec/load.js";
import type { ContainerSpec, ServiceSpec } from "../../engine/swarm/api-types.js";
import { toSwarmStack } from "../../engine/swarm/convert.js";
import type { StackProblem, SwarmStack } from "../../engine/swarm/stack-types.js";

/** Options of `stackOf`: extra files under /proj, the environment, the stack name (default `demo`). */
export interface StackKitOptions {
  readonly files?: Record<string, string>;
  readonly env?: Record<string, string>;
  readonly stack?: string;
}

/**
 * Test helper: loads `yaml` as /proj/compose.yaml through the whole spec pipeline (project `demo`
 * unless the file names one) and converts it into a stack; secret and config files are read from
 * `files`, `environment:` values from `env`.
 */
export function stackOf(yaml: string, options: StackKitOptions = {}): SwarmStack {
  const files: Record<string, string> = { "/proj/compose.yaml": yaml, ...options.files };
  const env = options.env ?? {};
  const loaded = loadProject({ workingDir: "/proj", env }, memoryHost(files));
  return toSwarmStack(loaded.project, options.stack ?? "demo", {
    readFile: (path) => {
      const text = files[path];
      if (text === undefined) throw Object.assign(new Error(`ENOENT: no such file, open '${path}'`), { code: "ENOENT" });
      return Buffer.from(text);
    },
    lookupEnv: (name) => env[name],
  });
}

/** The spec of service `name` (`<stack>_<name>`) in `stack`; throws when there is none. */
export function serviceIn(stack: SwarmStack, name: string): ServiceSpec {
  const spec = stack.services.find((s) => s.Name === `${stack.stack}_${name}`);
  if (!spec) throw new Error(`no service ${name} in ${stack.services.map((s) => s.Name).join(", ")}`);
  return spec;
}

/** The container spec of service `name` of the stack converted from `yaml`. */
export function containerOf(yaml: string, name = "web", options: StackKitOptions = {}): ContainerSpec {
  return serviceIn(stackOf(yaml, options), name).TaskTemplate.ContainerSpec;
}

/** Problems as `service attribute` strings, for compact assertions. */
export function problemKeys(problems: readonly StackProblem[]): string[] {
  return problems.map((p) => `${p.service ?? "-"} ${p.attribute}`);
}
