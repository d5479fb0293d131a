/**
 * One resource-usage sample of a container, as `containerStats` reports it: the engine's stats
 * in our own shape (camelCase, counters as numbers, absent values as 0). The arithmetic `docker
 * stats` does on them lives in `stats-format.ts`.
 */

/** CPU counters of one reading. */
export interface CpuCounters {
  /** CPU time the container used since it started (ns). */
  readonly totalUsage: number;
  /** The host's CPU time since boot (ns); 0 when the engine did not say. */
  readonly systemUsage: number;
  /** CPUs online; 0 when the engine did not say. */
  readonly onlineCpus: number;
  /** Entries of the per-CPU usage list (cgroup v1 only); older engines' stand-in for `onlineCpus`. */
  readonly percpuCount: number;
}

/** Memory counters of one reading. */
export interface MemoryCounters {
  /** Bytes in use, page cache included. */
  readonly usage: number;
  /** The limit (the host's memory when none is set); 0 for a container that is not running. */
  readonly limit: number;
  /** The cgroup's `memory.stat` entries (`total_inactive_file` on cgroup v1, `inactive_file` on v2, …). */
  readonly stats: Readonly<Record<string, number>>;
}

/** One `io_service_bytes_recursive` entry: bytes moved by one operation on one device. */
export interface BlockIoEntry {
  /** `Read`, `Write`, `Sync`, `Async`, `Total` (cgroup v1) or `read`/`write` (v2). */
  readonly op: string;
  readonly value: number;
}

/** Traffic of one network interface. */
export interface NetworkCounters {
  readonly rxBytes: number;
  readonly txBytes: number;
}

/**
 * A container's resource usage at one moment, with the CPU counters of the reading before it
 * (so a CPU percentage can be computed). A container that is not running has zeros everywhere
 * and no `read` time.
 */
export interface ContainerStatsSample {
  readonly id: string;
  /** The name without the engine's leading slash. */
  readonly name: string;
  /** When it was read (ISO); undefined for a container that is not running. */
  readonly read?: string;
  readonly cpu: CpuCounters;
  /** The previous reading's CPU counters (zeros when there was none). */
  readonly precpu: CpuCounters;
  readonly memory: MemoryCounters;
  /** By interface name (`eth0`); empty without networking. */
  readonly networks: Readonly<Record<string, NetworkCounters>>;
  readonly blockIo: readonly BlockIoEntry[];
  /** Processes and threads in the container. */
  readonly pids: number;
}

/** Options of `containerStats`. */
export interface ContainerStatsOptions {
  readonly signal?: AbortSignal;
}
