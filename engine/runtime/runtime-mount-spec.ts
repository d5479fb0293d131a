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
