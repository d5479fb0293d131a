import type { BlockIoEntry, ContainerStatsOptions, ContainerStatsSample, CpuCounters, NetworkCounters } from "../runtime/runtime-stats-types.js";
import type { EngineClient } from "./client.js";
import { seg } from "./containers.js";

type Raw = Record<string, unknown>;

const obj = (v: unknown): Raw => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Raw) : {});
const num = (v: unknown): number => (typeof v === "number" && Number.isFinite(v) ? v : 0);

function cpuCounters(raw: unknown): CpuCounters {
  const cpu = obj(raw);
  const usage = obj(cpu["cpu_usage"]);
  const percpu = usage["percpu_usage"];
  return {
    totalUsage: num(usage["total_usage"]),
    systemUsage: num(cpu["system_cpu_usage"]),
    onlineCpus: num(cpu["online_cpus"]),
    percpuCount: Array.isArray(percpu) ? percpu.length : 0,
  };
}

/**
 * The engine's stats JSON (`GET /containers/{id}/stats`) in our shape. Missing or null fields
 * (a container that is not running gets only its name and id, cgroup v2 leaves some out) are 0;
 * the zero time `0001-01-01T00:00:00Z` means no reading.
 */
export function statsSample(raw: Raw): ContainerStatsSample {
  const memory = obj(raw["memory_stats"]);
  const stats: Record<string, number> = {};
  for (const [k, v] of Object.entries(obj(memory["stats"]))) if (typeof v === "number") stats[k] = v;
  const networks: Record<string, NetworkCounters> = {};
  for (const [name, n] of Object.entries(obj(raw["networks"]))) networks[name] = { rxBytes: num(obj(n)["rx_bytes"]), txBytes: num(obj(n)["tx_bytes"]) };
  const entries = obj(raw["blkio_stats"])["io_service_bytes_recursive"];
  const blockIo: BlockIoEntry[] = Array.isArray(entries) ? entries.map((e) => ({ op: String(obj(e)["op"] ?? ""), value: num(obj(e)["value"]) })) : [];
  const read = typeof raw["read"] === "string" && !raw["read"].startsWith("0001-01-01") ? raw["read"] : undefined;
  return {
    id: String(raw["id"] ?? ""),
    name: String(raw["name"] ?? "").replace(/^\//, ""),
    ...(read ? { read } : {}),
    cpu: cpuCounters(raw["cpu_stats"]),
    precpu: cpuCounters(raw["precpu_stats"]),
    memory: { usage: num(memory["usage"]), limit: num(memory["limit"]), stats },
    networks,
    blockIo,
    pids: num(obj(raw["pids_stats"])["current"]),
  };
}

/**
 * One stats sample of a container: `stream=false` without `one-shot`, so the engine waits for a
 * second reading and fills `precpu_stats` with the first (one-shot answers at once with empty
 * precpu stats, which would make the CPU % the average since boot instead of the current one).
 * Takes one to two seconds on a running container; a stopped one answers at once with zeros.
 */
export async function containerStats(client: EngineClient, ref: string, options: ContainerStatsOptions = {}): Promise<ContainerStatsSample> {
  const raw = await client.json<Raw>({
    method: "GET",
    path: `/containers/${seg(ref)}/stats`,
    query: { stream: false },
    ...(options.signal ? { signal: options.signal } : {}),
    context: `reading the stats of ${ref}`,
  });
  return statsSample(obj(raw));
}
