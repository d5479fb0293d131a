import { createHash } from "node:crypto";
import type { ContainerSpec, HealthcheckSpec } from "../runtime/runtime-container-spec.js";
import type { ByteSource, OutputStreams } from "../runtime/runtime.js";
import { RuntimeError, notFound } from "../runtime/runtime-errors.js";
import type { ContainerStatus, HealthLogEntry, HealthStatus, LogLine, MountInfo, PublishedPort } from "../runtime/runtime-types.js";
import { EventBus } from "./event-bus.js";
import type { StdinPipe } from "./memory-attach.js";
import { MemFs } from "./mem-fs.js";

/** An image the memory runtime knows, locally or in its pretend registry. */
export interface ImageSeed {
  /** `name:tag` (`:latest` assumed when no tag). */
  readonly ref: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly cmd?: readonly string[];
  readonly entrypoint?: readonly string[];
  readonly env?: readonly string[];
  readonly workingDir?: string;
  readonly user?: string;
  readonly exposedPorts?: readonly string[];
  readonly volumes?: readonly string[];
  readonly healthcheck?: HealthcheckSpec;
  /** A built image: a digest of its inputs (Dockerfile, context, args), so a changed input gives a new id. */
  readonly buildDigest?: string;
}

/** A local image. */
export interface MemImage {
  readonly id: string;
  tags: string[];
  readonly seed: ImageSeed;
  readonly created: string;
  /** The files of a committed image; containers created from it start with a copy. */
  readonly rootfs?: MemFs;
}

/** A volume and its files. */
export interface MemVolume {
  readonly name: string;
  readonly driver: string;
  readonly labels: Record<string, string>;
  readonly options: Record<string, string>;
  readonly createdAt: string;
  readonly fs: MemFs;
  readonly anonymous: boolean;
}

/** A network, with a simple sequential IPv4 allocator. */
export interface MemNetwork {
  readonly id: string;
  readonly name: string;
  readonly driver: string;
  readonly labels: Record<string, string>;
  readonly options: Record<string, string>;
  readonly internal: boolean;
  readonly attachable: boolean;
  readonly enableIpv6: boolean;
  readonly ipam: { driver: string; config: { subnet?: string; ipRange?: string; gateway?: string }[]; options: Record<string, string> };
  readonly created: string;
  /** Built-in (`bridge`, `host`, `none`): no embedded DNS, never removable. */
  readonly builtin: boolean;
  /** First address of the subnet as an integer, and the prefix length (0 for host/none). */
  readonly base: number;
  readonly prefix: number;
  readonly used: Set<number>;
}

/** A container's membership of one network. */
export interface MemEndpoint {
  readonly networkId: string;
  endpointId: string;
  aliases: string[];
  requestedIpv4?: string;
  requestedIpv6?: string;
  ipv4?: string;
  macAddress?: string;
}

/** A mount with the files behind it. */
export interface MemMount {
  readonly info: MountInfo;
  /** Replaced by a fresh filesystem at each start for tmpfs mounts. */
  fs: MemFs;
  readonly root: string;
  readonly volume?: MemVolume;
  readonly tmpfs?: boolean;
  /** Not listed by inspect (HostConfig.Tmpfs entries, like the engine). */
  readonly hidden?: boolean;
}

/** The running process of a container (or of an exec). */
export interface MemProcess {
  /** Delivers a signal by number; the process decides (trap, ignore as PID 1, or die). */
  signal(signo: number): void;
  readonly done: Promise<number>;
}

/** A container and everything the memory runtime tracks about it. */
/** An attachment waiting for (or following) a container's run. */
export interface MemAttachment {
  readonly stdin?: ByteSource;
  readonly streams: OutputStreams;
  /** Called when the run the attachment followed has ended. */
  readonly end: () => void;
}

export interface MemContainer {
  readonly id: string;
  name: string;
  readonly created: string;
  readonly spec: ContainerSpec;
  readonly image: MemImage;
  readonly config: {
    cmd: string[];
    entrypoint: string[];
    env: string[];
    user: string;
    workingDir: string;
    hostname: string;
    healthcheck?: HealthcheckSpec;
  };
  status: ContainerStatus;
  pid: number;
  exitCode: number;
  startedAt?: string;
  finishedAt?: string;
  health: HealthStatus;
  failingStreak: number;
  healthLog: HealthLogEntry[];
  healthTimer?: NodeJS.Timeout;
  restartCount: number;
  /** The TTY size last set with `resizeContainerTty`. */
  ttySize?: { rows: number; columns: number };
  readonly endpoints: Map<string, MemEndpoint>;
  readonly mounts: MemMount[];
  readonly rootfs: MemFs;
  readonly logs: Required<LogLine>[];
  readonly logListeners: Set<() => void>;
  process?: MemProcess;
  /** Set by `attachContainer` before a start: the next run's stdin and a copy of its output. */
  attachment?: MemAttachment;
  /** Attachments made while it runs; each gets a copy of its output until the run ends. */
  liveAttachments?: Set<MemAttachment>;
  /** The open stdin of the current run (`stdinOpen` without a pre-start attachment). */
  stdinPipe?: StdinPipe;
  /** Execs running in it now (its PIDs, for stats). */
  runningExecs?: number;
  exitWaiters: ((code: number) => void)[];
  ports: PublishedPort[];
}

/** Normalizes an image reference: `busybox` → `busybox:latest`. */
export function normalizeRef(ref: string): string {
  if (ref.startsWith("sha256:") || ref.includes("@")) return ref;
  const lastSlash = ref.lastIndexOf("/");
  return ref.slice(lastSlash + 1).includes(":") ? ref : `${ref}:latest`;
}

/** All memory-runtime state, with lookups that fail like the engine's. */
export class MemoryState {
  readonly containers = new Map<string, MemContainer>();
  readonly networks = new Map<string, MemNetwork>();
  readonly volumes = new Map<string, MemVolume>();
  readonly images = new Map<string, MemImage>();
  readonly registry = new Map<string, ImageSeed>();
  readonly events = new EventBus();
  /** The pretend host filesystem bind mounts read and write. */
  readonly hostFs = new MemFs();
  /** False: healthchecks never run by themselves (Podman without systemd), only through `runHealthcheck`. */
  runsHealthchecks = true;
  private counter = 0;
  private lastMs = 0;
  nextPid = 100;
  nextPort = 32768;
  nextSubnet = 18;

  constructor(private readonly seed: string) {}

  /** The current time as ISO, strictly later than the previous call's (so restarts are distinguishable). */
  now(): string {
    this.lastMs = Math.max(Date.now(), this.lastMs + 1);
    return new Date(this.lastMs).toISOString();
  }

  /** A deterministic 64-hex id: the same sequence of calls gives the same ids. */
  newId(kind: string): string {
    this.counter += 1;
    return createHash("sha256").update(`${this.seed}:${kind}:${this.counter}`).digest("hex");
  }

  /** A container by id, unique id prefix or name. */
  container(ref: string): MemContainer {
    const name = ref.replace(/^\//, "");
    const exact = this.containers.get(ref) ?? [...this.containers.values()].find((c) => c.name === name);
    if (exact) return exact;
    const byPrefix = ref.length > 0 ? [...this.containers.values()].filter((c) => c.id.startsWith(ref)) : [];
    if (byPrefix.length === 1 && byPrefix[0]) return byPrefix[0];
    if (byPrefix.length > 1) throw new RuntimeError("other", `multiple containers found with provided prefix: ${ref}`, { status: 400 });
    throw notFound("container", ref);
  }

  /** A network by id, exact name, or unique id prefix. */
  network(ref: string): MemNetwork {
    const found =
      this.networks.get(ref) ??
      [...this.networks.values()].find((n) => n.name === ref) ??
      (ref.length >= 3 ? [...this.networks.values()].find((n) => n.id.startsWith(ref)) : undefined);
    if (!found) throw notFound("network", ref);
    return found;
  }

  /** A volume by name. */
  volume(name: string): MemVolume {
    const found = this.volumes.get(name);
    if (!found) throw notFound("volume", name);
    return found;
  }

  /** An image by tag, full id, or id prefix; undefined when missing. */
  findImage(ref: string): MemImage | undefined {
    const tag = normalizeRef(ref);
    for (const image of this.images.values()) {
      if (image.tags.includes(tag) || image.id === ref || (ref.length >= 4 && image.id.slice(7).startsWith(ref.replace(/^sha256:/, "")))) return image;
    }
    return undefined;
  }

  /** Adds (or re-tags) a local image from a seed. */
  addImage(seed: ImageSeed): MemImage {
    const tag = normalizeRef(seed.ref);
    const id = `sha256:${createHash("sha256").update(`image:${tag}:${JSON.stringify(seed)}`).digest("hex")}`;
    const existing = this.images.get(id);
    if (existing) return existing;
    for (const other of this.images.values()) other.tags = other.tags.filter((t) => t !== tag);
    const image: MemImage = { id, tags: [tag], seed, created: new Date().toISOString() };
    this.images.set(id, image);
    return image;
  }
}
