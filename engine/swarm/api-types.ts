/**
 * The Docker Engine API's Swarm objects, as far as tscompose reads or writes them (field names and
 * shapes are the API's: PascalCase, durations in nanoseconds, file modes as decimal numbers). Every
 * field the engine may omit is optional; unknown fields the engine sends are ignored.
 */

/** Labels on any object. */
export type Labels = Record<string, string>;

/** An object's version, sent back on update to refuse conflicting writes. */
export interface ObjectVersion {
  Index: number;
}

/** A named driver with options (log driver, volume driver, secret driver). */
export interface Driver {
  Name: string;
  Options?: Record<string, string>;
}

/** A container healthcheck; durations in nanoseconds, `["NONE"]` disables the image's. */
export interface HealthConfig {
  Test?: string[];
  Interval?: number;
  Timeout?: number;
  Retries?: number;
  StartPeriod?: number;
  StartInterval?: number;
}

/** One mount of a task's container. */
export interface Mount {
  Type: "bind" | "volume" | "tmpfs" | "npipe" | "cluster" | "image";
  Source?: string;
  Target: string;
  ReadOnly?: boolean;
  Consistency?: string;
  BindOptions?: { Propagation?: string; NonRecursive?: boolean; CreateMountpoint?: boolean; ReadOnlyNonRecursive?: boolean; ReadOnlyForceRecursive?: boolean };
  VolumeOptions?: { NoCopy?: boolean; Labels?: Labels; DriverConfig?: Driver; Subpath?: string };
  TmpfsOptions?: { SizeBytes?: number; Mode?: number };
}

/** Where and how a secret or config appears in the container (Mode: permission bits, e.g. 292 = 0o444). */
export interface FileTarget {
  Name: string;
  UID: string;
  GID: string;
  Mode: number;
}

/** A service's use of a secret; the engine resolves `SecretName` to `SecretID` on create. */
export interface SecretReference {
  File: FileTarget;
  SecretID?: string;
  SecretName: string;
}

/** A service's use of a config. */
export interface ConfigReference {
  File?: FileTarget;
  ConfigID?: string;
  ConfigName: string;
}

/** A resource limit of the container (`ulimit`). */
export interface Ulimit {
  Name: string;
  Soft: number;
  Hard: number;
}

/** What runs in each task. */
export interface ContainerSpec {
  Image: string;
  Labels?: Labels;
  Command?: string[];
  Args?: string[];
  Hostname?: string;
  Env?: string[];
  Dir?: string;
  User?: string;
  Groups?: string[];
  TTY?: boolean;
  OpenStdin?: boolean;
  ReadOnly?: boolean;
  Mounts?: Mount[];
  StopSignal?: string;
  /** Nanoseconds. */
  StopGracePeriod?: number;
  Healthcheck?: HealthConfig;
  /** `IP hostname [alias…]` entries, as in /etc/hosts. */
  Hosts?: string[];
  DNSConfig?: { Nameservers?: string[]; Search?: string[]; Options?: string[] };
  Secrets?: SecretReference[];
  Configs?: ConfigReference[];
  Isolation?: string;
  Init?: boolean;
  Sysctls?: Record<string, string>;
  CapabilityAdd?: string[];
  CapabilityDrop?: string[];
  Ulimits?: Ulimit[];
  OomScoreAdj?: number;
}

/** CPU (in billionths of a CPU), memory (bytes) and pids limits or reservations. */
export interface Resources {
  NanoCPUs?: number;
  MemoryBytes?: number;
  Pids?: number;
}

/** A placement preference: spread tasks over the values of a node label. */
export interface PlacementPreference {
  Spread: { SpreadDescriptor: string };
}

/** Where tasks may run. */
export interface Placement {
  Constraints?: string[];
  Preferences?: PlacementPreference[];
  MaxReplicas?: number;
  Platforms?: { Architecture?: string; OS?: string }[];
}

/** When the orchestrator restarts a task; durations in nanoseconds. */
export interface RestartPolicy {
  Condition?: "none" | "on-failure" | "any";
  Delay?: number;
  MaxAttempts?: number;
  Window?: number;
}

/** A service's attachment to a network. */
export interface NetworkAttachmentConfig {
  Target: string;
  Aliases?: string[];
  DriverOpts?: Record<string, string>;
}

/** The template every task of a service is made from. */
export interface TaskSpec {
  ContainerSpec: ContainerSpec;
  Resources?: { Limits?: Resources; Reservations?: Omit<Resources, "Pids"> };
  RestartPolicy?: RestartPolicy;
  Placement?: Placement;
  Networks?: NetworkAttachmentConfig[];
  LogDriver?: Driver;
  /** A counter: changing it alone makes the service roll its tasks. */
  ForceUpdate?: number;
}

/** How many tasks run: a fixed number, one per node, or a job. */
export interface ServiceMode {
  Replicated?: { Replicas?: number };
  Global?: Record<string, never>;
  ReplicatedJob?: { MaxConcurrent?: number; TotalCompletions?: number };
  GlobalJob?: Record<string, never>;
}

/** How a change (or a rollback) rolls out; durations in nanoseconds. */
export interface UpdateConfig {
  Parallelism?: number;
  Delay?: number;
  FailureAction?: "continue" | "pause" | "rollback";
  Monitor?: number;
  MaxFailureRatio?: number;
  Order?: "stop-first" | "start-first";
}

/** A published port of a service. */
export interface PortConfig {
  Name?: string;
  Protocol: "tcp" | "udp" | "sctp";
  TargetPort: number;
  PublishedPort?: number;
  PublishMode: "ingress" | "host";
}

/** How a service is reached: a virtual IP or DNS round robin, and its published ports. */
export interface EndpointSpec {
  Mode: "vip" | "dnsrr";
  Ports?: PortConfig[];
}

/** The body of `POST /services/create` and `/services/{id}/update`. */
export interface ServiceSpec {
  Name: string;
  Labels: Labels;
  TaskTemplate: TaskSpec;
  Mode: ServiceMode;
  UpdateConfig?: UpdateConfig;
  RollbackConfig?: UpdateConfig;
  EndpointSpec?: EndpointSpec;
}

/** A service as the engine reports it. */
export interface Service {
  ID: string;
  Version: ObjectVersion;
  CreatedAt?: string;
  UpdatedAt?: string;
  Spec: ServiceSpec;
  PreviousSpec?: ServiceSpec;
  Endpoint?: { Spec?: EndpointSpec; Ports?: PortConfig[]; VirtualIPs?: { NetworkID: string; Addr: string }[] };
  UpdateStatus?: { State?: "updating" | "paused" | "completed" | "rollback_started" | "rollback_paused" | "rollback_completed"; Message?: string; StartedAt?: string; CompletedAt?: string };
  /** Only with `status=true` on the list. */
  ServiceStatus?: { RunningTasks?: number; DesiredTasks?: number; CompletedTasks?: number };
  /** Job services: the current run of the job (`Index` omitted for the first). */
  JobStatus?: { JobIteration?: { Index?: number }; LastExecution?: string };
}

/** A task's lifecycle state, from `new` through `running` to a terminal one. */
export type TaskState =
  | "new"
  | "allocated"
  | "pending"
  | "assigned"
  | "accepted"
  | "preparing"
  | "ready"
  | "starting"
  | "running"
  | "complete"
  | "shutdown"
  | "failed"
  | "rejected"
  | "remove"
  | "orphaned";

/** One task: a slot of a service (replicated) or a node's instance of it (global). */
export interface Task {
  ID: string;
  Version?: ObjectVersion;
  ServiceID: string;
  NodeID?: string;
  Slot?: number;
  Labels?: Labels;
  Spec: TaskSpec;
  DesiredState: TaskState;
  /** Job tasks: the run of the job they belong to (`Index` omitted for the first). */
  JobIteration?: { Index?: number };
  CreatedAt?: string;
  UpdatedAt?: string;
  Status: {
    Timestamp?: string;
    State: TaskState;
    Message?: string;
    Err?: string;
    ContainerStatus?: { ContainerID?: string; PID?: number; ExitCode?: number };
  };
  NetworksAttachments?: { Network?: { ID?: string; Spec?: { Name?: string } }; Addresses?: string[] }[];
}

export type { Config, ConfigSpec, Network, NetworkCreate, Node, Secret, SecretSpec, SwarmInfo } from "./api-cluster-types.js";
