import type { Readable } from "node:stream";
import type { ContainerSpec, EndpointSpec, LabelSelector } from "./runtime-container-spec.js";
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
} from "./runtime-types.js";

export type * from "./runtime-container-spec.js";
export type * from "./runtime-types.js";
export type * from "./runtime-stats-types.js";
import type { ContainerStatsOptions, ContainerStatsSample } from "./runtime-stats-types.js";
export type * from "./runtime-export-commit-types.js";
import type { CommitContainerOptions, ExportContainerOptions } from "./runtime-export-commit-types.js";
export type { CreateNetworkOptions } from "../../network/types.js";
import type { CreateNetworkOptions } from "../../network/types.js";
export { RuntimeError, isRuntimeError, type RuntimeErrorReason } from "./runtime-errors.js";

/** Bytes in: a whole buffer or a stream of chunks. */
export type ByteSource = Uint8Array | AsyncIterable<Uint8Array>;

/** Where exec/attach output goes instead of being captured. */
export interface OutputStreams {
  readonly stdout?: NodeJS.WritableStream;
  readonly stderr?: NodeJS.WritableStream;
}

/** Engine identity. */
export interface RuntimeVersion {
  readonly version: string;
  readonly apiVersion: string;
  readonly os: string;
  readonly arch: string;
  /** A short description of the engine (e.g. `docker 20.10.24 at unix:///var/run/docker.sock`). */
  readonly description: string;
}

/** Filters of the container list. */
export interface ListContainersOptions {
  /** Include stopped containers (default: running only, like `docker ps`). */
  readonly all?: boolean;
  readonly labels?: LabelSelector;
  /** Exact names (no leading slash). */
  readonly names?: readonly string[];
}

/** Options of `logs`. */
export interface LogsOptions {
  readonly follow?: boolean;
  /** Unix seconds (fractions allowed) or a Date. */
  readonly since?: number | Date;
  readonly until?: number | Date;
  /** Number of lines from the end; omitted = all. */
  readonly tail?: number;
  readonly timestamps?: boolean;
  /** Ends a follow early; the iterable then finishes without error. */
  readonly signal?: AbortSignal;
}

/** Options of `attachContainer`. */
export interface AttachContainerOptions {
  /**
   * Fed to the container's stdin. The container must have been created with `stdinOpen` (else
   * the engine drops it). Before start with `attach` (StdinOnce), its end closes the container's
   * stdin; otherwise its end ends this attachment's output (the container runs on).
   */
  readonly stdin?: ByteSource;
  /** Where its output goes, byte for byte (stderr to `stdout` when it has a TTY). */
  readonly streams: OutputStreams;
  /** Whether the container has a TTY, when the caller knows (saves an inspect). */
  readonly tty?: boolean;
  /**
   * The engine's detach sequence on `stdin` (`ctrl-p,ctrl-q` by default), for callers that
   * detect their own; the memory runtime has none.
   */
  readonly detachKeys?: string;
  /** Aborting detaches: the output stops, the container runs on, `done` settles. */
  readonly signal?: AbortSignal;
}

/** An attachment made by `attachContainer`. */
export interface Attachment {
  /** Settles once the container's output has ended (it exited, or the attachment was aborted). */
  readonly done: Promise<void>;
}

/** A terminal's size in character cells. */
export interface TerminalSize {
  readonly rows: number;
  readonly columns: number;
}

/** The local terminal a TTY session mirrors: its size now, and a way to hear of changes. */
export interface TerminalSizeSource {
  /** Undefined when the size is not known (then nothing is sent). */
  current(): TerminalSize | undefined;
  /** Calls `listener` after each change of size; returns the function that stops it. */
  onChange(listener: () => void): () => void;
}

/** Options of `exec`. */
export interface ExecOptions {
  readonly cmd: readonly string[];
  readonly user?: string;
  readonly workingDir?: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly privileged?: boolean;
  readonly tty?: boolean;
  /** With `tty`: the remote terminal takes this one's size, at the start and after each change. */
  readonly terminal?: TerminalSizeSource;
  /** Fed to the process's stdin, which is then closed. */
  readonly stdin?: ByteSource;
  /** Stream output there instead of capturing it into the result. */
  readonly streams?: OutputStreams;
  readonly signal?: AbortSignal;
  /** Start the command and return at once (`exec -d`): exit code 0, no output; the process keeps running. */
  readonly detach?: boolean;
}


/** Options of `createVolume`. */
export interface CreateVolumeOptions {
  /** Omitted: the engine picks a random name. */
  readonly name?: string;
  readonly driver?: string;
  readonly driverOpts?: Readonly<Record<string, string>>;
  readonly labels?: Readonly<Record<string, string>>;
}

/** Options of `buildImage`: the engine's classic `/build` parameters, in our own terms. */
export interface BuildImageOptions {
  /** The build context as a tar archive (see `build-context.ts`). */
  readonly context: AsyncIterable<Uint8Array> | Readable;
  /** The Dockerfile's path inside the context archive. */
  readonly dockerfile: string;
  /** Every `name:tag` the image gets (the first is the main one). */
  readonly tags: readonly string[];
  readonly buildArgs?: Readonly<Record<string, string>>;
  readonly target?: string;
  readonly labels?: Readonly<Record<string, string>>;
  /** Network of the RUN steps (`build.network`). */
  readonly networkMode?: string;
  readonly shmSizeBytes?: number;
  /** Memory limit of the build containers (`build --memory`). */
  readonly memoryBytes?: number;
  /** `host=ip` or `host:ip` entries. */
  readonly extraHosts?: readonly string[];
  readonly cacheFrom?: readonly string[];
  readonly noCache?: boolean;
  /** Always pull a newer version of the base images. */
  readonly pull?: boolean;
  readonly platform?: string;
  readonly signal?: AbortSignal;
  /** Each line of build output, as the engine prints it (`Step 2/5 : RUN make`), without newline. */
  readonly onOutput?: (line: string) => void;
}

/** Options of `pushImage`. */
export interface PushImageOptions {
  /** Each record of the engine's progress stream (`Preparing`, `Pushing` with bytes, `Pushed`, the digest). */
  readonly onProgress?: (p: PullProgress) => void;
  readonly signal?: AbortSignal;
}

/** Filters of `events`. Names follow the engine's: `type`, `event` (action), `container`, `label`. */
export interface EventsOptions {
  /** Replay events from this time (unix seconds or Date) before streaming new ones. */
  readonly since?: number | Date;
  /** Stop at this time (the iterable ends). */
  readonly until?: number | Date;
  readonly filters?: {
    readonly type?: readonly string[];
    /** Actions, normalized (`health_status`, not `health_status: healthy`). */
    readonly event?: readonly string[];
    readonly container?: readonly string[];
    readonly network?: readonly string[];
    readonly volume?: readonly string[];
    readonly label?: LabelSelector;
  };
  /** Ends the stream; the iterable then finishes without error. */
  readonly signal?: AbortSignal;
}

/**
 * The Runtime port: every container-engine operation tscompose needs, in our own types. Callers
 * pass ids or names wherever a container, network or volume is referenced. Implementations throw
 * only `RuntimeError` (`not-found` for an unknown object, `conflict` for a name clash or an
 * object in use, `unreachable` when the engine does not answer, `other` for the rest).
 */
export interface Runtime {
  /** Succeeds when the engine answers; throws `unreachable` otherwise. */
  ping(): Promise<void>;
  /** Engine version and a short description of where it runs. */
  version(): Promise<RuntimeVersion>;
  /**
   * Which engine this is (Docker, Podman…) and whether it runs healthchecks itself; asked once
   * per connection and cached. Absent: a Docker-like engine that runs them.
   */
  identify?(): Promise<EngineIdentity>;
  /**
   * The Engine API version the engine speaks, once any of its answers carried it (Docker's
   * `Api-Version` header); synchronous, asks nothing. Undefined before that, or where there is none.
   */
  knownApiVersion?(): string | undefined;
  /**
   * Runs the container's healthcheck once, now, and records the result in the engine's health
   * state (Podman's `GET /libpod/containers/{id}/healthcheck`); resolves with the status after
   * it. Absent, or `not-found` for the call itself, where the engine has no such endpoint.
   */
  runHealthcheck?(ref: string): Promise<HealthStatus>;

  /** Containers matching the filters, newest first. */
  listContainers(options?: ListContainersOptions): Promise<ContainerSummary[]>;
  /** A container's details by id, id prefix or name. */
  inspectContainer(ref: string): Promise<ContainerDetails>;
  /** Creates a container (joining every listed network, not started); returns its id. */
  createContainer(spec: ContainerSpec): Promise<string>;
  /** Starts a created or stopped container; starting a running one is a no-op. */
  startContainer(ref: string): Promise<void>;
  /** Sends the stop signal, then SIGKILL after the timeout (default: the container's). No-op when not running. */
  stopContainer(ref: string, options?: { timeoutSeconds?: number }): Promise<void>;
  /** Sends a signal (default SIGKILL); `conflict` when the container is not running. */
  killContainer(ref: string, options?: { signal?: string }): Promise<void>;
  /** Stops (with the timeout) and starts again. */
  restartContainer(ref: string, options?: { timeoutSeconds?: number }): Promise<void>;
  /** Sets the size of a container's TTY (a `run` session following the local terminal). */
  resizeContainerTty(ref: string, size: TerminalSize): Promise<void>;
  /** Freezes every process of a running container. */
  pauseContainer(ref: string): Promise<void>;
  /** Thaws a paused container. */
  unpauseContainer(ref: string): Promise<void>;
  /** Renames a container; `conflict` when the name is taken. */
  renameContainer(ref: string, newName: string): Promise<void>;
  /** Removes a container; a running one needs `force` (else `conflict`); `volumes` also removes its anonymous volumes. */
  removeContainer(ref: string, options?: { force?: boolean; volumes?: boolean }): Promise<void>;
  /**
   * Resolves with the exit code once the container is not running (`not-running`, the default:
   * immediately for one that is not running) or after its next exit (`next-exit`).
   */
  waitContainer(ref: string, options?: { condition?: "not-running" | "next-exit"; signal?: AbortSignal }): Promise<number>;
  /**
   * Registers a wait for the container's next exit (`removed`: its removal, for one created with
   * `autoRemove`) and resolves once the engine holds it, so a container started afterwards cannot
   * exit unseen, however fast; `exit` then settles with the exit code.
   */
  awaitExit(ref: string, options?: { condition?: "next-exit" | "removed"; signal?: AbortSignal }): Promise<{ readonly exit: Promise<number> }>;
  /** The container's output as lines, stdout and stderr separated when it has no TTY. */
  logs(ref: string, options?: LogsOptions): AsyncIterable<LogLine>;
  /**
   * Attaches to a container's streams (`stream`, not its past logs). Made before the start, none
   * of its output is missed and `stdin` reaches its first read; made on a running container,
   * output from then on. Resolves once attached.
   */
  attachContainer(ref: string, options: AttachContainerOptions): Promise<Attachment>;
  /** Runs a command in a running container to completion; `conflict` when it is not running. */
  exec(ref: string, options: ExecOptions): Promise<ExecResult>;
  /** Processes of a running container (`ps` columns). */
  top(ref: string): Promise<{ titles: string[]; processes: string[][] }>;
  /**
   * One resource-usage sample of a container, with the previous reading's CPU counters filled
   * in (so it takes about a second on the engine); zeros for one that is not running.
   */
  containerStats(ref: string, options?: ContainerStatsOptions): Promise<ContainerStatsSample>;
  /** Extracts a tar archive into the directory `path`, which must exist. */
  putArchive(ref: string, path: string, tar: ByteSource): Promise<void>;
  /** A tar archive of `path` (file or directory) and its stat. */
  getArchive(ref: string, path: string): Promise<{ stat: PathStat; tar: AsyncIterable<Uint8Array> }>;
  /**
   * The container's whole filesystem as a tar archive (`docker export`): its root filesystem,
   * without the contents of mounted volumes. A failure (`not-found`) comes at the first read.
   */
  exportContainer(ref: string, options?: ExportContainerOptions): AsyncIterable<Uint8Array>;
  /**
   * Creates an image from the container's filesystem changes and config (`docker commit`), with
   * `changes` applied; resolves with the new image id (`sha256:…`). An instruction the engine
   * does not accept there (`RUN`) is `other`.
   */
  commitContainer(ref: string, options?: CommitContainerOptions): Promise<string>;

  /** Networks matching the filters (exact names). */
  listNetworks(options?: { labels?: LabelSelector; names?: readonly string[] }): Promise<NetworkDetails[]>;
  /** A network by id or exact name, with its attached containers. */
  inspectNetwork(ref: string): Promise<NetworkDetails>;
  /** Creates a network; `conflict` when the name is taken. Returns its id. */
  createNetwork(options: CreateNetworkOptions): Promise<string>;
  /**
   * True once the engine is known to refuse a second network of one name even when two creates
   * race (Docker Engine 25+, API 1.44; the memory runtime). False or absent: two racing creates
   * may both succeed (Docker 20.10 to 24), and a caller that must not duplicate checks after.
   */
  networkNamesUnique?(): boolean;
  /** Removes a network; `conflict` while containers are attached. */
  removeNetwork(ref: string): Promise<void>;
  /** Attaches a container; attaching one already on the network is an error. */
  connectNetwork(network: string, container: string, endpoint?: Omit<EndpointSpec, "network">): Promise<void>;
  /** Detaches a container. */
  disconnectNetwork(network: string, container: string, options?: { force?: boolean }): Promise<void>;

  /** Volumes matching the filters (exact names). */
  listVolumes(options?: { labels?: LabelSelector; names?: readonly string[] }): Promise<VolumeDetails[]>;
  /** A volume by name. */
  inspectVolume(name: string): Promise<VolumeDetails>;
  /** Creates a volume; creating an existing name returns the existing one, like the engine. */
  createVolume(options: CreateVolumeOptions): Promise<VolumeDetails>;
  /** Removes a volume; `conflict` while a container uses it. */
  removeVolume(name: string, options?: { force?: boolean }): Promise<void>;

  /** An image by reference or id, or undefined when it is not present locally. */
  inspectImage(ref: string): Promise<ImageDetails | undefined>;
  /** Local images, optionally filtered by label or reference (`repo` or `repo:tag`). */
  listImages(options?: { labels?: LabelSelector; reference?: string }): Promise<ImageSummary[]>;
  /** Pulls an image, reporting progress; fails with a RuntimeError when the registry refuses or cannot be reached. */
  pullImage(ref: string, options?: { platform?: string; onProgress?: (p: PullProgress) => void; signal?: AbortSignal }): Promise<void>;
  /**
   * Pushes the local image `ref` (`name:tag`; `latest` when it has no tag) to its registry:
   * `not-found` when no local image has that reference; a registry that refuses it or cannot be
   * reached fails with `other` and the engine's message (the engine reports it inside its stream).
   */
  pushImage(ref: string, options?: PushImageOptions): Promise<void>;
  /** Removes an image; `conflict` when a container uses it (unless forced). */
  removeImage(ref: string, options?: { force?: boolean }): Promise<void>;
  /**
   * Builds an image from a context archive and tags it; resolves with the new image id. A failed
   * step rejects with a RuntimeError carrying the engine's message (the output went to `onOutput`).
   */
  buildImage(options: BuildImageOptions): Promise<{ imageId: string }>;
  /** Adds the tag `repo:tag` to an existing image. */
  tagImage(ref: string, repo: string, tag: string): Promise<void>;

  /** The engine's event stream, filtered; ends when `signal` aborts or at `until`. */
  events(options?: EventsOptions): AsyncIterable<RuntimeEvent>;
}
