import type { ComposeError } from "../../spec/errors.js";
import type { Project } from "../../spec/project.js";
import { boundedAll } from "../execute/bounded-all.js";
import type { EventSink } from "../runtime/engine-events.js";
import { InterruptedError } from "../execute/execute-errors.js";
import { selectServices } from "../plan/plan-up.js";
import { registryError } from "./registry-errors.js";
import type { Runtime } from "../runtime/runtime.js";
import type { EngineDeps } from "../verbs/up.js";

/** `pull --policy`: `missing` skips images present locally, `always` pulls every one. */
export type PullPolicyFlag = "missing" | "always";

/** Options of `tscompose pull`. */
export interface PullServicesOptions {
  /** The services named (default: every enabled one). */
  readonly services?: readonly string[];
  /** Also the named services' dependencies (`--include-deps`). */
  readonly includeDeps?: boolean;
  /** A failed pull is a warning, not a failure (`--ignore-pull-failures`). */
  readonly ignoreFailures?: boolean;
  /** Skip services with `build:` (`--ignore-buildable`). */
  readonly ignoreBuildable?: boolean;
  /** Over each service's `pull_policy` (`--policy`). */
  readonly policy?: PullPolicyFlag;
  /** Decide and report, pull nothing. */
  readonly dryRun?: boolean;
}

/** What `pull` does for one service: pull its image, or skip it and why. */
export interface PullChoice {
  readonly service: string;
  /** The service's `image:`; undefined for a build-only service. */
  readonly image?: string;
  /** Why it is not pulled (`image is already present locally`); undefined when it is. */
  readonly skip?: string;
}

/**
 * Decides, service by service in project order, what `pull` does, as Compose does: a service
 * without `image:` has nothing to pull; `pull_policy: never` or `build` (or `--policy`, which
 * replaces it) skips; `--ignore-buildable` skips services with `build:`; `missing` (and
 * `if_not_present`) skip an image present locally; everything else (`always`, `daily`, unset…)
 * is pulled. Only the engine's image list is read, each image once.
 */
export async function choosePulls(runtime: Runtime, project: Project, options: PullServicesOptions = {}): Promise<PullChoice[]> {
  const services = selectServices(project, options.services, options.includeDeps !== true);
  const present = new Map<string, Promise<boolean>>();
  const isPresent = (ref: string): Promise<boolean> => {
    const known = present.get(ref);
    if (known) return known;
    const found = runtime.inspectImage(ref).then((i) => i !== undefined);
    present.set(ref, found);
    return found;
  };
  return Promise.all(
    services.map(async (service): Promise<PullChoice> => {
      const svc = project.services[service];
      const image = svc?.image;
      if (image === undefined) return { service, skip: "no image to be pulled" };
      const policy = options.policy ?? svc?.pull_policy;
      if (policy === "never" || policy === "build") return { service, image, skip: `pull_policy is ${policy}` };
      if (options.ignoreBuildable && svc?.build !== undefined) return { service, image, skip: "image can be built" };
      if ((policy === "missing" || policy === "if_not_present") && (await isPresent(image))) return { service, image, skip: "image is already present locally" };
      return { service, image };
    }),
  );
}

/**
 * `tscompose pull`: pulls the images `choosePulls` picks, in parallel (at most `deps.concurrency`
 * at once), each image once however many services run it. Every service gets a row: `Skipped`
 * (with the reason), or `Pulling` → `Pulled` / `Error` (`Warning` under `ignoreFailures`, plus a
 * warning line). A failed pull names the service and the image. An image no buildable service
 * runs fails the pull at once (nothing new starts); a buildable one's failure is reported once
 * the others are done, with a warning to build it instead. Changes no container.
 */
export async function pullServices(deps: EngineDeps, project: Project, options: PullServicesOptions = {}): Promise<void> {
  const groups = new Map<string, string[]>();
  for (const choice of await choosePulls(deps.runtime, project, options)) {
    if (choice.image === undefined || choice.skip !== undefined) serviceRow(deps.sink, choice.service, "Skipped", { done: true, ok: true, detail: choice.skip ?? "" });
    else groups.set(choice.image, [...(groups.get(choice.image) ?? []), choice.service]);
  }
  const run: PullRun = { failures: [], mustBuild: [] };
  try {
    await boundedAll([...groups], deps.concurrency ?? Infinity, deps.signal, ([image, services]) => pullOne(deps, project, options, { image, services }, run));
  } finally {
    if (run.mustBuild.length > 0) warn(deps.sink, `some service images must be built from source: run \`tscompose build ${run.mustBuild.join(" ")}\``);
  }
  if (run.failures[0]) throw run.failures[0];
}

/** What the pulls found: failures reported at the end, and the buildable services whose pull failed. */
interface PullRun {
  readonly failures: ComposeError[];
  readonly mustBuild: string[];
}

/** Pulls one image for the services that run it; throws only to end the whole pull at once. */
async function pullOne(deps: EngineDeps, project: Project, options: PullServicesOptions, pull: { image: string; services: readonly string[] }, run: PullRun): Promise<void> {
  const { image, services } = pull;
  const rows = (status: string, extra: { done: boolean; ok?: boolean }) => services.forEach((s) => serviceRow(deps.sink, s, status, { ...extra, detail: image }));
  if (options.dryRun) {
    for (const s of services) deps.sink.emit({ type: "message", level: "info", text: `DRY-RUN pull image ${image} for service ${s}`, time: Date.now() });
    return;
  }
  rows("Pulling", { done: false });
  try {
    await deps.runtime.pullImage(image, deps.signal ? { signal: deps.signal } : {});
  } catch (cause) {
    if (deps.signal?.aborted) throw new InterruptedError();
    const error = registryError("pulling", services[0] ?? "", image, cause);
    const buildable = services.filter((s) => project.services[s]?.build !== undefined);
    run.mustBuild.push(...buildable);
    if (options.ignoreFailures) {
      rows("Warning", { done: true });
      return warn(deps.sink, error.message);
    }
    rows("Error", { done: true, ok: false });
    // Compose's order: an image that cannot be built either ends the pull now.
    if (buildable.length === 0) throw error;
    run.failures.push(error);
    return;
  }
  rows("Pulled", { done: true, ok: true });
}

function serviceRow(sink: EventSink, service: string, status: string, extra: { done: boolean; ok?: boolean; detail?: string }): void {
  sink.emit({ type: "resource", kind: "service", name: service, service, status, ...extra, time: Date.now() });
}

function warn(sink: EventSink, text: string): void {
  sink.emit({ type: "message", level: "warning", text, time: Date.now() });
}
