import { formatFixed, formatG } from "./go-format.js";
import type { BlockIoEntry, ContainerStatsSample, MemoryCounters, NetworkCounters } from "../runtime/runtime-stats-types.js";

/**
 * What `docker stats` computes from one stats sample (its `StatsEntry`), with the docker CLI's
 * formulas (cli/command/container/stats_helpers.go): the CPU share of the host over the interval
 * between the two readings, memory without the inactive page cache, totals over every interface
 * and block device.
 */
export interface StatsEntry {
  readonly id: string;
  readonly name: string;
  readonly cpuPercentage: number;
  readonly memory: number;
  readonly memoryLimit: number;
  readonly memoryPercentage: number;
  readonly networkRx: number;
  readonly networkTx: number;
  readonly blockRead: number;
  readonly blockWrite: number;
  readonly pids: number;
}

/**
 * CPU %: the container's CPU time over the host's between the previous reading and this one,
 * times the CPUs online (the per-CPU list's length when the engine does not say), times 100;
 * 0 unless both deltas are positive.
 */
export function cpuPercent(sample: Pick<ContainerStatsSample, "cpu" | "precpu">): number {
  const cpuDelta = sample.cpu.totalUsage - sample.precpu.totalUsage;
  const systemDelta = sample.cpu.systemUsage - sample.precpu.systemUsage;
  const online = sample.cpu.onlineCpus !== 0 ? sample.cpu.onlineCpus : sample.cpu.percpuCount;
  return systemDelta > 0 && cpuDelta > 0 ? (cpuDelta / systemDelta) * online * 100 : 0;
}

/**
 * Memory in use without the cache the kernel can reclaim at once: usage minus
 * `total_inactive_file` (cgroup v1, when present and smaller), else minus `inactive_file`
 * (cgroup v2, when smaller), else the usage itself.
 */
export function memoryUsageNoCache(memory: MemoryCounters): number {
  const v1 = memory.stats["total_inactive_file"];
  if (v1 !== undefined && v1 < memory.usage) return memory.usage - v1;
  const v2 = memory.stats["inactive_file"] ?? 0;
  if (v2 < memory.usage) return memory.usage - v2;
  return memory.usage;
}

/** Bytes read and written: the `io_service_bytes_recursive` entries whose op starts with r/R and w/W. */
export function blockIo(entries: readonly BlockIoEntry[]): { read: number; write: number } {
  let read = 0;
  let write = 0;
  for (const e of entries) {
    const op = e.op[0];
    if (op === "r" || op === "R") read += e.value;
    else if (op === "w" || op === "W") write += e.value;
  }
  return { read, write };
}

/** Bytes received and sent over every interface. */
export function networkIo(networks: Readonly<Record<string, NetworkCounters>>): { rx: number; tx: number } {
  let rx = 0;
  let tx = 0;
  for (const n of Object.values(networks)) {
    rx += n.rxBytes;
    tx += n.txBytes;
  }
  return { rx, tx };
}

/** The `StatsEntry` of one sample: every figure `docker stats` shows, as numbers. */
export function statsEntry(sample: ContainerStatsSample): StatsEntry {
  const memory = memoryUsageNoCache(sample.memory);
  const limit = sample.memory.limit;
  const block = blockIo(sample.blockIo);
  const net = networkIo(sample.networks);
  return {
    id: sample.id,
    name: sample.name,
    cpuPercentage: cpuPercent(sample),
    memory,
    memoryLimit: limit,
    memoryPercentage: limit !== 0 ? (memory / limit) * 100 : 0,
    networkRx: net.rx,
    networkTx: net.tx,
    blockRead: block.read,
    blockWrite: block.write,
    pids: sample.pids,
  };
}

const DECIMAL = ["B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"];
const BINARY = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"];

function scaled(size: number, base: number, units: readonly string[]): { size: number; unit: string } {
  let i = 0;
  let s = size;
  while (s >= base && i < units.length - 1) {
    s /= base;
    i++;
  }
  return { size: s, unit: units[i] ?? "B" };
}

/** go-units `BytesSize`: binary units, 4 significant digits (`5.5MiB`, `7.638GiB`, `0B`). */
export function bytesSize(size: number): string {
  const { size: s, unit } = scaled(size, 1024, BINARY);
  return `${formatG(s, 4)}${unit}`;
}

/** go-units `HumanSizeWithPrecision(size, 3)`: decimal units (`1.2kB`, `648B`, `1e+03kB`). */
export function humanSize3(size: number): string {
  const { size: s, unit } = scaled(size, 1000, DECIMAL);
  return `${formatG(s, 3)}${unit}`;
}

/** `12.34%`: two decimals, as the docker CLI prints percentages. */
export function percentage(value: number): string {
  return `${formatFixed(value, 2)}%`;
}

/**
 * One container's line of `docker stats`, under the docker CLI's field names (the keys of its
 * `--format json`, in that order). `Container` is the short id, as `docker stats` without
 * arguments names each container.
 */
export interface StatsRow {
  readonly BlockIO: string;
  readonly CPUPerc: string;
  readonly Container: string;
  readonly ID: string;
  readonly MemPerc: string;
  readonly MemUsage: string;
  readonly Name: string;
  readonly NetIO: string;
  readonly PIDs: string;
}

/** Docker's `stringid.TruncateID`: without an algorithm prefix, the first 12 characters. */
export function shortId(id: string): string {
  const colon = id.indexOf(":");
  return (colon >= 0 ? id.slice(colon + 1) : id).slice(0, 12);
}

/** Formats an entry as the docker CLI does (`trunc`: 12-character ids, its default). */
export function statsRow(entry: StatsEntry, options: { trunc?: boolean } = {}): StatsRow {
  const trunc = options.trunc !== false;
  return {
    BlockIO: `${humanSize3(entry.blockRead)} / ${humanSize3(entry.blockWrite)}`,
    CPUPerc: percentage(entry.cpuPercentage),
    Container: shortId(entry.id),
    ID: trunc ? shortId(entry.id) : entry.id,
    MemPerc: percentage(entry.memoryPercentage),
    MemUsage: `${bytesSize(entry.memory)} / ${bytesSize(entry.memoryLimit)}`,
    Name: entry.name !== "" ? entry.name : "--",
    NetIO: `${humanSize3(entry.networkRx)} / ${humanSize3(entry.networkTx)}`,
    PIDs: String(entry.pids),
  };
}

/** The column titles of `docker stats`'s default table. */
export const STATS_HEADERS: readonly string[] = ["CONTAINER ID", "NAME", "CPU %", "MEM USAGE / LIMIT", "MEM %", "NET I/O", "BLOCK I/O", "PIDS"];

/** A row's cells in the order of `STATS_HEADERS`. */
export function statsCells(row: StatsRow): string[] {
  return [row.ID, row.Name, row.CPUPerc, row.MemUsage, row.MemPerc, row.NetIO, row.BlockIO, row.PIDs];
}
