import type { Project } from "../../spec/project.js";
import { desiredNetworks } from "../../network/networks.js";
import { desiredVolumes } from "../plan/desired-volumes.js";
import type { EventSink } from "../runtime/engine-events.js";
import { ensureImages, type BuildOption, type PullOption } from "../images/images.js";
import { missingExternalError, type MissingExternal } from "../plan/plan-up-externals.js";
import { isRuntimeError, type ImageDetails, type Runtime } from "../runtime/runtime.js";

/**
 * Looks up, pulls (per policy) or builds one service's image, as `run` needs it before creating its
 * one-off container. Safe to run while the service's dependencies come up (Compose does it first).
 */
export async function ensureServiceImage(
  runtime: Runtime,
  project: Project,
  service: string,
  sink: EventSink,
  pull: PullOption = "policy",
  build?: BuildOption,
): Promise<ImageDetails | undefined> {
  const images = await ensureImages(runtime, project, [service], sink, pull, build ? { build } : {});
  return [...images.values()][0];
}

/**
 * Makes sure what one service's container needs exists before it is created outside a plan
 * (`run`): the networks it joins and the named volumes it mounts (created with Compose's labels
 * when missing; a concurrent creation counts as success), and its image (`image`, from
 * `ensureServiceImage`, which may already be under way). Fails when an external network or volume
 * is missing, before creating anything. Names in `known` (what an `up` just ensured) are taken as
 * existing without asking the engine.
 */
export async function ensureServiceResources(
  runtime: Runtime,
  project: Project,
  service: string,
  sink: EventSink,
  image: Promise<ImageDetails | undefined>,
  known?: { readonly networks: ReadonlySet<string>; readonly volumes: ReadonlySet<string> },
): Promise<ImageDetails | undefined> {
  // Its failure is reported when it is awaited, at the end; one of ours may come first.
  image.catch(() => undefined);
  const joined = new Set(Object.keys(project.services[service]?.networks ?? {}));
  const networks = desiredNetworks(project).filter((n) => joined.has(n.key));
  const volumes = desiredVolumes(project, [service]);
  // What the dependencies' `up` has just found or made is not asked for again.
  const askNets = networks.filter((n) => !known?.networks.has(n.name));
  const askVols = volumes.filter((v) => !known?.volumes.has(v.name));
  const [haveNets, haveVols] = await Promise.all([
    askNets.length > 0 ? runtime.listNetworks({ names: askNets.map((n) => n.name) }) : [],
    askVols.length > 0 ? runtime.listVolumes({ names: askVols.map((v) => v.name) }) : [],
  ]);
  const netNames = new Set([...haveNets.map((n) => n.name), ...(known?.networks ?? [])]);
  const volNames = new Set([...haveVols.map((v) => v.name), ...(known?.volumes ?? [])]);
  const missing: MissingExternal[] = [
    ...networks.filter((n) => n.external && !netNames.has(n.name)).map((n) => ({ kind: "network" as const, key: n.key, name: n.name })),
    ...volumes.filter((v) => v.external && !volNames.has(v.name)).map((v) => ({ kind: "volume" as const, key: v.key, name: v.name })),
  ];
  if (missing.length > 0) throw missingExternalError(project, missing);
  for (const n of networks) {
    if (n.external || netNames.has(n.name)) continue;
    await runtime.createNetwork(n.options).catch((error: unknown) => {
      if (!isRuntimeError(error, "conflict")) throw error;
    });
    sink.emit({ type: "resource", kind: "network", name: n.name, status: "Created", done: true, ok: true, time: Date.now() });
  }
  for (const v of volumes) {
    if (v.external || volNames.has(v.name)) continue;
    await runtime.createVolume(v.options);
    sink.emit({ type: "resource", kind: "volume", name: v.name, status: "Created", done: true, ok: true, time: Date.now() });
  }
  return image;
}
