/**
 * What a container is created from, in our own words (camelCase, explicit units). The Docker
 * implementation translates it to the Engine API's create body; the memory runtime stores it.
 * Durations in a healthcheck are nanoseconds (the Engine's unit); sizes are bytes.
 */

export type { EndpointSpec, PortBindingSpec } from "../../network/types.js";
import { ComposeError } from "../../spec/errors.js";
import type { EndpointSpec, PortBindingSpec } from "../../network/types.js";
import { apiVersionAtLeast } from "./api-version.js";
import { IMAGE_MOUNT_API, type MountSpec } from "./runtime-mount-spec.js";
import type { DeviceSpec, ResourcesSpec } from "./runtime-resources-spec.js";
// runtime.ts re-exports every type of this file as the Runtime's vocabulary: the mount and
// resource types moved out stay part of it.
export type * from "./runtime-mount-spec.js";
export type * from "./runtime-resources-spec.js";

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
