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
