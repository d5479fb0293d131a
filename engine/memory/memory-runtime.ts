import type { ContainerSpec, EndpointSpec, LabelSelector } from "../runtime/runtime-container-spec.js";
import type {
  AttachContainerOptions,
  Attachment,
  BuildImageOptions,
  ByteSource,
  CreateNetworkOptions,
  CreateVolumeOptions,
  EventsOptions,
  ExecOptions,
  ListContainersOptions,
  LogsOptions,
  PushImageOptions,
  Runtime,
  RuntimeVersion,
  TerminalSize,
} from "../runtime/runtime.js";
import { RuntimeError, notFound } from "../runtime/runtime-errors.js";
import type {
  ContainerDetails,
  ContainerSummary,
  EngineIdentity,
  ExecResult,
  HealthStatus,
  ImageDetails,
  ImageSummary,
  LogLine,
  NetworkDetails,
  PathStat,
  PullProgress,
  RuntimeEvent,
  VolumeDetails,
} from "../runtime/runtime-types.js";
import type { ContainerStatsSample } from "../runtime/runtime-stats-types.js";
import type { CommitContainerOptions, ExportContainerOptions } from "../runtime/runtime-export-commit-types.js";
import { memoryBuild, type RecordedBuild } from "./memory-build.js";
import { commitContainer, exportContainer } from "./memory-commit.js";
import { createContainer } from "./memory-create.js";
import { hasHealthcheck, probe } from "./memory-health.js";
import { memoryPush } from "./memory-push.js";
import * as io from "./memory-io.js";
import * as life from "./memory-lifecycle.js";
import * as res from "./memory-resources.js";
import { containerStats } from "./memory-stats.js";
import { MemoryState, normalizeRef, type ImageSeed } from "./memory-state.js";
import { containerDetails, containerSummary, imageDetails, networkDetails, volumeDetails } from "./memory-views.js";
import type { MemFs } from "./mem-fs.js";

export type { ImageSeed } from "./memory-state.js";
export type { RecordedBuild } from "./memory-build.js";

/** How a MemoryRuntime starts out. */
export interface MemoryRuntimeOptions {
  /** Images present locally from the start. */
  readonly images?: readonly ImageSeed[];
  /** Images `pullImage` can fetch; any other pull fails as the engine does for an unknown repository. */
  readonly registry?: readonly ImageSeed[];
  /**
   * Pushes succeed, and each pushed image joins `registry`. By default every push fails as it does
   * when the registry cannot be reached.
   */
  readonly acceptPushes?: boolean;
  /** Seed of the deterministic ids (same seed and calls → same ids). */
  readonly seed?: string;
  /**
   * `none`: like Podman without systemd, healthchecks never run by themselves; `runHealthcheck`
   * runs one (default `engine`: they run on their schedule).
   */
  readonly healthchecks?: "engine" | "none";
  /** The Engine API version `knownApiVersion` reports, as a Docker engine of that version would (default: none). */
  readonly apiVersion?: string;
}

/**
 * An in-memory Runtime with Docker's observable behaviour, for unit tests and `--dry-run`.
 * Containers run a tiny busybox-like shell simulator (`sh -c`, echo, sleep, cat, nslookup, trap,
 * loops, redirections…), so exit codes, logs, healthchecks, DNS between containers on shared
 * networks and volume contents behave like the real engine's; events are emitted for the same
 * actions; errors (not-found, conflicts) match. The shared contract suite holds it to that.
 * Not simulated: restart policies, resource limits, real networking (ports are only allocated).
 */
export class MemoryRuntime implements Runtime {
  private readonly state: MemoryState;
  /** Every `buildImage` request so far, oldest first (for assertions). */
  readonly builds: RecordedBuild[] = [];
  /** Every reference `pushImage` was asked for, oldest first, whether or not it succeeded (for assertions). */
  readonly pushes: string[] = [];
  private readonly acceptPushes: boolean;
  private readonly apiVersion: string | undefined;

  constructor(options: MemoryRuntimeOptions = {}) {
    this.apiVersion = options.apiVersion;
    this.state = new MemoryState(options.seed ?? "tscompose");
    this.acceptPushes = options.acceptPushes === true;
    this.state.runsHealthchecks = options.healthchecks !== "none";
    res.addBuiltinNetworks(this.state);
    for (const image of options.images ?? []) this.state.addImage(image);
    for (const image of options.registry ?? []) this.state.registry.set(normalizeRef(image.ref), image);
  }

  /** The pretend host filesystem that bind mounts see (seed files here for tests). */
  get hostFs(): MemFs {
    return this.state.hostFs;
  }

  /** Every event emitted so far, oldest first (for assertions). */
  eventLog(): readonly RuntimeEvent[] {
    return this.state.events.all();
  }

  /** Adds a local image (as a build or `docker load` would). */
  addImage(seed: ImageSeed): string {
    return this.state.addImage(seed).id;
  }

  async ping(): Promise<void> {}

  async identify(): Promise<EngineIdentity> {
    return { kind: "memory", healthchecks: this.state.runsHealthchecks ? "engine" : "none" };
  }

  /** One check now, recorded like the engine's own (Podman's single-check endpoint); `conflict` when not running. */
  async runHealthcheck(ref: string): Promise<HealthStatus> {
    const c = this.state.container(ref);
    if (c.status !== "running") throw new RuntimeError("conflict", `container ${c.name} is not running`);
    if (!hasHealthcheck(c)) throw new RuntimeError("other", `container ${c.name} has no defined healthcheck`);
    await probe(this.state, c);
    return c.health;
  }

  knownApiVersion(): string | undefined {
    return this.apiVersion;
  }

  async version(): Promise<RuntimeVersion> {
    return { version: "memory", apiVersion: "1.41", os: "linux", arch: "amd64", description: "memory runtime (in-process, nothing real is changed)" };
  }

  async listContainers(options: ListContainersOptions = {}): Promise<ContainerSummary[]> {
    return [...this.state.containers.values()]
      .filter((c) => options.all || c.status === "running" || c.status === "paused" || c.status === "restarting")
      .filter((c) => res.matchLabels(c.spec.labels ?? {}, options.labels))
      .filter((c) => !options.names?.length || options.names.includes(c.name))
      .reverse()
      .map((c) => containerSummary(this.state, c));
  }
  async inspectContainer(ref: string): Promise<ContainerDetails> {
    return containerDetails(this.state, this.state.container(ref));
  }
  async createContainer(spec: ContainerSpec): Promise<string> {
    const id = createContainer(this.state, spec);
    return id;
  }
  async startContainer(ref: string): Promise<void> {
    life.startContainer(this.state, ref);
  }
  stopContainer(ref: string, options: { timeoutSeconds?: number } = {}): Promise<void> {
    return life.stopContainer(this.state, ref, options.timeoutSeconds);
  }
  killContainer(ref: string, options: { signal?: string } = {}): Promise<void> {
    return life.killContainer(this.state, ref, options.signal);
  }
  async restartContainer(ref: string, options: { timeoutSeconds?: number } = {}): Promise<void> {
    await life.stopContainer(this.state, ref, options.timeoutSeconds);
    life.startContainer(this.state, ref);
    const c = this.state.container(ref);
    this.state.events.emit("container", "restart", c.id, { ...c.spec.labels, image: c.spec.image, name: c.name });
  }
  async resizeContainerTty(ref: string, size: TerminalSize): Promise<void> {
    life.resizeTty(this.state, ref, size);
  }
  /** The TTY size last set on a container (for assertions), undefined when never set. */
  ttySize(ref: string): TerminalSize | undefined {
    return this.state.container(ref).ttySize;
  }
  async pauseContainer(ref: string): Promise<void> {
    life.setPaused(this.state, ref, true);
  }
  async unpauseContainer(ref: string): Promise<void> {
    life.setPaused(this.state, ref, false);
  }
  async renameContainer(ref: string, newName: string): Promise<void> {
    life.renameContainer(this.state, ref, newName);
  }
  removeContainer(ref: string, options: { force?: boolean; volumes?: boolean } = {}): Promise<void> {
    return life.removeContainer(this.state, ref, options.force ?? false, options.volumes ?? false);
  }
  async waitContainer(ref: string, options: { condition?: "not-running" | "next-exit"; signal?: AbortSignal } = {}): Promise<number> {
    return life.waitContainer(this.state, ref, options.condition ?? "not-running", options.signal);
  }
  async awaitExit(ref: string, options: { condition?: "next-exit" | "removed"; signal?: AbortSignal } = {}): Promise<{ readonly exit: Promise<number> }> {
    // Exit waiters run before an auto-removed container is dropped, within the same tick, so
    // `removed` and `next-exit` are observed alike here.
    const exit = life.waitContainer(this.state, ref, "next-exit", options.signal);
    exit.catch(() => undefined);
    return { exit };
  }
  logs(ref: string, options?: LogsOptions): AsyncIterable<LogLine> {
    return io.logs(this.state, ref, options);
  }
  exec(ref: string, options: ExecOptions): Promise<ExecResult> {
    return io.exec(this.state, ref, options);
  }
  async attachContainer(ref: string, options: AttachContainerOptions): Promise<Attachment> {
    return io.attach(this.state, ref, options);
  }
  async top(ref: string): Promise<{ titles: string[]; processes: string[][] }> {
    return io.top(this.state, ref);
  }
  async containerStats(ref: string): Promise<ContainerStatsSample> {
    return containerStats(this.state, ref);
  }
  putArchive(ref: string, path: string, tar: ByteSource): Promise<void> {
    return io.putArchive(this.state, ref, path, tar);
  }
  getArchive(ref: string, path: string): Promise<{ stat: PathStat; tar: AsyncIterable<Uint8Array> }> {
    return io.getArchive(this.state, ref, path);
  }
  exportContainer(ref: string, options?: ExportContainerOptions): AsyncIterable<Uint8Array> {
    return exportContainer(this.state, ref, options);
  }
  async commitContainer(ref: string, options?: CommitContainerOptions): Promise<string> {
    return commitContainer(this.state, ref, options);
  }

  async listNetworks(options: { labels?: LabelSelector; names?: readonly string[] } = {}): Promise<NetworkDetails[]> {
    return res.listNetworks(this.state, options);
  }
  async inspectNetwork(ref: string): Promise<NetworkDetails> {
    return networkDetails(this.state, this.state.network(ref));
  }
  async createNetwork(options: CreateNetworkOptions): Promise<string> {
    return res.createNetwork(this.state, options);
  }
  networkNamesUnique(): boolean {
    return true;
  }
  async removeNetwork(ref: string): Promise<void> {
    res.removeNetwork(this.state, ref);
  }
  async connectNetwork(network: string, container: string, endpoint: Omit<EndpointSpec, "network"> = {}): Promise<void> {
    res.connectNetwork(this.state, network, container, endpoint);
  }
  async disconnectNetwork(network: string, container: string): Promise<void> {
    res.disconnectNetwork(this.state, network, container);
  }

  async listVolumes(options: { labels?: LabelSelector; names?: readonly string[] } = {}): Promise<VolumeDetails[]> {
    return [...this.state.volumes.values()]
      .filter((v) => res.matchLabels(v.labels, options.labels) && (!options.names?.length || options.names.includes(v.name)))
      .map(volumeDetails);
  }
  async inspectVolume(name: string): Promise<VolumeDetails> {
    return volumeDetails(this.state.volume(name));
  }
  async createVolume(options: CreateVolumeOptions): Promise<VolumeDetails> {
    return res.createVolume(this.state, options);
  }
  async removeVolume(name: string): Promise<void> {
    res.removeVolume(this.state, name);
  }

  async inspectImage(ref: string): Promise<ImageDetails | undefined> {
    const image = this.state.findImage(ref);
    return image ? imageDetails(image) : undefined;
  }
  async listImages(options: { labels?: LabelSelector; reference?: string } = {}): Promise<ImageSummary[]> {
    return res.listImages(this.state, options);
  }
  async pullImage(ref: string, options: { onProgress?: (p: PullProgress) => void } = {}): Promise<void> {
    const seed = this.state.registry.get(normalizeRef(ref));
    if (!seed) {
      throw new RuntimeError("not-found", `pull access denied for ${ref}, repository does not exist or may require 'docker login'`, { status: 404 });
    }
    options.onProgress?.({ status: `Pulling from ${ref}` });
    const image = this.state.addImage(seed);
    options.onProgress?.({ status: `Digest: ${image.id}` });
    this.state.events.emit("image", "pull", normalizeRef(ref), { name: normalizeRef(ref) });
  }
  async pushImage(ref: string, options: PushImageOptions = {}): Promise<void> {
    this.pushes.push(ref);
    memoryPush(this.state, ref, this.acceptPushes, options);
  }
  async removeImage(ref: string, options: { force?: boolean } = {}): Promise<void> {
    res.removeImage(this.state, ref, options.force ?? false);
  }
  buildImage(options: BuildImageOptions): Promise<{ imageId: string }> {
    return memoryBuild(this.state, options, (b) => this.builds.push(b));
  }
  async tagImage(ref: string, repo: string, tag: string): Promise<void> {
    if (!this.state.findImage(ref)) throw notFound("image", ref);
    res.tagImage(this.state, ref, repo, tag);
  }

  events(options?: EventsOptions): AsyncIterable<RuntimeEvent> {
    return this.state.events.stream(options);
  }
}
