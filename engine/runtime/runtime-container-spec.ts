/**
 * What a container is created from, in our own words (camelCase, explicit units). The Docker
 * implementation translates it to the Engine API's create body; the memory runtime stores it.
 * Durations in a healthcheck are nanoseconds (the Engine's unit); sizes are bytes.
 */

export type { EndpointSpec, PortBindingSpec } from "../../network/types.js";
import { ComposeError } from "../../spec/errors.js";
import type { EndpointSpec, PortBindingSpec } from "../../network/types.js";
import { apiVersionAtLeast } from "./api-version.js";

/** A label selector: the value must match exactly, or `true` means "the label is present". */
export type LabelSelector = Readonly<Record<string, string | true>>;

/** A container's health probe. Omitted durations inherit the image's (engine default 30 s). */
export interface HealthcheckSpec {
  /** `["NONE"]` disables an image's check; `["CMD", ...argv]` or `["CMD-SHELL", script]`. */
  readonly test: readonly string[];
  readonly intervalNs?: number;
  readonly timeoutNs?: number;
  readonly retries?: number;
  readonly startPeriodNs?: number;
  readonly startIntervalNs?: number;
}


/**
 * A bind mount of a host path. How it reaches the engine follows Docker Compose: a plain bind
 * (no `propagation`, no `recursive`, `createHostPath` not false, not a secret or config file) goes
 * as a `HostConfig.Binds` string, so the engine creates a missing source directory; every other
 * bind goes through the Mount API, where a missing source is an error unless `createHostPath`.
 */
export interface BindMountSpec {
  readonly type: "bind";
  readonly source: string;
  readonly target: string;
  readonly readOnly?: boolean;
  /**
   * Create a missing host directory. Undefined means no bind options were given at all (Compose's
   * long syntax without `bind:`), which behaves as true; false (a `bind:` section without
   * `create_host_path: true`, a secret file) makes a missing source an error.
   */
  readonly createHostPath?: boolean;
  readonly propagation?: "private" | "rprivate" | "shared" | "rshared" | "slave" | "rslave";
  /** SELinux relabel: `z` (shared) or `Z` (private); only a `Binds` string can carry it, as with Compose. */
  readonly selinux?: "z" | "Z";
  /** Submounts: `enabled` (default), `disabled` (not recursive), `writable` or `readonly` (with `readOnly`). */
  readonly recursive?: "enabled" | "disabled" | "writable" | "readonly";
  /** A secret or config file: always a Mount-API mount (secrets with empty bind options, configs with none). */
  readonly file?: "secret" | "config";
}

/**
 * Whether the engine creates a bind's missing source directory: only for a `Binds` string, which is
 * how a plain bind (no propagation or recursive option, `createHostPath` not false, not a secret or
 * config file) is sent; through the Mount API a missing source is an error.
 */
export function createsMissingSource(m: BindMountSpec): boolean {
  return m.file === undefined && m.createHostPath !== false && !m.propagation && !m.recursive;
}

/**
 * A named or anonymous volume mount. How it reaches the engine follows Docker Compose 2.40: a
 * project volume (`declared`) whose options need no Mount API (see `sendsVolumeAsBind`) goes as a
 * `HostConfig.Binds` string (`name:/target:rw[,z][,propagation]`), anything else through the Mount
 * API with `VolumeOptions` (`NoCopy`, `Subpath`, `Labels`).
 */
export interface VolumeMountSpec {
  readonly type: "volume";
  /** Omitted or empty: an anonymous volume. */
  readonly source?: string;
  readonly target: string;
  readonly readOnly?: boolean;
  /**
   * Whether the volume is populated from the image. Set (even to false) when the mount has
   * volume options (the short syntax always has, the long syntax with a `volume:` section):
   * Compose then sends `VolumeOptions`, even empty.
   */
  readonly noCopy?: boolean;
  readonly subpath?: string;
  /** Labels for the volume the engine creates for this mount (`volume.labels`); only the Mount API carries them. */
  readonly labels?: Readonly<Record<string, string>>;
  /** A `bind:` section's SELinux relabel on a volume (the short syntax's `:z`): Compose writes it in the `Binds` string. */
  readonly selinux?: "z" | "Z";
  /**
   * A `bind:` section's propagation on a volume: Compose writes it in the `Binds` string, which
   * the engine then refuses (a volume takes no bind options); through the Mount API it is dropped.
   */
  readonly propagation?: BindMountSpec["propagation"];
  /** The source is one of the project's volumes (declared under `volumes:`, external or not). */
  readonly declared?: boolean;
}

/**
 * Whether Compose sends a volume mount as a `Binds` string: a project volume (declared, with a
 * source) without `nocopy`, `subpath` or `labels` (Compose's `volumeRequiresMountAPI`). Every
 * other volume mount (anonymous, undeclared, or with those options) goes through the Mount API.
 */
export function sendsVolumeAsBind(m: VolumeMountSpec): boolean {
  const labelled = m.labels !== undefined && Object.keys(m.labels).length > 0;
  return m.declared === true && Boolean(m.source) && !m.noCopy && !m.subpath && !labelled;
}

/**
 * A mount of an image's filesystem (`type: image`), read-only, optionally of one of its
 * directories (`subpath`). The engine takes it from API 1.48 (Docker 28); see `IMAGE_MOUNT_API`.
 */
export interface ImageMountSpec {
  readonly type: "image";
  /** The image reference. */
  readonly source: string;
  readonly target: string;
  readonly readOnly?: boolean;
  readonly subpath?: string;
}

/**
 * A mount type Compose passes to the engine as written, through the Mount API: `npipe` (a
 * Windows named pipe) and `cluster` (a Swarm cluster volume). A Linux engine refuses both
 * (`mount type unknown`), as it does Compose's.
 */
export interface PassThroughMountSpec {
  readonly type: "npipe" | "cluster";
  readonly source: string;
  readonly target: string;
  readonly readOnly?: boolean;
}

/** A tmpfs mount. */
export interface TmpfsMountSpec {
  readonly type: "tmpfs";
  readonly target: string;
  readonly sizeBytes?: number;
  /** File mode of the mount's root, e.g. 0o1777. */
  readonly mode?: number;
}

/** Any mount a container can have. */
export type MountSpec = BindMountSpec | VolumeMountSpec | TmpfsMountSpec | ImageMountSpec | PassThroughMountSpec;

/** The first Engine API version (Docker 28) that takes a mount of type `image`. */
export const IMAGE_MOUNT_API = "1.48";

/**
 * Refuses, before the engine is asked, a spec the engine of `apiVersion` cannot create: an image
 * mount before API 1.48 (`E_ENGINE_API_TOO_OLD`, naming the service, the mount and the engine's
 * API version). An unknown version (`undefined` or `""`) is let through for the engine to judge.
 */
export function checkSpecForApi(spec: ContainerSpec, apiVersion: string | undefined): void {
  if (!apiVersion || apiVersionAtLeast(apiVersion, IMAGE_MOUNT_API, true)) return;
  const image = spec.mounts?.find((m) => m.type === "image");
  if (!image) return;
  const service = spec.labels?.["com.docker.compose.service"];
  const who = service !== undefined ? `service "${service}"` : `container ${spec.name ?? spec.image}`;
  throw new ComposeError(
    "E_ENGINE_API_TOO_OLD",
    `${who} mounts image ${image.source} at ${image.target} (volumes: type: image), which needs Docker Engine API ${IMAGE_MOUNT_API} or later, and this engine's API version is ${apiVersion}`,
    { hint: "Upgrade the engine to Docker 28 or later, or copy the files into a volume instead." },
  );
}

/** Restart policy; `maximumRetryCount` only with `on-failure`. */
export interface RestartPolicySpec {
  readonly name: "no" | "always" | "on-failure" | "unless-stopped";
  readonly maximumRetryCount?: number;
}

/** Resource limits (all optional; units: nano-CPUs, bytes). */
export interface ResourcesSpec {
  readonly nanoCpus?: number;
  /** Windows-only CPU limits Compose passes through (`cpu_count`, `cpu_percent` × 100). */
  readonly cpuCount?: number;
  readonly cpuPercent?: number;
  readonly cpuShares?: number;
  readonly cpuPeriod?: number;
  readonly cpuQuota?: number;
  readonly cpusetCpus?: string;
  readonly cpusetMems?: string;
  readonly memoryBytes?: number;
  readonly memoryReservationBytes?: number;
  readonly memorySwapBytes?: number;
  readonly memorySwappiness?: number;
  readonly oomKillDisable?: boolean;
  readonly pidsLimit?: number;
  readonly blkioWeight?: number;
  readonly blkioWeightDevice?: readonly { readonly path: string; readonly weight: number }[];
  /** Per-device limits: bytes per second (`*Bps`) and operations per second (`*Iops`). */
  readonly blkioDeviceReadBps?: readonly BlkioRateSpec[];
  readonly blkioDeviceReadIops?: readonly BlkioRateSpec[];
  readonly blkioDeviceWriteBps?: readonly BlkioRateSpec[];
  readonly blkioDeviceWriteIops?: readonly BlkioRateSpec[];
  /** Real-time scheduler period and runtime, in microseconds. */
  readonly cpuRealtimePeriod?: number;
  readonly cpuRealtimeRuntime?: number;
  /** Device requests, e.g. GPUs: `{driver: "nvidia", count: -1, capabilities: [["gpu"]]}`. */
  readonly deviceRequests?: readonly {
    readonly driver?: string;
    readonly count?: number;
    readonly deviceIds?: readonly string[];
    readonly capabilities?: readonly (readonly string[])[];
    readonly options?: Readonly<Record<string, string>>;
  }[];
}

/** One device's block IO limit. */
export interface BlkioRateSpec {
  readonly path: string;
  readonly rate: number;
}

/** A host device mapped into the container. */
export interface DeviceSpec {
  readonly pathOnHost: string;
  readonly pathInContainer: string;
  readonly cgroupPermissions?: string;
}

/**
 * A file the runtime writes into the container after creating it and before it can be started:
 * Compose's secrets and configs given by `environment` or `content` (and `use_api_socket`'s
 * credentials), which it copies in with the archive API rather than mounting. Missing parent
 * directories are created (0755, root). `uid`/`gid` set (even one of them) asks the engine to
 * keep the archive's ownership (`copyUIDGID`), which on Docker means the container's `user`,
 * when it has one, owns the file, as with Compose; unset, the file is root's.
 */
export interface ContainerFileSpec {
  /** Absolute path in the container. */
  readonly path: string;
  /** The file's bytes, as UTF-8 text. */
  readonly content: string;
  /** Permission bits (Compose's default 0o444). */
  readonly mode: number;
  readonly uid?: number;
  readonly gid?: number;
}

/** Everything a container is created from. Only `image` is required. */
export interface ContainerSpec {
  readonly name?: string;
  readonly image: string;
  /** `linux/amd64` style; passed to the engine's create call. */
  readonly platform?: string;
  readonly cmd?: readonly string[];
  /** `[]` clears the image's entrypoint; omitted keeps it. */
  readonly entrypoint?: readonly string[];
  /** A null value is sent as the bare name: the variable is unset in the container. */
  readonly env?: Readonly<Record<string, string | null>>;
  readonly labels?: Readonly<Record<string, string>>;
  readonly user?: string;
  readonly workingDir?: string;
  readonly hostname?: string;
  readonly domainname?: string;
  readonly tty?: boolean;
  readonly stdinOpen?: boolean;
  /** Also attach stdin/stdout/stderr at create time (for `run` without `-d`). */
  readonly attach?: boolean;
  readonly stopSignal?: string;
  readonly stopTimeoutSeconds?: number;
  readonly healthcheck?: HealthcheckSpec;
  /**
   * Ports the container exposes: `80/tcp` for published ports, and `expose:` entries as written
   * (`5432`, `7000-7001/udp`), which is how Compose sends them.
   */
  readonly exposedPorts?: readonly string[];
  readonly portBindings?: readonly PortBindingSpec[];
  readonly publishAllPorts?: boolean;
  readonly mounts?: readonly MountSpec[];
  /** Path → tmpfs options (`size=64m,mode=1777`), Compose's `tmpfs:` key. */
  readonly tmpfs?: Readonly<Record<string, string>>;
  /** `container[:ro|rw]` entries. */
  readonly volumesFrom?: readonly string[];
  /** `bridge`, `host`, `none`, `container:<id>`, or a network name (defaults to the first endpoint's). */
  readonly networkMode?: string;
  /** Networks to join before start, the first one at create time. */
  readonly networks?: readonly EndpointSpec[];
  readonly restartPolicy?: RestartPolicySpec;
  readonly autoRemove?: boolean;
  readonly capAdd?: readonly string[];
  readonly capDrop?: readonly string[];
  readonly privileged?: boolean;
  readonly readOnlyRootfs?: boolean;
  /** `host:ip` entries. */
  readonly extraHosts?: readonly string[];
  readonly dns?: readonly string[];
  readonly dnsSearch?: readonly string[];
  readonly dnsOptions?: readonly string[];
  readonly init?: boolean;
  readonly resources?: ResourcesSpec;
  readonly ulimits?: readonly { readonly name: string; readonly soft: number; readonly hard: number }[];
  readonly sysctls?: Readonly<Record<string, string>>;
  readonly securityOpt?: readonly string[];
  /** `security_opt: systempaths=unconfined`: no masked or read-only `/proc` and `/sys` paths. */
  readonly systemPathsUnconfined?: boolean;
  readonly devices?: readonly DeviceSpec[];
  readonly logging?: { readonly driver: string; readonly options?: Readonly<Record<string, string>> };
  readonly shmSizeBytes?: number;
  readonly groupAdd?: readonly string[];
  readonly ipcMode?: string;
  readonly pidMode?: string;
  readonly usernsMode?: string;
  readonly utsMode?: string;
  readonly cgroupParent?: string;
  /** `host` or `private` (Compose's `cgroup`). */
  readonly cgroupnsMode?: string;
  /** Rules added to the allowed-devices list (`c 1:3 mr`). */
  readonly deviceCgroupRules?: readonly string[];
  /** Default driver of the container's anonymous and unknown named volumes. */
  readonly volumeDriver?: string;
  readonly runtime?: string;
  /** Container isolation technology (`default`, `process`, `hyperv`; Windows engines). */
  readonly isolation?: string;
  readonly oomScoreAdj?: number;
  readonly macAddress?: string;
  /** OCI annotations (`annotations:`), engine API 1.43 and later. */
  readonly annotations?: Readonly<Record<string, string>>;
  readonly storageOpt?: Readonly<Record<string, string>>;
  /** Files written in after create, before `createContainer` returns (in order: a later one wins). */
  readonly files?: readonly ContainerFileSpec[];
}
