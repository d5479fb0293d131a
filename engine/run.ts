import { randomBytes } from "node:crypto";
import { ComposeError } from "../spec/errors.js";
import { serviceConfigHash } from "../spec/hash.js";
import type { Project } from "../spec/project.js";
import { containerSpec } from "./container-spec.js";
import { InterruptedError } from "./execute-errors.js";
import type { PullOption } from "./images.js";
import { containerName, LABELS, oneOffName } from "./labels.js";
import { observe, serviceContainers } from "./observe.js";
import { serviceImage } from "./plan-up.js";
import { Readiness } from "./readiness.js";
import { oneOffService, type OneOffOptions } from "./run-options.js";
import { ensureServiceResources } from "./run-resources.js";
import type { ByteSource, OutputStreams, Runtime } from "./runtime.js";
import type { ProjectOrigin } from "./spec-for.js";
import { upProject, type EngineDeps } from "./up.js";

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
  readonly removeOrphans?: boolean;
}

/** The one-off container `prepareOneOff` created (not started). */
export interface OneOff {
  readonly id: string;
  readonly name: string;
}

/**
 * Everything before the one-off starts, in Compose's order: the service's dependencies are
 * brought up (their own conditions honoured) unless `noDeps`, the networks, volumes and image the
 * service needs are ensured, the service's `depends_on` conditions are awaited, and the container
 * `<project>-<service>-run-<12 hex>` is created with `oneoff=True` and its `slug`. Ports are
 * published only with `servicePorts` or `publish`; network aliases only with `useAliases`.
 */
export async function prepareOneOff(deps: EngineDeps, req: RunRequest): Promise<OneOff> {
  const { project, service } = req;
  const base = project.services[service];
  if (!base) throw new ComposeError("E_NO_SUCH_SERVICE", `no such service: ${service}`, { kind: "bad-input", hint: `The project's services are: ${Object.keys(project.services).join(", ")}.` });
  const dependencies = req.noDeps ? [] : Object.keys(base.depends_on ?? {}).filter((d) => project.services[d]);
  if (dependencies.length > 0) {
    await upProject(deps, {
      project,
      origin: req.origin,
      services: dependencies,
      ...(req.disabledServices ? { disabledServices: req.disabledServices } : {}),
      ...(req.pull ? { pull: req.pull } : {}),
      ...(req.removeOrphans ? { removeOrphans: true } : {}),
    });
  }
  const image = await ensureServiceResources(deps.runtime, project, service, deps.sink, req.pull);
  if (dependencies.length > 0) await waitForDependencies(deps, project, service, dependencies);
  const svc = oneOffService(base, req.options);
  const oneOffProject: Project = { ...project, services: { ...project.services, [service]: svc } };
  const slug = randomBytes(32).toString("hex");
  const name = req.options.name ?? oneOffName(project.name, service, slug);
  const observed = await observe(deps.runtime, project.name);
  const spec = containerSpec({
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
    oneoff: true,
    useNetworkAliases: req.useAliases === true,
    extraLabels: { [LABELS.slug]: slug },
    resolveServiceContainer: (s) => serviceContainers(observed, s)[0]?.name ?? (project.services[s] ? containerName(project.name, s, 1) : undefined),
  });
  const id = await deps.runtime.createContainer({
    ...spec,
    ...(req.rm && req.detach ? { autoRemove: true } : {}),
    ...(req.attachStdin && !req.detach ? { stdinOpen: true, attach: true } : {}),
  });
  deps.sink.emit({ type: "resource", kind: "container", name, service, status: "Created", done: true, ok: true, time: Date.now() });
  return { id, name };
}

/** Waits for the service's `depends_on` conditions; an optional dependency's failure only warns. */
async function waitForDependencies(deps: EngineDeps, project: Project, service: string, dependencies: readonly string[]): Promise<void> {
  const readiness = new Readiness(deps.runtime, { project: project.name });
  readiness.start();
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
}

/**
 * Starts the one-off, passes its output through (stdout to stdout, stderr to stderr, no prefix)
 * until it exits, and resolves with its exit code. The first Ctrl-C (`deps.signal`) stops it, a
 * second one (`forced`) kills it; then it rejects with an InterruptedError. With `rm` the
 * container is removed in every case.
 */
export async function attachOneOff(deps: EngineDeps, oneOff: OneOff, options: AttachOptions): Promise<number> {
  const { runtime } = deps;
  const onInterrupt = () => void stopOneOff(runtime, oneOff.id, options);
  try {
    if (deps.signal?.aborted) throw new InterruptedError();
    const attached = options.stdin === undefined ? undefined : await runtime.attachContainer(oneOff.id, { stdin: options.stdin, streams: options.streams });
    await runtime.startContainer(oneOff.id);
    deps.signal?.addEventListener("abort", onInterrupt, { once: true });
    await (attached ? attached.done : pipeOutput(runtime, oneOff.id, options.streams));
    const code = await runtime.waitContainer(oneOff.id);
    if (deps.signal?.aborted) throw new InterruptedError(`interrupted: ${oneOff.name} stopped`);
    return code;
  } finally {
    deps.signal?.removeEventListener("abort", onInterrupt);
    if (options.rm) await runtime.removeContainer(oneOff.id, { force: true, volumes: true }).catch(() => undefined);
  }
}

async function stopOneOff(runtime: Runtime, id: string, options: AttachOptions): Promise<void> {
  const kill = () => void runtime.killContainer(id).catch(() => undefined);
  options.forced?.addEventListener("abort", kill, { once: true });
  await runtime.stopContainer(id, options.timeoutSeconds !== undefined ? { timeoutSeconds: options.timeoutSeconds } : {}).catch(() => undefined);
  options.forced?.removeEventListener("abort", kill);
}

/** Follows the container's log from its start until it stops. */
async function pipeOutput(runtime: Runtime, id: string, streams: OutputStreams): Promise<void> {
  for await (const line of runtime.logs(id, { follow: true })) {
    const target = line.stream === "stderr" ? streams.stderr : streams.stdout;
    target?.write(`${line.text}\n`);
  }
}
