import { describe, expect, it } from "vitest";
import { statsSample } from "../docker/stats.js";
import { bytesSize, cpuPercent, humanSize3, memoryUsageNoCache, percentage, statsEntry, statsRow, shortId } from "./stats-format.js";

const ID = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9";

/** `GET /containers/{id}/stats?stream=false` of a running container on a cgroup v1 host (trimmed). */
const CGROUP_V1 = {
  read: "2024-05-01T10:00:02.000000000Z",
  preread: "2024-05-01T10:00:01.000000000Z",
  pids_stats: { current: 3 },
  blkio_stats: {
    io_service_bytes_recursive: [
      { major: 8, minor: 0, op: "Read", value: 1048576 },
      { major: 8, minor: 0, op: "Write", value: 4096 },
      { major: 8, minor: 0, op: "Sync", value: 4096 },
      { major: 8, minor: 0, op: "Async", value: 1048576 },
      { major: 8, minor: 0, op: "Total", value: 1052672 },
    ],
    io_serviced_recursive: null,
  },
  num_procs: 0,
  cpu_stats: {
    cpu_usage: { total_usage: 400_000_000, percpu_usage: [250_000_000, 150_000_000], usage_in_kernelmode: 10_000_000, usage_in_usermode: 300_000_000 },
    system_cpu_usage: 100_000_000_000,
    online_cpus: 2,
    throttling_data: { periods: 0, throttled_periods: 0, throttled_time: 0 },
  },
  precpu_stats: {
    cpu_usage: { total_usage: 300_000_000, percpu_usage: [200_000_000, 100_000_000], usage_in_kernelmode: 10_000_000, usage_in_usermode: 250_000_000 },
    system_cpu_usage: 98_000_000_000,
    online_cpus: 2,
    throttling_data: { periods: 0, throttled_periods: 0, throttled_time: 0 },
  },
  memory_stats: { usage: 10485760, max_usage: 12582912, stats: { cache: 3145728, total_inactive_file: 2097152, inactive_file: 1048576, rss: 5242880 }, limit: 8589934592 },
  name: "/shop-web-1",
  id: ID,
  networks: {
    eth0: { rx_bytes: 1296, rx_packets: 16, rx_errors: 0, rx_dropped: 0, tx_bytes: 648, tx_packets: 8, tx_errors: 0, tx_dropped: 0 },
    eth1: { rx_bytes: 704, rx_packets: 6, rx_errors: 0, rx_dropped: 0, tx_bytes: 0, tx_packets: 0, tx_errors: 0, tx_dropped: 0 },
  },
};

/** The same on a cgroup v2 host: no per-CPU list, `inactive_file`, lower-case block ops. */
const CGROUP_V2 = {
  read: "2024-05-01T10:00:02Z",
  pids_stats: { current: 12, limit: 4915 },
  blkio_stats: { io_service_bytes_recursive: [{ major: 254, minor: 0, op: "read", value: 999700 }, { major: 254, minor: 0, op: "write", value: 0 }] },
  cpu_stats: { cpu_usage: { total_usage: 2_150_000_000 }, system_cpu_usage: 5_001_000_000_000, online_cpus: 4 },
  precpu_stats: { cpu_usage: { total_usage: 2_000_000_000 }, system_cpu_usage: 5_000_000_000_000, online_cpus: 4 },
  memory_stats: { usage: 52428800, stats: { inactive_file: 1048576, active_file: 4096 }, limit: 2147483648 },
  name: "/shop-db-1",
  id: ID,
  networks: { eth0: { rx_bytes: 999_700, tx_bytes: 1_500_000 } },
};

/** A stopped container: the engine sends only its name and id, the rest zero values. */
const STOPPED = {
  read: "0001-01-01T00:00:00Z",
  preread: "0001-01-01T00:00:00Z",
  pids_stats: {},
  blkio_stats: { io_service_bytes_recursive: null },
  num_procs: 0,
  storage_stats: {},
  cpu_stats: { cpu_usage: { total_usage: 0, usage_in_kernelmode: 0, usage_in_usermode: 0 }, throttling_data: { periods: 0, throttled_periods: 0, throttled_time: 0 } },
  precpu_stats: { cpu_usage: { total_usage: 0, usage_in_kernelmode: 0, usage_in_usermode: 0 }, throttling_data: { periods: 0, throttled_periods: 0, throttled_time: 0 } },
  memory_stats: {},
  name: "/shop-job-1",
  id: ID,
};

describe("docker stats arithmetic", () => {
  it("turns a cgroup v1 sample into docker stats' figures", () => {
    const entry = statsEntry(statsSample(CGROUP_V1));
    // (1e8 / 2e9) × 2 CPUs × 100
    expect(entry.cpuPercentage).toBeCloseTo(10, 10);
    // usage minus total_inactive_file (not `cache`, not `inactive_file`)
    expect(entry.memory).toBe(10485760 - 2097152);
    expect(entry.memoryPercentage).toBeCloseTo((8388608 / 8589934592) * 100, 12);
    // Read/Write only: Sync, Async and Total are other views of the same bytes.
    expect([entry.blockRead, entry.blockWrite]).toEqual([1048576, 4096]);
    expect([entry.networkRx, entry.networkTx]).toEqual([2000, 648]);
    expect(entry.pids).toBe(3);
    expect(statsRow(entry)).toEqual({
      BlockIO: "1.05MB / 4.1kB",
      CPUPerc: "10.00%",
      Container: "a1b2c3d4e5f6",
      ID: "a1b2c3d4e5f6",
      MemPerc: "0.10%",
      MemUsage: "8MiB / 8GiB",
      Name: "shop-web-1",
      NetIO: "2kB / 648B",
      PIDs: "3",
    });
    expect(statsRow(entry, { trunc: false }).ID).toBe(ID);
  });

  it("turns a cgroup v2 sample into docker stats' figures, quirks of Go's %g included", () => {
    const row = statsRow(statsEntry(statsSample(CGROUP_V2)));
    // (1.5e8 / 1e9) × 4 × 100; 50 MiB − 1 MiB of 2 GiB; 999.7 kB prints as Go prints it.
    expect(row).toMatchObject({ CPUPerc: "60.00%", MemUsage: "49MiB / 2GiB", MemPerc: "2.39%", NetIO: "1e+03kB / 1.5MB", BlockIO: "1e+03kB / 0B", PIDs: "12" });
  });

  it("shows a stopped container as zeros", () => {
    const sample = statsSample(STOPPED);
    expect(sample.read).toBeUndefined();
    expect(sample.name).toBe("shop-job-1");
    expect(statsRow(statsEntry(sample))).toMatchObject({ CPUPerc: "0.00%", MemUsage: "0B / 0B", MemPerc: "0.00%", NetIO: "0B / 0B", BlockIO: "0B / 0B", PIDs: "0" });
  });

  it("computes CPU % only over positive deltas, falling back to the per-CPU list's length", () => {
    const cpu = (total: number, system: number, online = 0, percpu = 0) => ({ totalUsage: total, systemUsage: system, onlineCpus: online, percpuCount: percpu });
    expect(cpuPercent({ precpu: cpu(0, 0), cpu: cpu(50_000_000, 1_000_000_000, 0, 4) })).toBeCloseTo(20, 10);
    expect(cpuPercent({ precpu: cpu(5, 10), cpu: cpu(5, 20, 2) })).toBe(0);
    expect(cpuPercent({ precpu: cpu(5, 10), cpu: cpu(9, 10, 2) })).toBe(0);
    // One-shot: no previous reading, so the share is the average since the host booted.
    expect(cpuPercent({ precpu: cpu(0, 0), cpu: cpu(2_000_000_000, 4_000_000_000_000, 2) })).toBeCloseTo(0.1, 10);
  });

  it("subtracts the inactive page cache only when it is smaller than the usage", () => {
    expect(memoryUsageNoCache({ usage: 100, limit: 0, stats: { total_inactive_file: 30, inactive_file: 10 } })).toBe(70);
    expect(memoryUsageNoCache({ usage: 100, limit: 0, stats: { total_inactive_file: 100, inactive_file: 10 } })).toBe(90);
    expect(memoryUsageNoCache({ usage: 100, limit: 0, stats: { inactive_file: 200 } })).toBe(100);
    expect(memoryUsageNoCache({ usage: 100, limit: 0, stats: {} })).toBe(100);
  });

  it("prints sizes in go-units' forms", () => {
    expect([0, 1023, 1024, 1088, 5767168, 8589934592].map(bytesSize)).toEqual(["0B", "1023B", "1KiB", "1.062KiB", "5.5MiB", "8GiB"]);
    expect([0, 999, 1000, 1234, 999_700, 1_048_576, 2.5e9].map(humanSize3)).toEqual(["0B", "999B", "1kB", "1.23kB", "1e+03kB", "1.05MB", "2.5GB"]);
    expect([0, 0.125, 12.345678, 250].map(percentage)).toEqual(["0.00%", "0.12%", "12.35%", "250.00%"]);
    expect(shortId(`sha256:${ID}`)).toBe("a1b2c3d4e5f6");
  });
});
