import type { UpOptions } from "../../../api/verbs/up.js";
import { ProjectError } from "../../../spec/errors.js";
import { loadProject, type LoadedProject } from "../../../spec/load.js";
import type { CliContext } from "../../context.js";
import { loadOptions } from "../../load-options.js";
import { openSession, printWarnings } from "../../session.js";
import type { ScaleFlags } from "./scale.js";
import { engineWarnings } from "../../engine-connect.js";

/**
 * Parses `SERVICE=REPLICAS` arguments into service → replicas (a later one for the same service
 * wins, as in Compose). A missing `=`, an empty side, or a count that is not a whole number is a
 * bad-usage `E_USAGE` (exit 2), found before anything is loaded.
 */
export function parseReplicaArgs(args: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const arg of args) {
    const at = arg.indexOf("=");
    const service = at < 0 ? "" : arg.slice(0, at);
    const value = at < 0 ? "" : arg.slice(at + 1);
    if (!service || !value) {
      throw new ProjectError("E_USAGE", `invalid scale specifier "${arg}"`, { hint: "Write it as SERVICE=REPLICAS, e.g. tscompose scale web=3." });
    }
    if (!/^\d+$/.test(value)) {
      throw new ProjectError("E_USAGE", `invalid scale specifier "${arg}": the number of replicas must be a whole number (0 or more)`, {
        hint: `Write it as ${service}=REPLICAS, e.g. ${service}=3.`,
      });
    }
    out.set(service, Number(value));
  }
  return out;
}

/**
 * The `up` request that `scale` makes of the loaded project: the named services with their new
 * counts, their dependencies too unless `--no-deps`, detached. Throws a bad-input error for a
 * service the project does not have, or a `container_name` with more than one replica.
 */
export function scaleRequest(loaded: LoadedProject, replicas: ReadonlyMap<string, number>, flags: ScaleFlags): UpOptions {
  const services = [...replicas.keys()];
  const declared = loaded.project.services;
  for (const [name, count] of replicas) {
    const svc = declared[name];
    if (!svc) {
      throw new ProjectError("E_NO_SUCH_SERVICE", `no such service: ${name}`, { hint: `The project's services are: ${Object.keys(declared).sort().join(", ")}.` });
    }
    if (svc.container_name && count > 1) {
      throw new ProjectError("E_CONTAINER_NAME_SCALE", `service "${name}" sets container_name "${svc.container_name}"; it cannot be scaled to ${count} containers`, {
        hint: "Remove container_name from the service to run more than one container of it.",
      });
    }
  }
  return { services, scale: Object.fromEntries(replicas), ...(flags.deps === false ? { noDeps: true } : {}) };
}

/**
 * Runs `scale`: the same convergence as `up -d --scale SVC=N SVC...` (engine/verbs/up.ts), so only the
 * named services (and their dependencies, unless `--no-deps`) are touched: missing replicas are
 * created and started with the next numbers, the highest-numbered extra ones stopped and removed.
 */
export async function runScale(ctx: CliContext, args: string[], flags: ScaleFlags): Promise<void> {
  const replicas = parseReplicaArgs(args);
  const loaded = loadProject(await loadOptions(ctx, { services: [...replicas.keys()] }));
  printWarnings(ctx, [...loaded.warnings, ...engineWarnings(ctx, loaded)]);
  const request = scaleRequest(loaded, replicas, flags);
  const session = await openSession(ctx);
  const { upStack } = await import("../../../api/verbs/up.js");
  try {
    await upStack(session, loaded, { ...request, ...(ctx.global.dryRun ? { dryRun: true } : {}) });
  } finally {
    await session.close();
  }
}
