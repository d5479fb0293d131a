/**
 * What the Runtime reports about existing objects: containers, networks, volumes, images, events,
 * log lines. Our own shapes (camelCase, times as ISO strings, absent values as `undefined`), so
 * nothing above the runtime layer depends on a client library or on the Engine API's JSON.
 */

export type { IpamPool } from "../../network/types.js";
import type { IpamPool } from "../../network/types.js";
import type { HealthcheckSpec } from "./runtime-container-spec.js";

/** A container's lifecycle state, as the engine names it. */
export type ContainerStatus = "created" | "running" | "paused" | "restarting" | "removing" | "exited" | "dead";

/** A health status; `none` when the container has no healthcheck. */
export type HealthStatus = "none" | "starting" | "healthy" | "unhealthy";

/** One port as the engine publishes it. `hostPort` is undefined when the port is only exposed. */
export interface PublishedPort {
  readonly containerPort: number;
  readonly protocol: string;
  readonly hostIp?: string;
  readonly hostPort?: number;
}

/** A row of the container list (cheap; no inspect needed). */
export interface ContainerSummary {
  readonly id: string;
  /** The name without the engine's leading slash. */
  readonly name: string;
  /** The image reference the container was created from. */
  readonly image: string;
  readonly imageId: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly status: ContainerStatus;
  /** The engine's human text, e.g. `Up 3 seconds (healthy)`. */
  readonly statusText: string;
  /** Creation time, unix seconds. */
  readonly created: number;
  readonly ports: readonly PublishedPort[];
  /** Names of the networks the container is attached to. */
  readonly networks: readonly string[];
  /** Its mounts (the engine's list carries them; anonymous volumes are `volume` mounts with a hex name). */
  readonly mounts: readonly MountInfo[];
}

/** One health probe result. */
export interface HealthLogEntry {
  readonly start: string;
  readonly end: string;
  readonly exitCode: number;
  readonly output: string;
}

/** A container's runtime state. Times are ISO strings, undefined when never started/finished. */
export interface ContainerState {
  readonly status: ContainerStatus;
  readonly running: boolean;
  readonly paused: boolean;
  readonly restarting: boolean;
  readonly oomKilled: boolean;
  readonly dead: boolean;
  readonly pid: number;
  readonly exitCode: number;
  /** The engine's error text when the container failed to start. */
  readonly error?: string;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  readonly health: HealthStatus;
  readonly failingStreak: number;
  /** The most recent probe, when any ran. */
  readonly lastHealthLog?: HealthLogEntry;
}

/** A mount as the engine reports it. */
export interface MountInfo {
  readonly type: "bind" | "volume" | "tmpfs" | "npipe" | "image" | "cluster";
  /** Volume name (volumes only). */
  readonly name?: string;
  /** Host path (binds) or the volume's mountpoint. */
  readonly source: string;
  readonly destination: string;
  readonly readOnly: boolean;
  readonly driver?: string;
}

/** How a container is attached to one network. */
export interface EndpointInfo {
  readonly networkId: string;
  readonly endpointId: string;
  readonly aliases: readonly string[];
  readonly ipv4Address?: string;
  readonly ipv6Address?: string;
  readonly macAddress?: string;
  readonly gateway?: string;
  /** The addresses that were asked for (IPAM config), if any. */
  readonly requestedIpv4?: string;
  readonly requestedIpv6?: string;
}

/** A container's full description (`inspect`). */
export interface ContainerDetails {
  readonly id: string;
  readonly name: string;
  /** Creation time, ISO. */
  readonly created: string;
  /** The image reference from the create call. */
  readonly image: string;
  /** The resolved image id (`sha256:…`). */
  readonly imageId: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly state: ContainerState;
  readonly restartCount: number;
  readonly config: {
    readonly cmd: readonly string[];
    readonly entrypoint: readonly string[];
    /** `K=V` entries, image and container env merged, as the engine reports them. */
    readonly env: readonly string[];
    readonly user: string;
    readonly workingDir: string;
    readonly hostname: string;
    readonly tty: boolean;
    readonly openStdin: boolean;
    readonly stopSignal?: string;
    readonly stopTimeoutSeconds?: number;
    readonly hasHealthcheck: boolean;
    /** The effective healthcheck (image's and container's merged) and its schedule, when the engine says. */
    readonly healthcheck?: HealthcheckSpec;
    readonly exposedPorts: readonly string[];
  };
  readonly networkMode: string;
  readonly restartPolicy: string;
  readonly autoRemove: boolean;
  readonly mounts: readonly MountInfo[];
  /** Network name → endpoint. */
  readonly networks: Readonly<Record<string, EndpointInfo>>;
  readonly ports: readonly PublishedPort[];
}


/** A network's full description. */
export interface NetworkDetails {
  readonly id: string;
  readonly name: string;
  readonly driver: string;
  readonly scope: string;
  readonly internal: boolean;
  readonly attachable: boolean;
  readonly enableIpv6: boolean;
  readonly labels: Readonly<Record<string, string>>;
  readonly options: Readonly<Record<string, string>>;
  readonly ipam: {
    readonly driver: string;
    readonly config: readonly IpamPool[];
    readonly options: Readonly<Record<string, string>>;
  };
  /** Container id → endpoint; only filled by inspect (the engine's list leaves it empty). */
  readonly containers: Readonly<Record<string, { readonly name: string; readonly ipv4Address?: string; readonly ipv6Address?: string }>>;
  readonly created: string;
}

/** A volume's description. */
export interface VolumeDetails {
  readonly name: string;
  readonly driver: string;
  readonly mountpoint: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly options: Readonly<Record<string, string>>;
  readonly scope: string;
  readonly createdAt?: string;
}

/** An image's description (`inspect`). */
export interface ImageDetails {
  /** `sha256:…` */
  readonly id: string;
  readonly repoTags: readonly string[];
  readonly repoDigests: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
  readonly created: string;
  readonly size: number;
  readonly config: {
    readonly cmd: readonly string[];
    readonly entrypoint: readonly string[];
    readonly env: readonly string[];
    readonly workingDir: string;
    readonly user: string;
    readonly exposedPorts: readonly string[];
    readonly volumes: readonly string[];
    readonly hasHealthcheck: boolean;
  };
}

/** A row of the image list. */
export interface ImageSummary {
  readonly id: string;
  readonly repoTags: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
  /** Unix seconds. */
  readonly created: number;
  readonly size: number;
}

/** Pull progress, one engine status message. */
export interface PullProgress {
  readonly id?: string;
  readonly status: string;
  readonly current?: number;
  readonly total?: number;
}

/** An engine event. `health_status: healthy` is normalized to action `health_status` + `status`. */
export interface RuntimeEvent {
  readonly type: string;
  readonly action: string;
  /** Container id, network id, volume name or image reference. */
  readonly id: string;
  /** The engine's attributes: for containers every label plus `name`, `image`, `exitCode`, `signal`. */
  readonly attributes: Readonly<Record<string, string>>;
  /** Health status of a `health_status` event. */
  readonly status?: HealthStatus;
  /** Engine time, nanoseconds since the epoch (a JS number: sub-microsecond digits may be lost). */
  readonly timeNano: number;
}

/** One line of a container's output; `text` has no trailing newline. */
export interface LogLine {
  readonly stream: "stdout" | "stderr";
  readonly text: string;
  /** The engine's timestamp (ISO, nanosecond precision) when asked for. */
  readonly time?: string;
}

/** The result of an exec that ran to completion. */
export interface ExecResult {
  readonly exitCode: number;
  /** Captured output (empty when streams were attached instead). */
  readonly stdout: string;
  readonly stderr: string;
}

/** What the engine says about a path inside a container (archive header). */
export interface PathStat {
  readonly name: string;
  readonly size: number;
  /** Go `os.FileMode` bits: permission bits plus type bits (dir = 0x80000000). */
  readonly mode: number;
  readonly mtime: string;
  readonly linkTarget: string;
}

/**
 * Which engine answers, as far as tscompose's behaviour depends on it. `healthchecks` says who
 * runs containers' healthchecks: `engine` (Docker; Podman with systemd), `none` (Podman without
 * systemd never runs them), `unknown` (find out from the container's health log).
 */
export interface EngineIdentity {
  readonly kind: "docker" | "podman" | "memory" | "other";
  readonly healthchecks: "engine" | "none" | "unknown";
}
