import { randomBytes } from "node:crypto";
import { ComposeError } from "../../spec/errors.js";
import { serviceConfigHash } from "../../spec/compose-go/hash.js";
import type { Project, ServiceConfig } from "../../spec/project.js";
import { warnIgnoredAttributes } from "../runtime/api-features.js";
import { containerSpec } from "../container-spec/container-spec.js";
import { InterruptedError } from "../execute/execute-errors.js";
import type { BuildOption, PullOption } from "../images/images.js";
import { containerName, LABELS, oneOffName } from "../runtime/labels.js";
import { observe, serviceContainers } from "../plan/observe.js";
import { serviceImage } from "../plan/plan-up.js";
import { Readiness } from "../readiness/readiness.js";
import { oneOffService, type OneOffOptions } from "./run-options.js";
import { ensureServiceImage, ensureServiceResources } from "./run-resources.js";
import type { ByteSource, ImageDetails, OutputStreams, Runtime, TerminalSizeSource } from "../runtime/runtime.js";
import { followTerminal } from "./terminal.js";
import type { ProjectOrigin } from "../container-spec/spec-for.js";
import { upProject, type EngineDeps, type UpOutcome } from "../verbs/up.js";

/** A `run` request: one one-off container of a service. */
export interface RunRequest {
  readonly project: Project;
  readonly origin: ProjectOrigin;
  readonly service: string;
  readonly options: OneOffOptions;
  /** `--no-deps`: neither start the dependencies nor wait for them. */
  readonly noDeps?: boolean;
  /** `--use-aliases`: join networks under the service name and its aliases too. */
  readonly useAliases?: boolean;
  /** `--rm`: remove the container once it has exited. */
  readonly rm?: boolean;
  /** `-d`: the engine removes a detached `--rm` container itself when it exits. */
  readonly detach?: boolean;
  /** Create the container to take stdin from an attachment (`run` fed by a pipe or file). */
  readonly attachStdin?: boolean;
  readonly disabledServices?: readonly string[];
  readonly pull?: PullOption;
  /** `--build`: build the service's image first (`always`); `never` forbids building. */
  readonly build?: BuildOption;
  readonly removeOrphans?: boolean;
}

/** Thrown by the probing resolver: the one-off's spec names another service's container. */
const NEEDS_CONTAINERS = Symbol("needs the project's containers");

/** The one-off container `prepareOneOff` created (not started). */
export interface OneOff {
  readonly id: string;
  readonly name: string;
  /** Created with a TTY (its output is one raw stream). */
  readonly tty?: boolean;
  /** Created for `--rm`: the engine removes it when it exits. */
  readonly autoRemove?: boolean;
}

/**
 * Everything before the one-off starts, in Compose's order: the service's dependencies are
 * brought up (their own conditions honoured) unless `noDeps`, the networks, volumes and image the
 * service needs are ensured, and the container `<project>-<service>-run-<12 hex>` is created with
 * `oneoff=True` and its `slug` while the service's `depends_on` conditions are awaited (it is
 * removed again when they fail, so a failed `run` leaves no container). Ports are
 * published only with `servicePorts` or `publish`; network aliases only with `useAliases`.
 */
export async function prepareOneOff(deps: EngineDeps, req: RunRequest): Promise<OneOff> {
  const { project, service } = req;
  const base = project.services[service];
  if (!base) throw new ComposeError("E_NO_SUCH_SERVICE", `no such service: ${service}`, { kind: "bad-input", hint: `The project's services are: ${Object.keys(project.services).join(", ")}.` });
  const dependencies = req.noDeps ? [] : Object.keys(base.depends_on ?? {}).filter((d) => project.services[d]);
  // The image is looked up (pulled, built) while the dependencies come up, unless they use the
  // same image (then their `up` may be building it).
  const ensureImage = () => ensureServiceImage(deps.runtime, project, service, deps.sink, req.pull, req.build);
  let image = dependencies.length > 0 && !sharesImage(project, service) ? ensureImage() : undefined;
  image?.catch(() => undefined);
  let ensured: UpOutcome["resources"];
  if (dependencies.length > 0) {
    ({ resources: ensured } = await upProject(deps, {
      project,
      origin: req.origin,
      services: dependencies,
      ...(req.disabledServices ? { disabledServices: req.disabledServices } : {}),
      ...(req.pull ? { pull: req.pull } : {}),
      ...(req.removeOrphans ? { removeOrphans: true } : {}),
    }));
  }
  image ??= ensureImage();
  // Awaited below, after the networks and volumes; a failure before then must not go unhandled.
  image.catch(() => undefined);
  // The container is created while the dependencies' conditions are awaited; a failed wait removes it.
  const giveUp = new AbortController();
  const signal = deps.signal ? AbortSignal.any([deps.signal, giveUp.signal]) : giveUp.signal;
  const ready = dependencies.length > 0 ? waitForDependencies({ ...deps, signal }, project, service, dependencies) : undefined;
  ready?.catch(() => undefined);
  let created: OneOff;
  try {
    created = await createOneOff(deps, req, base, await ensureServiceResources(deps.runtime, project, service, deps.sink, image, ensured));
  } catch (error) {
    giveUp.abort();
    throw error;
  }
  if (ready) {
    try {
      await ready;
    } catch (error) {
      await deps.runtime.removeContainer(created.id, { force: true, volumes: true }).catch(() => undefined);
      throw error;
    }
  }
  deps.sink.emit({ type: "resource", kind: "container", name: created.name, service, status: "Created", done: true, ok: true, time: Date.now() });
  return created;
}

/** Whether another service of the project uses the same image reference as `service`. */
function sharesImage(project: Project, service: string): boolean {
  const ref = serviceImage(project, service);
  return Object.keys(project.services).some((other) => other !== service && serviceImage(project, other) === ref);
}

/** Creates the one-off container (not started) from the service `base` and the `run` options. */
async function createOneOff(deps: EngineDeps, req: RunRequest, base: ServiceConfig, image: ImageDetails | undefined): Promise<OneOff> {
  const { project, service } = req;
  const svc = oneOffService(base, req.options);
  const oneOffProject: Project = { ...project, services: { ...project.services, [service]: svc } };
  const slug = randomBytes(32).toString("hex");
  const name = req.options.name ?? oneOffName(project.name, service, slug);
  const specWith = (resolveServiceContainer: (s: string) => string | undefined) =>
    containerSpec({
      project: oneOffProject,
      service,
      number: -1,
      name,
      image: serviceImage(project, service),
      ...(image ? { imageId: image.id } : {}),
      configHash: serviceConfigHash(svc),
      projectDir: req.origin.projectDir,
      configFiles: req.origin.configFiles,
      ...(req.origin.envFile ? { envFile: req.origin.envFile } : {}),
      ...(req.origin.environment ? { environment: req.origin.environment } : {}),
      ...(req.origin.credentials ? { credentials: req.origin.credentials } : {}),
      oneoff: true,
      useNetworkAliases: req.useAliases === true,
      extraLabels: { [LABELS.slug]: slug },
      resolveServiceContainer,
    });
  // Only `network_mode`/`ipc`/`pid: service:X` and `volumes_from` need the other services'
  // containers: observe the project for them alone, not on every run.
  let spec: ReturnType<typeof containerSpec>;
  try {
    spec = specWith(() => {
      throw NEEDS_CONTAINERS;
    });
  } catch (error) {
    if (error !== NEEDS_CONTAINERS) throw error;
    const observed = await observe(deps.runtime, project.name);
    spec = specWith((s) => serviceContainers(observed, s)[0]?.name ?? (project.services[s] ? containerName(project.name, s, 1) : undefined));
  }
  // The image and resources were looked up: the engine's API version is known.
  await warnIgnoredAttributes(deps.runtime, deps.sink, [spec]);
  // `--rm` is the engine's AutoRemove, as in Compose and `docker run --rm`: no DELETE round trip,
  // and the container goes even if this process dies.
  const id = await deps.runtime.createContainer({
    ...spec,
    ...(req.rm ? { autoRemove: true } : {}),
    ...(req.attachStdin && !req.detach ? { stdinOpen: true, attach: true } : {}),
  });
  return { id, name, tty: spec.tty === true, autoRemove: req.rm === true };
}

/** Waits for the service's `depends_on` conditions; an optional dependency's failure only warns. */
async function waitForDependencies(deps: EngineDeps, project: Project, service: string, dependencies: readonly string[]): Promise<void> {
  // Subscribed to events only when a condition does not already hold.
  const readiness = new Readiness(deps.runtime, { project: project.name });
  try {
    await Promise.all(
      dependencies.map(async (dep) => {
        const cfg = project.services[service]?.depends_on?.[dep];
        if (!cfg || cfg.condition === "service_started") return;
        const condition = cfg.condition === "service_healthy" ? "healthy" : "completed_successfully";
        try {
          await readiness.waitForService(dep, condition, deps.signal ? { signal: deps.signal } : {});
        } catch (error) {
          if (cfg.required || error instanceof InterruptedError) throw error;
          deps.sink.emit({ type: "message", level: "warning", text: `optional dependency "${dep}" failed to start: ${(error as Error).message}`, time: Date.now() });
        }
      }),
    );
  } finally {
    readiness.close();
  }
}

/** How the one-off's output is shown and how Ctrl-C reaches it. */
export interface AttachOptions {
  readonly streams: OutputStreams;
  /** `--rm`: remove the container (and its anonymous volumes) when it has exited, also after Ctrl-C. */
  readonly rm?: boolean;
  /** Aborted on the second Ctrl-C: kill instead of waiting for a graceful stop. */
  readonly forced?: AbortSignal;
  /** Seconds a graceful stop waits before SIGKILL (default: the container's). */
  readonly timeoutSeconds?: number;
  /**
   * Fed to the one-off's stdin (which is then closed); needs a container prepared with
   * `attachStdin`. Output then comes over the attachment, byte for byte.
   */
  readonly stdin?: ByteSource;
  /** For a one-off with a TTY: its terminal follows this one's size once started. */
  readonly terminal?: TerminalSizeSource;
}

/**
 * Attaches to the one-off, registers a wait for its exit (its removal when auto-removed), then
 * starts it, so no output and no exit can be missed; passes its output through byte for byte
 * (stdout to stdout, stderr to stderr, no prefix) and feeds `stdin`; resolves with its exit code.
 * The first Ctrl-C (`deps.signal`) stops it, a second one (`forced`) kills it; then it rejects
 * with an InterruptedError. With `rm` the container is gone in every case.
 */
export async function attachOneOff(deps: EngineDeps, oneOff: OneOff, options: AttachOptions): Promise<number> {
  const { runtime } = deps;
  const onInterrupt = () => void stopOneOff(runtime, oneOff.id, options);
  const waiting = new AbortController();
  const auto = options.rm === true && oneOff.autoRemove === true;
  let removed = false;
  let unfollow = () => undefined as void;
  try {
    if (deps.signal?.aborted) throw new InterruptedError();
    const attached = await runtime.attachContainer(oneOff.id, {
      streams: options.streams,
      ...(options.stdin !== undefined ? { stdin: options.stdin } : {}),
      ...(oneOff.tty !== undefined ? { tty: oneOff.tty } : {}),
    });
    const { exit } = await runtime.awaitExit(oneOff.id, { condition: auto ? "removed" : "next-exit", signal: waiting.signal });
    await runtime.startContainer(oneOff.id);
    if (oneOff.tty && options.terminal) unfollow = followTerminal(options.terminal, (size) => runtime.resizeContainerTty(oneOff.id, size));
    deps.signal?.addEventListener("abort", onInterrupt, { once: true });
    const [code] = await Promise.all([exit, attached.done]);
    removed = auto;
    if (deps.signal?.aborted) throw new InterruptedError(`interrupted: ${oneOff.name} stopped`);
    return code;
  } finally {
    unfollow();
    deps.signal?.removeEventListener("abort", onInterrupt);
    waiting.abort();
    if (options.rm && !removed) await runtime.removeContainer(oneOff.id, { force: true, volumes: true }).catch(() => undefined);
  }
}

async function stopOneOff(runtime: Runtime, id: string, options: AttachOptions): Promise<void> {
  const kill = () => void runtime.killContainer(id).catch(() => undefined);
  options.forced?.addEventListener("abort", kill, { once: true });
  await runtime.stopContainer(id, options.timeoutSeconds !== undefined ? { timeoutSeconds: options.timeoutSeconds } : {}).catch(() => undefined);
  options.forced?.removeEventListener("abort", kill);
}
