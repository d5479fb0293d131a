/**
 * The normalized, typed Compose model: what `normalizeProject` returns and what every layer above
 * `spec/` consumes. Key names are the Compose spec's (snake_case) so that `tscompose config` can print
 * a Project as is and users can diff it with `docker compose config`.
 *
 * Conventions (they mirror compose-go's normalized output):
 * - short syntaxes are expanded to their long form; lists of `K=V` are maps;
 * - host paths (bind sources, build contexts, env/secret/config files, watch paths) are absolute;
 * - durations are strings in Go's `time.Duration` form (`1m30s`, `500ms`), byte sizes are numbers of
 *   bytes (Compose prints them as decimal strings);
 * - `x-*` extensions are kept where the spec allows them, as plain values.
 * Every object is deeply readonly (and frozen at run time).
 */

/** A JSON-like value that cannot be modified: extension values and free-form options. */
export type Value = null | boolean | number | string | readonly Value[] | { readonly [key: string]: Value };

/** `x-*` keys kept as written. */
export type Extensions = { readonly [key: `x-${string}`]: Value };

/** A string map (labels, annotations, sysctls, driver options…); values are always strings. */
export type StringMap = Readonly<Record<string, string>>;

/** A container environment: a null value is a variable left unset. */
export type EnvMap = Readonly<Record<string, string | null>>;

/** The whole project. Resource maps are always present, possibly empty. */
export interface Project extends Extensions {
  readonly name: string;
  readonly services: Readonly<Record<string, ServiceConfig>>;
  readonly networks: Readonly<Record<string, NetworkConfig>>;
  readonly volumes: Readonly<Record<string, VolumeConfig>>;
  readonly secrets: Readonly<Record<string, SecretConfig>>;
  readonly configs: Readonly<Record<string, ConfigObjConfig>>;
  readonly models?: Readonly<Record<string, ModelConfig>>;
}

/** One service, with every attribute of the Compose spec (optional where the spec makes it optional). */
export interface ServiceConfig extends Extensions {
  readonly annotations?: StringMap;
  readonly attach?: boolean;
  readonly blkio_config?: BlkioConfig;
  readonly build?: BuildConfig;
  readonly cap_add?: readonly string[];
  readonly cap_drop?: readonly string[];
  readonly cgroup?: string;
  readonly cgroup_parent?: string;
  /** Exec form; `[]` clears the image's command. */
  readonly command?: readonly string[];
  readonly configs?: readonly ServiceConfigRef[];
  readonly container_name?: string;
  readonly cpu_count?: number;
  readonly cpu_percent?: number;
  readonly cpu_period?: number;
  readonly cpu_quota?: number;
  readonly cpu_rt_period?: number;
  readonly cpu_rt_runtime?: number;
  readonly cpu_shares?: number;
  readonly cpus?: number;
  readonly cpuset?: string;
  readonly credential_spec?: { readonly config?: string; readonly file?: string; readonly registry?: string };
  readonly depends_on?: Readonly<Record<string, DependsOn>>;
  readonly deploy?: DeployConfig;
  readonly develop?: DevelopConfig;
  readonly device_cgroup_rules?: readonly string[];
  readonly devices?: readonly DeviceMapping[];
  readonly dns?: readonly string[];
  readonly dns_opt?: readonly string[];
  readonly dns_search?: readonly string[];
  readonly domainname?: string;
  /** Exec form; `[]` clears the image's entrypoint. */
  readonly entrypoint?: readonly string[];
  /**
   * The final container environment: env_file values, then `environment` on top. A bare name that
   * is unset maps to null (sent to the engine as a bare name, which unsets the image's value), as in
   * Compose.
   */
  readonly environment?: EnvMap;
  readonly expose?: readonly string[];
  readonly external_links?: readonly string[];
  /** `host=ip` entries, sorted, as Compose prints them (the engine wants `host:ip`). */
  readonly extra_hosts?: readonly string[];
  readonly gpus?: readonly DeviceRequest[] | "all";
  readonly group_add?: readonly string[];
  readonly healthcheck?: Healthcheck;
  readonly hostname?: string;
  readonly image?: string;
  readonly init?: boolean;
  readonly ipc?: string;
  readonly isolation?: string;
  /** The `label_file` entries' contents merged under `labels` (which win). */
  readonly labels?: StringMap;
  /**
   * The `label_file` paths, absolute (as compose-go resolves them). Already merged into `labels`:
   * `config` does not print them, but Compose 2.40 keeps them in the model it hashes for the
   * container's config-hash label, so `serviceConfigHash` does too.
   */
  readonly label_file?: readonly string[];
  readonly links?: readonly string[];
  readonly logging?: { readonly driver?: string; readonly options?: StringMap };
  readonly mac_address?: string;
  readonly mem_limit?: number;
  readonly mem_reservation?: number;
  readonly mem_swappiness?: number;
  readonly memswap_limit?: number;
  readonly models?: Readonly<Record<string, { readonly endpoint_var?: string; readonly model_var?: string } | null>>;
  readonly network_mode?: string;
  /** Attached networks by key; `null` means attached with no options. */
  readonly networks?: Readonly<Record<string, NetworkAttachment | null>>;
  readonly oom_kill_disable?: boolean;
  readonly oom_score_adj?: number;
  readonly pid?: string;
  readonly pids_limit?: number;
  readonly platform?: string;
  readonly ports?: readonly ServicePort[];
  readonly post_start?: readonly ServiceHook[];
  readonly pre_stop?: readonly ServiceHook[];
  readonly privileged?: boolean;
  readonly profiles?: readonly string[];
  readonly provider?: { readonly type: string; readonly options?: Readonly<Record<string, readonly string[]>> };
  /** `always|never|missing|build|daily|weekly|every_<duration>`; `if_not_present` is rewritten to `missing`. */
  readonly pull_policy?: string;
  readonly read_only?: boolean;
  readonly restart?: string;
  readonly runtime?: string;
  /** As written; `deploy.replicas` is kept too (the semantic rules check that they agree). */
  readonly scale?: number;
  readonly secrets?: readonly ServiceSecret[];
  readonly security_opt?: readonly string[];
  readonly shm_size?: number;
  readonly stdin_open?: boolean;
  readonly stop_grace_period?: string;
  readonly stop_signal?: string;
  readonly storage_opt?: Readonly<Record<string, Value>>;
  readonly sysctls?: StringMap;
  readonly tmpfs?: readonly string[];
  readonly tty?: boolean;
  readonly ulimits?: Readonly<Record<string, Ulimit>>;
  readonly use_api_socket?: boolean;
  readonly user?: string;
  readonly userns_mode?: string;
  readonly uts?: string;
  readonly volume_driver?: string;
  readonly volumes?: readonly ServiceVolume[];
  readonly volumes_from?: readonly string[];
  readonly working_dir?: string;
}

/** A published or exposed port, long syntax. `published` is a port or a range (`"8000-8010"`). */
export interface ServicePort extends Extensions {
  readonly mode: "ingress" | "host" | (string & {});
  readonly host_ip?: string;
  readonly target: number;
  readonly published?: string;
  readonly protocol: "tcp" | "udp" | "sctp" | (string & {});
  readonly app_protocol?: string;
  readonly name?: string;
}

/** A mount, long syntax. Bind sources are absolute host paths; a volume without source is anonymous. */
export interface ServiceVolume extends Extensions {
  readonly type: "bind" | "volume" | "tmpfs" | "image" | "npipe" | "cluster";
  readonly source?: string;
  readonly target: string;
  readonly read_only?: boolean;
  readonly consistency?: string;
  readonly bind?: {
    readonly propagation?: string;
    readonly create_host_path?: boolean;
    readonly selinux?: "z" | "Z";
    readonly recursive?: string;
  };
  readonly volume?: { readonly nocopy?: boolean; readonly subpath?: string; readonly labels?: StringMap };
  readonly tmpfs?: { readonly size?: number; readonly mode?: number };
  readonly image?: { readonly subpath?: string };
}

/** One `depends_on` entry with Compose's defaults filled in. */
export interface DependsOn extends Extensions {
  readonly condition: "service_started" | "service_healthy" | "service_completed_successfully";
  /** When false, a failing or disabled dependency only warns. */
  readonly required: boolean;
  /** Restart this service when the dependency is restarted or recreated (`config` prints it only when true). */
  readonly restart: boolean;
}

/** A healthcheck; `test` is always a list (`["CMD-SHELL", s]` for the string form). */
export interface Healthcheck extends Extensions {
  readonly test?: readonly string[];
  readonly interval?: string;
  readonly timeout?: string;
  readonly retries?: number;
  readonly start_period?: string;
  readonly start_interval?: string;
  readonly disable?: boolean;
}

/** `build:` in long form; `context` is absolute unless it is a URL or git reference. */
export interface BuildConfig extends Extensions {
  readonly context: string;
  /** Relative to the context, as written; defaults to `Dockerfile` unless `dockerfile_inline` is set. */
  readonly dockerfile?: string;
  readonly dockerfile_inline?: string;
  /** Bare names take their value from the environment; unset ones are left out (the Dockerfile's default applies). */
  readonly args?: Readonly<Record<string, string>>;
  readonly ssh?: readonly string[];
  readonly labels?: StringMap;
  readonly cache_from?: readonly string[];
  readonly cache_to?: readonly string[];
  readonly no_cache?: boolean;
  readonly no_cache_filter?: readonly string[];
  readonly additional_contexts?: StringMap;
  readonly network?: string;
  readonly pull?: boolean;
  readonly target?: string;
  readonly shm_size?: number;
  readonly extra_hosts?: readonly string[];
  readonly isolation?: string;
  readonly privileged?: boolean;
  readonly secrets?: readonly ServiceSecret[];
  readonly tags?: readonly string[];
  readonly ulimits?: Readonly<Record<string, Ulimit>>;
  readonly platforms?: readonly string[];
  readonly entitlements?: readonly string[];
  readonly provenance?: string;
  readonly sbom?: string;
}

/** A service's attachment options on one network. */
export interface NetworkAttachment extends Extensions {
  readonly aliases?: readonly string[];
  readonly ipv4_address?: string;
  readonly ipv6_address?: string;
  readonly link_local_ips?: readonly string[];
  readonly mac_address?: string;
  readonly driver_opts?: StringMap;
  readonly interface_name?: string;
  readonly priority?: number;
  readonly gw_priority?: number;
}

/** A top-level network. `name` is the engine name: `<project>_<key>` unless set or external. */
export interface NetworkConfig extends Extensions {
  readonly name: string;
  readonly driver?: string;
  readonly driver_opts?: StringMap;
  readonly ipam?: {
    readonly driver?: string;
    readonly config?: readonly {
      readonly subnet?: string;
      readonly ip_range?: string;
      readonly gateway?: string;
      readonly aux_addresses?: StringMap;
    }[];
  };
  readonly external?: boolean;
  readonly internal?: boolean;
  readonly attachable?: boolean;
  readonly enable_ipv4?: boolean;
  readonly enable_ipv6?: boolean;
  readonly labels?: StringMap;
}

/** A top-level volume. `name` is the engine name: `<project>_<key>` unless set or external. */
export interface VolumeConfig extends Extensions {
  readonly name: string;
  readonly driver?: string;
  readonly driver_opts?: StringMap;
  readonly external?: boolean;
  readonly labels?: StringMap;
}

/** A top-level secret: from a file (absolute path), an environment variable, or external. */
export interface SecretConfig extends Extensions {
  readonly name: string;
  readonly file?: string;
  readonly environment?: string;
  readonly content?: string;
  readonly external?: boolean;
  readonly labels?: StringMap;
  readonly driver?: string;
  readonly driver_opts?: StringMap;
  readonly template_driver?: string;
}

/** A top-level config: like a secret, plus inline `content`. */
export type ConfigObjConfig = SecretConfig;

/** A top-level AI model. */
export interface ModelConfig extends Extensions {
  readonly name?: string;
  readonly model: string;
  readonly context_size?: number;
  readonly runtime_flags?: readonly string[];
}

/**
 * A service's use of a secret; the short form gets `target: /run/secrets/<source>` as in Compose
 * (build secrets do not). `mode` is the permission bits as a number (`0440` is read as octal);
 * `config` prints it as an octal string (`"0440"`).
 */
export interface ServiceSecret extends Extensions {
  readonly source: string;
  readonly target?: string;
  readonly uid?: string;
  readonly gid?: string;
  readonly mode?: number | string;
}

/** A service's use of a config; the engine's default target is `/<source>` (Compose leaves it unset). */
export type ServiceConfigRef = ServiceSecret;

/**
 * A resource limit; the short form `nofile: 1024` becomes `{soft: 1024, hard: 1024, single: true}`
 * (`single` only tells `config` to print the number back, as Compose does).
 */
export interface Ulimit {
  readonly soft: number;
  readonly hard: number;
  readonly single?: boolean;
}

/** `devices:` entry; the short form `src[:dst[:perms]]` defaults `target` to `source`, `permissions` to `rwm`. */
export interface DeviceMapping extends Extensions {
  readonly source: string;
  readonly target: string;
  readonly permissions: string;
}

/** A GPU or other device reservation (`deploy.resources.reservations.devices`, `gpus`). */
export interface DeviceRequest extends Extensions {
  readonly capabilities?: readonly string[];
  readonly driver?: string;
  readonly count?: number | "all";
  readonly device_ids?: readonly string[];
  readonly options?: StringMap;
}

/** Block IO limits; rates are numbers (bytes or operations per second). */
export interface BlkioConfig extends Extensions {
  readonly weight?: number;
  readonly weight_device?: readonly { readonly path: string; readonly weight: number }[];
  readonly device_read_bps?: readonly BlkioRate[];
  readonly device_read_iops?: readonly BlkioRate[];
  readonly device_write_bps?: readonly BlkioRate[];
  readonly device_write_iops?: readonly BlkioRate[];
}

/** One device's block IO rate. */
export interface BlkioRate {
  readonly path: string;
  readonly rate: number;
}

/** A lifecycle hook or watch `exec`: a command run inside the service's container. */
export interface ServiceHook extends Extensions {
  readonly command: readonly string[];
  readonly user?: string;
  readonly privileged?: boolean;
  readonly working_dir?: string;
  readonly environment?: StringMap;
}

/** `develop:` — the watch rules used by `watch` and `up --watch`. */
export interface DevelopConfig extends Extensions {
  readonly watch?: readonly WatchRule[];
}

/** One watch rule; `path` is absolute, one rule per path (a list of paths is expanded). */
export interface WatchRule extends Extensions {
  readonly path: string;
  readonly action: "rebuild" | "restart" | "sync" | "sync+restart" | "sync+exec";
  readonly target?: string;
  readonly ignore?: readonly string[];
  readonly include?: readonly string[];
  readonly exec?: ServiceHook;
  readonly initial_sync?: boolean;
}

/** `deploy:` — the parts a local engine can honour plus the rest, passed through. */
export interface DeployConfig extends Extensions {
  readonly mode?: string;
  readonly replicas?: number;
  readonly labels?: StringMap;
  readonly update_config?: UpdateConfig;
  readonly rollback_config?: UpdateConfig;
  readonly resources?: { readonly limits?: Resource; readonly reservations?: Resource };
  readonly restart_policy?: {
    readonly condition?: string;
    readonly delay?: string;
    readonly max_attempts?: number;
    readonly window?: string;
  };
  readonly placement?: Readonly<Record<string, Value>>;
  readonly endpoint_mode?: string;
}

/** `deploy.update_config` / `rollback_config`; durations normalized. */
export interface UpdateConfig extends Extensions {
  readonly parallelism?: number;
  readonly delay?: string;
  readonly failure_action?: string;
  readonly monitor?: string;
  readonly max_failure_ratio?: number;
  readonly order?: string;
}

/** Resource limits or reservations: `cpus` as a number, `memory` in bytes. */
export interface Resource extends Extensions {
  readonly cpus?: number;
  readonly memory?: number;
  readonly pids?: number;
  readonly devices?: readonly DeviceRequest[];
  readonly generic_resources?: readonly Value[];
}
