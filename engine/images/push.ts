import { ComposeError } from "../../spec/errors.js";
import type { Project } from "../../spec/project.js";
import { boundedAll } from "../execute/bounded-all.js";
import { InterruptedError } from "../execute/execute-errors.js";
import { selectServices } from "../plan/plan-up.js";
import { registryError } from "./registry-errors.js";
import { isRuntimeError } from "../runtime/runtime-errors.js";
import type { EngineDeps } from "../verbs/up.js";

/** Options of `tscompose push`. */
export interface PushServicesOptions {
  /** The services named (default: every enabled one). */
  readonly services?: readonly string[];
  /** Also the named services' dependencies (`--include-deps`). */
  readonly includeDeps?: boolean;
  /** A failed push is a warning, not a failure (`--ignore-push-failures`). */
  readonly ignoreFailures?: boolean;
  /** Decide and report, push nothing. */
  readonly dryRun?: boolean;
}

/** What `push` does for one service: push its tags, or skip it and why. */
export interface PushChoice {
  readonly service: string;
  /** `image:` then every other `build.tags` entry; empty when skipped. */
  readonly tags: readonly string[];
  /** Why it is not pushed; undefined when it is. */
  readonly skip?: string;
}

/**
 * Decides what `push` does, service by service in project order, as Compose does: only a service
 * with both `build:` and `image:` is pushed (its image and its `build.tags`); others are skipped.
 */
export function choosePushes(project: Project, options: PushServicesOptions = {}): PushChoice[] {
  return selectServices(project, options.services, options.includeDeps !== true).map((service): PushChoice => {
    const svc = project.services[service];
    if (svc?.build === undefined) return { service, tags: [], skip: "no build section" };
    if (svc.image === undefined) return { service, tags: [], skip: "no image to push to" };
    const image = svc.image;
    return { service, tags: [image, ...(svc.build.tags ?? []).filter((t) => t !== image)] };
  });
}

/**
 * `tscompose push`: pushes the tags `choosePushes` picks, in parallel (at most `deps.concurrency`
 * at once), each tag once. A skipped service gets a `Skipped` row; each tag an image row,
 * `Pushing` → `Pushed` / `Error` (`Warning` under `ignoreFailures`, plus a warning line). The
 * first failure (an image not built yet, or a registry that cannot be reached or refuses it,
 * naming the service and the image) ends the push: nothing new starts, and it is thrown once the
 * pushes under way are done. Changes nothing locally.
 */
export async function pushServices(deps: EngineDeps, project: Project, options: PushServicesOptions = {}): Promise<void> {
  const { runtime, sink } = deps;
  const owner = new Map<string, string>();
  for (const choice of choosePushes(project, options)) {
    if (choice.skip !== undefined) sink.emit({ type: "resource", kind: "service", name: choice.service, service: choice.service, status: "Skipped", detail: choice.skip, done: true, ok: true, time: Date.now() });
    for (const tag of choice.tags) if (!owner.has(tag)) owner.set(tag, choice.service);
  }
  await boundedAll([...owner], deps.concurrency ?? Infinity, deps.signal, async ([tag, service]) => {
    const row = (status: string, extra: { done: boolean; ok?: boolean }) => sink.emit({ type: "resource", kind: "image", name: tag, service, status, ...extra, time: Date.now() });
    if (options.dryRun) return void sink.emit({ type: "message", level: "info", text: `DRY-RUN push image ${tag} for service ${service}`, time: Date.now() });
    row("Pushing", { done: false });
    try {
      await runtime.pushImage(tag, deps.signal ? { signal: deps.signal } : {});
    } catch (cause) {
      if (deps.signal?.aborted) throw new InterruptedError();
      const error = pushError(service, tag, cause);
      if (!options.ignoreFailures) {
        row("Error", { done: true, ok: false });
        throw error;
      }
      row("Warning", { done: true });
      return void sink.emit({ type: "message", level: "warning", text: error.message, time: Date.now() });
    }
    row("Pushed", { done: true, ok: true });
  });
}

function pushError(service: string, tag: string, cause: unknown): ComposeError {
  if (!isRuntimeError(cause, "not-found")) return registryError("pushing", service, tag, cause);
  return new ComposeError("E_IMAGE_MISSING", `service "${service}": image ${tag} is not present locally, so it cannot be pushed`, {
    hint: `Build it first with \`tscompose build ${service}\`.`,
    cause,
  });
}
