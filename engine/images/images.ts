import { ComposeError } from "../../spec/errors.js";
import type { Project } from "../../spec/project.js";
import type { BuildServicesOptions } from "./build.js";
import type { EventSink } from "../runtime/engine-events.js";
import { serviceImage } from "../plan/plan-up.js";
import { registryError } from "./registry-errors.js";
import type { ImageDetails, Runtime } from "../runtime/runtime.js";

/** `--pull` of `up`/`create`: `policy` follows each service's `pull_policy`. */
export type PullOption = "always" | "missing" | "never" | "policy";

/** `up --build` (`always`: build every buildable service first) or `up --no-build` (`never`: never build). */
export type BuildOption = "always" | "never";

/** How images may be built while they are ensured. */
export interface EnsureBuildOptions {
  readonly build?: BuildOption;
  /** Passed to the builds (`--no-cache`, `--pull`, args, quiet). */
  readonly buildOptions?: BuildServicesOptions;
  readonly signal?: AbortSignal;
}

/** One image the services run, and what to do about it. */
interface ImageNeed {
  readonly ref: string;
  readonly services: readonly string[];
  /** The first of `services` with `build:`, when any. */
  readonly buildable?: string;
  readonly policy: string;
  /** Not a build-only image: it has no `build:`, or its service also names an `image:` (Compose pulls only those). */
  readonly pullable: boolean;
}

/**
 * Makes sure every image the services run is present and returns reference → details, as Compose
 * does: a buildable image is built when `--build` asks, when its `pull_policy` is `build`, or
 * when it is missing (after a failed pull when the service also names an `image:`); `--no-build`
 * never builds and a missing buildable image is then an error. Other images are pulled per
 * policy (default `missing`). Pulls run in parallel, each image once; builds follow, bounded.
 */
export async function ensureImages(
  runtime: Runtime,
  project: Project,
  services: readonly string[],
  sink: EventSink,
  pull: PullOption = "policy",
  options: EnsureBuildOptions = {},
): Promise<Map<string, ImageDetails>> {
  const out = new Map<string, ImageDetails>();
  const toBuild: string[] = [];
  await Promise.all(
    imageNeeds(project, services, pull).map(async (need) => {
      const forced = need.buildable !== undefined && options.build !== "never" && (options.build === "always" || need.policy === "build");
      if (forced) return void toBuild.push(need.buildable ?? "");
      const found = need.policy === "always" && need.pullable ? undefined : await runtime.inspectImage(need.ref);
      if (found) return void out.set(need.ref, found);
      const got = await acquire(runtime, need, sink, options.build);
      if (got) out.set(need.ref, got);
      else toBuild.push(need.buildable ?? "");
    }),
  );
  if (toBuild.length > 0) {
    const ordered = services.filter((s) => toBuild.includes(s));
    // Loaded only when something must be built: the build context brings tar-stream and the
    // dockerignore matcher, which a no-op `up` should not pay for.
    const { buildServices } = await import("./build.js");
    const built = await buildServices({ runtime, sink, ...(options.signal ? { signal: options.signal } : {}) }, project, ordered, options.buildOptions);
    for (const [ref, details] of built) out.set(ref, details);
  }
  return out;
}

function imageNeeds(project: Project, services: readonly string[], pull: PullOption): ImageNeed[] {
  const byRef = new Map<string, string[]>();
  for (const s of services) {
    const ref = serviceImage(project, s);
    byRef.set(ref, [...(byRef.get(ref) ?? []), s]);
  }
  return [...byRef].map(([ref, users]) => {
    const buildable = users.find((s) => project.services[s]?.build !== undefined);
    const first = buildable ?? users[0] ?? "";
    const policy = pull === "policy" ? (project.services[first]?.pull_policy ?? "missing") : pull;
    const pullable = buildable === undefined || project.services[buildable]?.image !== undefined;
    return { ref, services: users, ...(buildable !== undefined ? { buildable } : {}), policy, pullable };
  });
}

/**
 * A missing (or `always`-pulled) image: pulled, or undefined when it must be built instead.
 * A buildable service tries a pull first only when it names an `image:` (Compose's order).
 */
async function acquire(runtime: Runtime, need: ImageNeed, sink: EventSink, build: BuildOption | undefined): Promise<ImageDetails | undefined> {
  const first = need.buildable ?? need.services[0] ?? "";
  if (need.buildable === undefined || (need.pullable && need.policy !== "never")) {
    if (need.buildable === undefined && need.policy === "never") {
      throw new ComposeError("E_IMAGE_MISSING", `service "${first}": image ${need.ref} is not present and pull_policy is never`, { hint: `Pull or build ${need.ref} first.` });
    }
    try {
      return await pullImage(runtime, need.ref, need.services, sink);
    } catch (error) {
      if (need.buildable === undefined || build === "never") throw error;
      sink.emit({ type: "message", level: "warning", text: `service "${first}": pulling ${need.ref} failed; building it instead`, time: Date.now() });
    }
  }
  if (build === "never") {
    throw new ComposeError("E_IMAGE_MISSING", `service "${first}": image ${need.ref} is not present, and --no-build forbids building it`, {
      hint: `Build it first with \`tscompose build ${first}\`, or drop --no-build.`,
    });
  }
  return undefined;
}

async function pullImage(runtime: Runtime, ref: string, services: readonly string[], sink: EventSink): Promise<ImageDetails> {
  const service = services[0] ?? "";
  sink.emit({ type: "resource", kind: "image", name: ref, service, status: "Pulling", done: false, time: Date.now() });
  try {
    await runtime.pullImage(ref);
  } catch (err) {
    sink.emit({ type: "resource", kind: "image", name: ref, service, status: "Error", done: true, ok: false, time: Date.now() });
    throw registryError("pulling", service, ref, err);
  }
  sink.emit({ type: "resource", kind: "image", name: ref, service, status: "Pulled", done: true, ok: true, time: Date.now() });
  const found = await runtime.inspectImage(ref);
  if (!found) throw new ComposeError("E_IMAGE_MISSING", `image ${ref} is still missing after the pull`);
  return found;
}
