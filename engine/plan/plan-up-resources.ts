import type { ServiceConfig } from "../../spec/project.js";
import { LABELS } from "../runtime/labels.js";
import type { PlanBuilder } from "./plan-builder.js";
import { missingExternalError, type MissingExternal } from "./plan-up-externals.js";
import { networkDiverged, type NetworkRecreation } from "./plan-up-networks.js";
import type { UpPlanInput } from "./plan-up.js";

/**
 * Plans the project's networks and volumes: creates the missing ones, recreates a network whose
 * config diverged, and warns about ones of the same name made for something else. Returns
 * `network:<key>`/`volume:<key>` → the op a service's containers must follow; throws a
 * ComposeError naming every missing external one.
 */
export function planResources(input: UpPlanInput, b: PlanBuilder, warnings: string[], networks: NetworkRecreation): Map<string, string> {
  const { observed, project } = input;
  const ids = new Map<string, string>();
  const missing: MissingExternal[] = [];
  for (const net of input.networks) {
    const found = observed.networks.get(net.name);
    if (net.external) {
      if (!found) missing.push({ kind: "network", key: net.key, name: net.name });
      continue;
    }
    const options = net.options ?? { name: net.name };
    if (found && networkDiverged(found, { ...net, configHash: options.labels?.[LABELS.configHash] }, project.name)) {
      ids.set(`network:${net.key}`, networks.recreate(observed, { key: net.key, name: net.name, configHash: options.labels?.[LABELS.configHash], options }));
      continue;
    }
    if (found) {
      if (found.labels["com.docker.compose.project"] !== project.name) {
        warnings.push(`a network with name ${net.name} exists but was not created for project "${project.name}"; set \`external: true\` to use an existing network`);
      }
      continue;
    }
    ids.set(`network:${net.key}`, b.add({ kind: "create-network", id: `network:${net.name}:create`, cause: "missing", key: net.key, options }));
  }
  for (const vol of input.volumes) {
    const found = observed.volumes.get(vol.name);
    if (vol.external) {
      if (!found) missing.push({ kind: "volume", key: vol.key, name: vol.name });
      continue;
    }
    if (found) {
      if (found.labels["com.docker.compose.project"] !== project.name) {
        warnings.push(`volume "${vol.name}" already exists but was not created by tscompose or Docker Compose; use \`external: true\` to use an existing volume`);
      }
      continue;
    }
    // Two keys may name one volume (`name:`): the engine has one, created once.
    const id = `volume:${vol.name}:create`;
    ids.set(`volume:${vol.key}`, b.has(id) ? id : b.add({ kind: "create-volume", id, cause: "missing", key: vol.key, options: vol.options }));
  }
  if (missing.length > 0) throw missingExternalError(project, missing);
  return ids;
}

/** The resource ops a service's containers must wait for. */
export function resourceDeps(svc: ServiceConfig, resourceOps: Map<string, string>): string[] {
  const out: string[] = [];
  for (const key of Object.keys(svc.networks ?? {})) {
    const id = resourceOps.get(`network:${key}`);
    if (id) out.push(id);
  }
  for (const v of svc.volumes ?? []) {
    const id = v.type === "volume" && v.source ? resourceOps.get(`volume:${v.source}`) : undefined;
    if (id) out.push(id);
  }
  return out;
}
