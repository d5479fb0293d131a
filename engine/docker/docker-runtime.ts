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
import type { ContainerStatsOptions, ContainerStatsSample } from "../runtime/runtime-stats-types.js";
import type { CommitContainerOptions, ExportContainerOptions } from "../runtime/runtime-export-commit-types.js";
import { buildImage } from "./build.js";
import { EngineClient } from "./client.js";
import { apiVersionAtLeast, type DockerConnectionOptions } from "./connection.js";
import * as c from "./containers.js";
import { seg } from "./containers.js";
import { commitContainer, exportContainer } from "./export-commit.js";
import * as io from "./io.js";
import { pushImage } from "./push.js";
import * as r from "./resources.js";
import { containerStats } from "./stats.js";

export type { DockerConnectionOptions } from "./connection.js";

/**
 * The Runtime on a real Docker Engine, over its HTTP API (our own node:http client, `client.ts`).
 * The connection comes from the caller (`{host, tlsVerify, certPath}`, i.e. DOCKER_HOST and
 * friends as the CLI read them); nothing here reads the environment. Every failure is a
 * RuntimeError; an engine that does not answer is `unreachable`, naming the address tried.
 */
export class DockerRuntime implements Runtime {
  private readonly client: EngineClient;
  /** The engine's identity, asked once per connection (see `identify`). */
  private identity: Promise<EngineIdentity> | undefined;

  constructor(options: DockerConnectionOptions = {}) {
    this.client = new EngineClient(options);
  }

  /** Where this runtime connects, e.g. `unix:///var/run/docker.sock`. */
  get address(): string {
    return this.client.address;
  }

  async ping(): Promise<void> {
    await this.client.json({ method: "GET", path: "/_ping" });
  }

  /**
   * Docker or Podman, from `/version`'s components, asked once per connection; for Podman,
   * `/libpod/info` says whether systemd (which runs its healthchecks) is likely there. An engine
   * whose answers already carried API 1.42+ is Docker (Podman's compat API says 1.41): no call.
   */
  identify(): Promise<EngineIdentity> {
    if (apiVersionAtLeast(this.client.serverApiVersion, "1.42")) return Promise.resolve({ kind: "docker", healthchecks: "engine" });
    this.identity ??= this.askIdentity().catch((error: unknown) => {
      this.identity = undefined;
      throw error;
    });
    return this.identity;
  }

  /** The API version the engine's answers carried so far (see `Runtime.knownApiVersion`). */
  knownApiVersion(): string | undefined {
    return this.client.serverApiVersion || undefined;
  }

  private async askIdentity(): Promise<EngineIdentity> {
    type Version = { Components?: { Name?: unknown }[]; Platform?: { Name?: unknown }; ApiVersion?: string };
    const v = await this.client.json<Version | undefined>({ method: "GET", path: "/version", context: "asking which engine answers" });
    if (v?.ApiVersion) this.client.serverApiVersion ??= v.ApiVersion;
    const names = [...(v?.Components ?? []).map((x) => x.Name), v?.Platform?.Name].filter((n): n is string => typeof n === "string");
    if (!names.some((n) => /podman/i.test(n))) return { kind: names.some((n) => /docker|engine/i.test(n)) ? "docker" : "other", healthchecks: "engine" };
    type Info = { host?: { cgroupManager?: unknown; eventLogger?: unknown } };
    const info = await this.client.json<Info | undefined>({ method: "GET", path: "/v4.0.0/libpod/info", context: "asking podman for its host" }).catch(() => undefined);
    // Podman schedules healthchecks with systemd timers; cgroupfs plus a file event log means no systemd.
    const noSystemd = info?.host?.cgroupManager === "cgroupfs" && info.host.eventLogger === "file";
    return { kind: "podman", healthchecks: noSystemd ? "none" : "unknown" };
  }

  /** Podman's `GET /libpod/containers/{id}/healthcheck`: one check now, recorded by the engine. */
  async runHealthcheck(ref: string): Promise<HealthStatus> {
    const r = await this.client.json<{ Status?: unknown } | undefined>({ method: "GET", path: `/v4.0.0/libpod/containers/${seg(ref)}/healthcheck`, context: `running the healthcheck of container ${ref}` });
    const status = r?.Status;
    return status === "healthy" || status === "unhealthy" || status === "starting" ? status : "none";
  }

  async version(): Promise<RuntimeVersion> {
    const v = await this.client.json<{ Version?: string; ApiVersion?: string; Os?: string; Arch?: string }>({ method: "GET", path: "/version" });
    const version = v?.Version ?? "unknown";
    if (v?.ApiVersion) this.client.serverApiVersion ??= v.ApiVersion;
    return {
      version,
      apiVersion: v?.ApiVersion ?? "",
      os: v?.Os ?? "",
      arch: v?.Arch ?? "",
      description: `docker ${version} at ${this.address}`,
    };
  }

  listContainers(options?: ListContainersOptions): Promise<ContainerSummary[]> {
    return c.listContainers(this.client, options);
  }
  inspectContainer(ref: string): Promise<ContainerDetails> {
    return c.inspectContainer(this.client, ref);
  }
  createContainer(spec: ContainerSpec): Promise<string> {
    return c.createContainer(this.client, spec);
  }
  startContainer(ref: string): Promise<void> {
    return c.containerAction(this.client, ref, "start");
  }
  stopContainer(ref: string, options: { timeoutSeconds?: number } = {}): Promise<void> {
    return c.containerAction(this.client, ref, "stop", { t: options.timeoutSeconds });
  }
  killContainer(ref: string, options: { signal?: string } = {}): Promise<void> {
    return c.containerAction(this.client, ref, "kill", { signal: options.signal ?? "SIGKILL" });
  }
  restartContainer(ref: string, options: { timeoutSeconds?: number } = {}): Promise<void> {
    return c.containerAction(this.client, ref, "restart", { t: options.timeoutSeconds });
  }
  resizeContainerTty(ref: string, size: TerminalSize): Promise<void> {
    return c.containerAction(this.client, ref, "resize", { h: size.rows, w: size.columns });
  }
  pauseContainer(ref: string): Promise<void> {
    return c.containerAction(this.client, ref, "pause");
  }
  unpauseContainer(ref: string): Promise<void> {
    return c.containerAction(this.client, ref, "unpause");
  }
  renameContainer(ref: string, newName: string): Promise<void> {
    return c.containerAction(this.client, ref, "rename", { name: newName });
  }
  removeContainer(ref: string, options?: { force?: boolean; volumes?: boolean }): Promise<void> {
    return c.removeContainer(this.client, ref, options);
  }
  waitContainer(ref: string, options?: { condition?: "not-running" | "next-exit"; signal?: AbortSignal }): Promise<number> {
    return c.waitContainer(this.client, ref, options);
  }
  async awaitExit(ref: string, options: { condition?: "next-exit" | "removed"; signal?: AbortSignal } = {}): Promise<{ readonly exit: Promise<number> }> {
    if (options.condition !== "removed" || apiVersionAtLeast(this.client.serverApiVersion, "1.42") || (await this.identify()).kind !== "podman") {
      return c.awaitExit(this.client, ref, options);
    }
    // Podman answers a `removed` wait with StatusCode 0 whatever the exit code: the code comes
    // from a `next-exit` wait, registered alongside so the promise still settles after removal.
    const [next, removed] = await Promise.all([c.awaitExit(this.client, ref, { ...options, condition: "next-exit" }), c.awaitExit(this.client, ref, options)]);
    const exit = Promise.all([next.exit, removed.exit.catch(() => 0)]).then(([code]) => code);
    exit.catch(() => undefined);
    return { exit };
  }
  logs(ref: string, options?: LogsOptions): AsyncIterable<LogLine> {
    return io.logs(this.client, ref, options);
  }
  exec(ref: string, options: ExecOptions): Promise<ExecResult> {
    return io.exec(this.client, ref, options);
  }
  attachContainer(ref: string, options: AttachContainerOptions): Promise<Attachment> {
    return io.attach(this.client, ref, options);
  }
  top(ref: string): Promise<{ titles: string[]; processes: string[][] }> {
    return c.top(this.client, ref);
  }
  containerStats(ref: string, options?: ContainerStatsOptions): Promise<ContainerStatsSample> {
    return containerStats(this.client, ref, options);
  }
  putArchive(ref: string, path: string, tar: ByteSource): Promise<void> {
    return io.putArchive(this.client, ref, path, tar);
  }
  getArchive(ref: string, path: string): Promise<{ stat: PathStat; tar: AsyncIterable<Uint8Array> }> {
    return io.getArchive(this.client, ref, path);
  }
  exportContainer(ref: string, options?: ExportContainerOptions): AsyncIterable<Uint8Array> {
    return exportContainer(this.client, ref, options);
  }
  commitContainer(ref: string, options?: CommitContainerOptions): Promise<string> {
    return commitContainer(this.client, ref, options);
  }

  listNetworks(options?: { labels?: LabelSelector; names?: readonly string[] }): Promise<NetworkDetails[]> {
    return r.listNetworks(this.client, options);
  }
  inspectNetwork(ref: string): Promise<NetworkDetails> {
    return r.inspectNetwork(this.client, ref);
  }
  createNetwork(options: CreateNetworkOptions): Promise<string> {
    return r.createNetwork(this.client, options);
  }
  /** From the API version of the engine's answers: 1.44 (Docker 25) made network names a key. */
  networkNamesUnique(): boolean {
    return apiVersionAtLeast(this.client.serverApiVersion, "1.44");
  }
  removeNetwork(ref: string): Promise<void> {
    return r.removeNetwork(this.client, ref);
  }
  connectNetwork(network: string, container: string, endpoint?: Omit<EndpointSpec, "network">): Promise<void> {
    return r.connectNetwork(this.client, network, container, endpoint);
  }
  disconnectNetwork(network: string, container: string, options: { force?: boolean } = {}): Promise<void> {
    return r.disconnectNetwork(this.client, network, container, options.force);
  }

  listVolumes(options?: { labels?: LabelSelector; names?: readonly string[] }): Promise<VolumeDetails[]> {
    return r.listVolumes(this.client, options);
  }
  inspectVolume(name: string): Promise<VolumeDetails> {
    return r.inspectVolume(this.client, name);
  }
  createVolume(options: CreateVolumeOptions): Promise<VolumeDetails> {
    return r.createVolume(this.client, options);
  }
  removeVolume(name: string, options: { force?: boolean } = {}): Promise<void> {
    return r.removeVolume(this.client, name, options.force);
  }

  inspectImage(ref: string): Promise<ImageDetails | undefined> {
    return r.inspectImage(this.client, ref);
  }
  listImages(options?: { labels?: LabelSelector; reference?: string }): Promise<ImageSummary[]> {
    return r.listImages(this.client, options);
  }
  pullImage(ref: string, options?: { platform?: string; onProgress?: (p: PullProgress) => void; signal?: AbortSignal }): Promise<void> {
    return r.pullImage(this.client, ref, options);
  }
  pushImage(ref: string, options?: PushImageOptions): Promise<void> {
    return pushImage(this.client, ref, options);
  }
  removeImage(ref: string, options: { force?: boolean } = {}): Promise<void> {
    return r.removeImage(this.client, ref, options.force);
  }
  tagImage(ref: string, repo: string, tag: string): Promise<void> {
    return r.tagImage(this.client, ref, repo, tag);
  }
  buildImage(options: BuildImageOptions): Promise<{ imageId: string }> {
    return buildImage(this.client, options);
  }

  events(options?: EventsOptions): AsyncIterable<RuntimeEvent> {
    return io.events(this.client, options);
  }
}
