import { ComposeError } from "../spec/errors.js";
import type { Project } from "../spec/project.js";
import type { EventSink } from "./engine-events.js";
import { serviceImage } from "./plan-up.js";
import { isRuntimeError, type ImageDetails, type Runtime } from "./runtime.js";

/** `--pull` of `up`/`create`: `policy` follows each service's `pull_policy`. */
export type PullOption = "always" | "missing" | "never" | "policy";

/**
 * Makes sure every image the services run is present, pulling per policy (default `missing`),
 * and returns reference → details. Images are pulled in parallel, each once. A service that
 * must be built fails clearly (builds land with the build issue); a failed pull names the service
 * and the image.
 */
export async function ensureImages(
  runtime: Runtime,
  project: Project,
  services: readonly string[],
  sink: EventSink,
  pull: PullOption = "policy",
): Promise<Map<string, ImageDetails>> {
  const byRef = new Map<string, string[]>();
  for (const s of services) {
    const ref = serviceImage(project, s);
    byRef.set(ref, [...(byRef.get(ref) ?? []), s]);
  }
  const out = new Map<string, ImageDetails>();
  await Promise.all(
    [...byRef].map(async ([ref, users]) => {
      const first = users[0] ?? "";
      const svc = project.services[first];
      const policy = pull === "policy" ? (svc?.pull_policy ?? "missing") : pull;
      let found = policy === "always" ? undefined : await runtime.inspectImage(ref);
      if (!found && (policy === "build" || (svc?.build && policy !== "always"))) {
        throw new ComposeError("E_BUILD_UNSUPPORTED", `service "${first}" needs image ${ref} built from source, and building is not supported yet in this version of tscompose`, {
          hint: `Build it with \`docker build -t ${ref} ${svc?.build?.context ?? "."}\` meanwhile, or set \`image:\` to an existing image.`,
        });
      }
      if (!found && policy === "never") {
        throw new ComposeError("E_IMAGE_MISSING", `service "${first}": image ${ref} is not present and pull_policy is never`, {
          hint: `Pull or build ${ref} first.`,
        });
      }
      if (!found) found = await pullImage(runtime, ref, users, sink);
      out.set(ref, found);
    }),
  );
  return out;
}

async function pullImage(runtime: Runtime, ref: string, services: readonly string[], sink: EventSink): Promise<ImageDetails> {
  const service = services[0] ?? "";
  sink.emit({ type: "resource", kind: "image", name: ref, service, status: "Pulling", done: false, time: Date.now() });
  try {
    await runtime.pullImage(ref);
  } catch (err) {
    sink.emit({ type: "resource", kind: "image", name: ref, service, status: "Error", done: true, ok: false, time: Date.now() });
    const engineMessage = isRuntimeError(err) ? err.message : String(err);
    throw new ComposeError("E_PULL_FAILED", `service "${service}": pulling image ${ref} failed: the registry could not be reached or refused it (${engineMessage})`, {
      hint: "Check the image name and your network, or build/load the image locally.",
      cause: err,
    });
  }
  sink.emit({ type: "resource", kind: "image", name: ref, service, status: "Pulled", done: true, ok: true, time: Date.now() });
  const found = await runtime.inspectImage(ref);
  if (!found) throw new ComposeError("E_IMAGE_MISSING", `image ${ref} is still missing after the pull`);
  return found;
}
