import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Case } from "./corpus.js";
import { parseHashes } from "./checks.js";
import { runTool } from "./tools.js";

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const NAMESPACE_KEYS = ["network_mode", "ipc", "pid"] as const;

/**
 * The services whose container label Compose computes from another service's *container*: at
 * create time it turns `network_mode`/`ipc`/`pid: service:X` into `container:<id of X>` before
 * hashing, so the label differs from `config --hash` and changes whenever X's container does
 * (measured on Compose 2.40.3). `volumes`: services with `volumes_from: [X]`, which Compose also
 * resolves before hashing, but to a form its own schema refuses to load back (`[data, data:ro]`
 * becomes two equal bare ids), so no label can be computed for them.
 */
export function servicesWithContainerRefs(model: unknown): { namespaces: Set<string>; volumes: Set<string> } {
  const namespaces = new Set<string>();
  const volumes = new Set<string>();
  const services = isObject(model) && isObject(model.services) ? model.services : {};
  for (const [name, service] of Object.entries(services)) {
    if (!isObject(service)) continue;
    const from = Array.isArray(service.volumes_from) && (service.volumes_from as unknown[]).some((v) => typeof v === "string" && !v.startsWith("container:"));
    if (from) volumes.add(name);
    else if (NAMESPACE_KEYS.some((k) => typeof service[k] === "string" && (service[k] as string).startsWith("service:"))) namespaces.add(name);
  }
  return { namespaces, volumes };
}

/** The model with one service's references to other services replaced by those services' container ids. */
function resolveReferences(model: Json, service: string, containerIds: ReadonlyMap<string, string>): Json {
  const copy = structuredClone(model);
  const services = copy.services as Record<string, Json>;
  // Every service active, so that no --profile is needed to load the copy.
  for (const s of Object.values(services)) delete s.profiles;
  const target = services[service] as Json;
  const idOf = (name: string): string => containerIds.get(name) ?? `missing-container-of-${name}`;
  for (const key of NAMESPACE_KEYS) {
    const value = target[key];
    if (typeof value === "string" && value.startsWith("service:")) target[key] = `container:${idOf(value.slice("service:".length))}`;
  }
  return copy;
}

/**
 * The label Compose would write on `service`'s container given the other services' container ids:
 * Compose's own `config --hash` of its resolved model with the references replaced (loaded back
 * with `--no-interpolate`, since the model is already interpolated).
 */
export async function composeHashWithContainers(c: Case, model: unknown, service: string, containerIds: ReadonlyMap<string, string>): Promise<string | undefined> {
  if (!isObject(model)) return undefined;
  const dir = mkdtempSync(path.join(os.tmpdir(), "tscompose-conformance-hash-"));
  try {
    const file = path.join(dir, "compose.json");
    writeFileSync(file, JSON.stringify(resolveReferences(model, service, containerIds)));
    const result = await runTool(
      "compose",
      ["-p", c.project, "--project-directory", c.dir, "-f", file, "config", "--no-interpolate", "--hash", service],
      { cwd: c.dir, env: c.options.env ?? {} },
    );
    return parseHashes(result.stdout).get(service);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
