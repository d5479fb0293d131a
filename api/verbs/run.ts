import os from "node:os";
import type { PullOption } from "../../engine/images/images.js";
import { attachOneOff, prepareOneOff, type OneOff } from "../../engine/oneoff/run.js";
import type { OneOffOptions } from "../../engine/oneoff/run-options.js";
import type { ByteSource, OutputStreams, TerminalSizeSource } from "../../engine/runtime/runtime.js";
import type { EngineDeps } from "../../engine/verbs/up.js";
import { ProjectError } from "../../spec/errors.js";
import { type LoadedProject } from "../../spec/load.js";
import { parsePortSpec } from "../../spec/normalize/ports.js";
import type { ServicePort, ServiceVolume } from "../../spec/project.js";
import { parseVolumeSpec } from "../../spec/normalize/volumes.js";
import { TextCapture, type CommandResult } from "./capture.js";
import { projectOrigin } from "../connect/origin.js";

/** How `run` shapes a one-off container of a service (flags over the compose file). */
export interface RunOptions {
  /** Replaces the service's command when not empty. */
  readonly command?: readonly string[];
  /** Replaces the entrypoint (and, without a command, clears the command). */
  readonly entrypoint?: readonly string[];
  /** Added over the service's environment. */
  readonly env?: Readonly<Record<string, string>>;
  /** Added over the service's labels. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Extra mounts, as objects or in the short syntax (`./data:/data:ro`, relative to the project directory). */
  readonly volumes?: readonly (ServiceVolume | string)[];
  /** Ports to publish instead of the service's, as objects or in the short syntax (`8080:80`). */
  readonly publish?: readonly (ServicePort | string)[];
  /** Keep the service's own `ports` (dropped by default, as Compose). */
  readonly servicePorts?: boolean;
  readonly user?: string;
  readonly workdir?: string;
  /** Container name (default `<project>-<service>-run-<12 hex>`). */
  readonly name?: string;
  readonly tty?: boolean;
  /** Keep stdin open. */
  readonly interactive?: boolean;
  /** Neither start the service's dependencies nor wait for them. */
  readonly noDeps?: boolean;
  /** Join networks under the service name and its aliases too. */
  readonly useAliases?: boolean;
  /** Remove the container once it has exited (also when interrupted). */
  readonly rm?: boolean;
  readonly pull?: PullOption;
  readonly removeOrphans?: boolean;
  /** Build the service's image before running (`true`), or never build it (`false`). */
  readonly build?: boolean;
  /** Capabilities added to / dropped from the service's own. */
  readonly capAdd?: readonly string[];
  readonly capDrop?: readonly string[];
}

/** Where a one-off's output goes and how a run is cut short. */
export interface RunIo {
  readonly streams: OutputStreams;
  /** Fed to the one-off's stdin, which is then closed (not with `detach`). */
  readonly stdin?: ByteSource;
  /** Start it and return at once, without waiting (the engine removes it with `rm` when it exits). */
  readonly detach?: boolean;
  /** Aborted: kill the one-off instead of stopping it gracefully (`deps.signal` stops it). */
  readonly forced?: AbortSignal;
  /** Called once the container exists, before it starts (the CLI flushes its progress output here). */
  readonly beforeStart?: () => Promise<void>;
  /** With `tty`: the one-off's terminal follows this one's size once started. */
  readonly terminal?: TerminalSizeSource;
}

/** What a run produced: the container, and its exit code unless detached. */
export interface RunOutcome extends OneOff {
  readonly exitCode?: number;
}

/** The engine's one-off options from API options; short-syntax mounts and ports are parsed here. */
export function oneOffOptions(options: RunOptions, projectDir: string, homeDir = os.homedir()): OneOffOptions {
  const base = { projectDir, homeDir };
  return {
    ...(options.command && options.command.length > 0 ? { command: options.command } : {}),
    ...(options.entrypoint !== undefined ? { entrypoint: options.entrypoint } : {}),
    ...(options.env ? { env: options.env } : {}),
    ...(options.labels ? { labels: options.labels } : {}),
    volumes: (options.volumes ?? []).map((v) => (typeof v === "string" ? parseVolumeSpec(v, base) : v)),
    publish: (options.publish ?? []).flatMap((p) => (typeof p === "string" ? parsePortSpec(p) : [p])),
    ...(options.servicePorts ? { servicePorts: true } : {}),
    ...(options.user ? { user: options.user } : {}),
    ...(options.workdir ? { workingDir: options.workdir } : {}),
    ...(options.name ? { name: options.name } : {}),
    tty: options.tty === true,
    interactive: options.interactive === true,
    ...(options.capAdd && options.capAdd.length > 0 ? { capAdd: options.capAdd } : {}),
    ...(options.capDrop && options.capDrop.length > 0 ? { capDrop: options.capDrop } : {}),
  };
}

/** Throws E_NO_SUCH_SERVICE (bad input) when the loaded project has no such service. */
export function assertService(loaded: LoadedProject, service: string): void {
  if (loaded.project.services[service]) return;
  throw new ProjectError("E_NO_SUCH_SERVICE", `no such service: ${service}`, {
    hint: `The project's services are: ${Object.keys(loaded.project.services).sort().join(", ")}.`,
  });
}

/**
 * Runs a one-off container of `service` as `tscompose run` does: dependencies up (their
 * conditions honoured) unless `noDeps`, the container `<project>-<service>-run-<id>` created,
 * started, its output passed to `io.streams` until it exits; resolves with its exit code. With
 * `io.detach` it resolves once started. Fails with E_NO_SUCH_SERVICE for an unknown service.
 */
export async function runOneOff(deps: EngineDeps, loaded: LoadedProject, service: string, options: RunOptions, io: RunIo): Promise<RunOutcome> {
  assertService(loaded, service);
  const oneOff = await prepareOneOff(deps, {
    project: loaded.project,
    origin: projectOrigin(loaded),
    disabledServices: loaded.disabledServices,
    service,
    options: oneOffOptions(options, loaded.projectDir),
    ...(options.noDeps ? { noDeps: true } : {}),
    ...(options.useAliases ? { useAliases: true } : {}),
    ...(options.rm ? { rm: true } : {}),
    ...(io.detach ? { detach: true } : {}),
    ...(options.pull ? { pull: options.pull } : {}),
    ...(options.build !== undefined ? { build: options.build ? "always" : "never" } : {}),
    ...(options.removeOrphans ? { removeOrphans: true } : {}),
    ...(io.stdin !== undefined && !io.detach ? { attachStdin: true } : {}),
  });
  await io.beforeStart?.();
  if (io.detach) {
    await deps.runtime.startContainer(oneOff.id);
    return oneOff;
  }
  const exitCode = await attachOneOff(deps, oneOff, {
    streams: io.streams,
    ...(io.forced ? { forced: io.forced } : {}),
    ...(options.rm ? { rm: true } : {}),
    ...(io.stdin !== undefined ? { stdin: io.stdin } : {}),
    ...(io.terminal ? { terminal: io.terminal } : {}),
  });
  return { ...oneOff, exitCode };
}

/** Runs a one-off like `runOneOff` (attached, no TTY) and resolves with its exit code and output. */
export async function runCapture(deps: EngineDeps, loaded: LoadedProject, service: string, options: RunOptions): Promise<CommandResult> {
  const stdout = new TextCapture();
  const stderr = new TextCapture();
  const outcome = await runOneOff(deps, loaded, service, { ...options, tty: false }, { streams: { stdout, stderr } });
  return { exitCode: outcome.exitCode ?? 0, stdout: stdout.text, stderr: stderr.text };
}
