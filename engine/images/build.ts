import { ComposeError } from "../../spec/errors.js";
import type { BuildConfig, Project } from "../../spec/project.js";
import { boundedAll } from "../execute/bounded-all.js";
import { BuildError } from "./build-error.js";
import { createBuildContext } from "./build-context.js";
import type { BuildOutputEvent, EventSink } from "../runtime/engine-events.js";
import { COMPOSE_VERSION_LABEL, LABELS } from "../runtime/labels.js";
import { serviceImage } from "../plan/plan-up.js";
import { isRuntimeError, type BuildImageOptions, type ImageDetails, type Runtime } from "../runtime/runtime.js";

/** What a build needs: the runtime, a sink for progress, and Ctrl-C. */
export interface BuildDeps {
  readonly runtime: Runtime;
  readonly sink: EventSink;
  readonly signal?: AbortSignal;
}

/** Options of `tscompose build` (and of the builds `up` makes). */
export interface BuildServicesOptions {
  /** Do not use the engine's cache (`--no-cache`), besides each service's `build.no_cache`. */
  readonly noCache?: boolean;
  /** Always pull newer base images (`--pull`), besides each service's `build.pull`. */
  readonly pull?: boolean;
  /** `--build-arg K=V`: over the project's `build.args`. */
  readonly buildArgs?: Readonly<Record<string, string>>;
  /** No build output lines, only the per-image rows (`-q`). */
  readonly quiet?: boolean;
  /** `--memory`: memory limit of the containers the build runs its RUN steps in, in bytes. */
  readonly memoryBytes?: number;
}

/** One image to build, and every selected service that runs it. */
export interface BuildGroup {
  readonly image: string;
  /** The service whose `build:` is used (the first of `services` that has one). */
  readonly service: string;
  readonly services: readonly string[];
  readonly build: BuildConfig;
}

/** Builds running at once: builds are CPU- and disk-heavy, and the engine runs their steps itself. */
export const BUILD_CONCURRENCY = 2;

/** Lines of output kept to show under a failed build. */
const TAIL = 10;

/** Build attributes the classic Engine API builder cannot honour; they are reported, not silently dropped. */
const UNSUPPORTED: readonly (keyof BuildConfig)[] = ["ssh", "secrets", "additional_contexts", "cache_to", "no_cache_filter", "entitlements", "privileged", "ulimits", "isolation"];

/**
 * The builds `services` need, one per image: services sharing an image (`image:` or the default
 * `<project>-<service>`) build it once, from the first such service's `build:`. Services without
 * `build:` are left out. Order follows `services`.
 */
export function buildGroups(project: Project, services: readonly string[]): BuildGroup[] {
  const groups = new Map<string, { service: string; services: string[]; build: BuildConfig }>();
  for (const name of services) {
    const build = project.services[name]?.build;
    if (!build) continue;
    const image = serviceImage(project, name);
    const group = groups.get(image);
    if (group) group.services.push(name);
    else groups.set(image, { service: name, services: [name], build });
  }
  return [...groups].map(([image, g]) => ({ image, ...g }));
}

/**
 * Builds the images of `services` (those with `build:`), at most BUILD_CONCURRENCY at a time, and
 * returns image reference → details of each new image. Each image gets a row (`Building` →
 * `Built`, or `Error`) and, unless `quiet`, its output as BuildOutputEvents. After a failure no
 * new build starts; the builds under way finish, then the first failure is thrown (a BuildError
 * naming the step and carrying the last lines). Building changes no container.
 */
export async function buildServices(deps: BuildDeps, project: Project, services: readonly string[], options: BuildServicesOptions = {}): Promise<Map<string, ImageDetails>> {
  const groups = buildGroups(project, services);
  const warned = new Set<string>();
  for (const g of groups) warnUnsupported(deps.sink, g, warned);
  const out = new Map<string, ImageDetails>();
  await boundedAll(groups, BUILD_CONCURRENCY, deps.signal, async (g) => {
    out.set(g.image, await buildOne(deps, project, g, options));
  });
  return out;
}

async function buildOne(deps: BuildDeps, project: Project, g: BuildGroup, options: BuildServicesOptions): Promise<ImageDetails> {
  const { runtime, sink } = deps;
  const row = (status: string, extra: { done: boolean; ok?: boolean; detail?: string }) =>
    sink.emit({ type: "resource", kind: "image", name: g.image, service: g.service, status, ...extra, time: Date.now() });
  row("Building", { done: false });
  const tail: string[] = [];
  let step: string | undefined;
  const onOutput = (line: string) => {
    if (/^Step \d+\/\d+ : /.test(line)) step = line;
    tail.push(line);
    if (tail.length > TAIL) tail.shift();
    if (!options.quiet) sink.emit(outputEvent(g.service, line));
  };
  try {
    const context = await createBuildContext({
      contextDir: g.build.context,
      ...(g.build.dockerfile !== undefined ? { dockerfile: g.build.dockerfile } : {}),
      ...(g.build.dockerfile_inline !== undefined ? { dockerfileInline: g.build.dockerfile_inline } : {}),
    });
    const request = buildRequest(project, g, options, context.dockerfile);
    const { imageId } = await runtime.buildImage({ ...request, context: context.tar, onOutput, ...(deps.signal ? { signal: deps.signal } : {}) });
    const details = (await runtime.inspectImage(imageId)) ?? (await runtime.inspectImage(g.image));
    if (!details) throw new ComposeError("E_IMAGE_MISSING", `image ${g.image} is missing right after its build`);
    row("Built", { done: true, ok: true });
    return details;
  } catch (error) {
    const reason = isRuntimeError(error) ? error.engineMessage : error instanceof Error ? error.message : String(error);
    row("Error", { done: true, ok: false, detail: reason });
    if (error instanceof ComposeError && !isRuntimeError(error)) throw error;
    throw new BuildError({ service: g.service, image: g.image, ...(step ? { step } : {}), reason, lastLines: [...tail], cause: error });
  }
}

/** The engine request for a group, without the context: tags, args, labels and build options. */
export function buildRequest(project: Project, g: BuildGroup, options: BuildServicesOptions, dockerfile: string): Omit<BuildImageOptions, "context"> {
  const b = g.build;
  const platform = project.services[g.service]?.platform ?? b.platforms?.[0];
  const args = { ...b.args, ...options.buildArgs };
  return {
    dockerfile,
    tags: [g.image, ...(b.tags ?? []).filter((t) => t !== g.image)],
    buildArgs: args,
    labels: { ...b.labels, [LABELS.version]: COMPOSE_VERSION_LABEL, [LABELS.project]: project.name, [LABELS.service]: g.service },
    ...(b.target ? { target: b.target } : {}),
    ...(b.network ? { networkMode: b.network } : {}),
    ...(b.shm_size !== undefined ? { shmSizeBytes: b.shm_size } : {}),
    ...(options.memoryBytes !== undefined ? { memoryBytes: options.memoryBytes } : {}),
    ...(b.extra_hosts?.length ? { extraHosts: b.extra_hosts } : {}),
    ...(b.cache_from?.length ? { cacheFrom: b.cache_from } : {}),
    ...(options.noCache || b.no_cache ? { noCache: true } : {}),
    ...(options.pull || b.pull ? { pull: true } : {}),
    ...(platform ? { platform } : {}),
  };
}

function outputEvent(service: string, line: string): BuildOutputEvent {
  return { type: "message", level: "info", text: `${service}  | ${line}`, build: { service, line }, time: Date.now() };
}

function warnUnsupported(sink: EventSink, g: BuildGroup, warned: Set<string>): void {
  const keys = UNSUPPORTED.filter((k) => g.build[k] !== undefined);
  if ((g.build.platforms?.length ?? 0) > 1) keys.push("platforms");
  for (const key of keys) {
    if (warned.has(`${g.service}.${key}`)) continue;
    warned.add(`${g.service}.${key}`);
    sink.emit({ type: "message", level: "warning", text: `service "${g.service}": build.${key} is not supported by the Engine API builder and is ignored`, time: Date.now() });
  }
}
