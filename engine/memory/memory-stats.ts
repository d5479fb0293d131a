import type { ContainerStatsSample, CpuCounters } from "../runtime/runtime-stats-types.js";
import type { MemContainer, MemoryState } from "./memory-state.js";

/** The memory a container without a limit sees: the pretend host's (8 GiB). */
export const PRETEND_HOST_MEMORY = 8 * 1024 ** 3;

const NO_CPU: CpuCounters = { totalUsage: 0, systemUsage: 0, onlineCpus: 0, percpuCount: 0 };

/**
 * A stats sample as the engine would give it, with what the simulation knows: PIDs from its
 * process model (the main process plus running execs), the memory limit (the pretend host's when
 * none is set), one interface per network endpoint, a host CPU clock one second on from the
 * previous reading; the container's CPU time, memory use, traffic and block I/O are 0 (nothing
 * real runs). A container that is not running gets zeros and no reading time, like the
 * engine's.
 */
export function containerStats(state: MemoryState, ref: string): ContainerStatsSample {
  const c = state.container(ref);
  const base = { id: c.id, name: c.name, cpu: NO_CPU, precpu: NO_CPU, blockIo: [] };
  if (c.status !== "running" && c.status !== "paused") {
    return { ...base, memory: { usage: 0, limit: 0, stats: {} }, networks: {}, pids: 0 };
  }
  // The host's CPU time moves on by one CPU-second between the two readings; the container's does not.
  const now = Date.now();
  const cpu: CpuCounters = { ...NO_CPU, systemUsage: now * 1e6, onlineCpus: 1 };
  return {
    ...base,
    read: new Date(now).toISOString(),
    cpu,
    precpu: { ...cpu, systemUsage: (now - 1000) * 1e6 },
    memory: { usage: 0, limit: c.spec.resources?.memoryBytes || PRETEND_HOST_MEMORY, stats: {} },
    networks: interfaces(c),
    pids: (c.process ? 1 : 0) + (c.runningExecs ?? 0),
  };
}

function interfaces(c: MemContainer): Record<string, { rxBytes: number; txBytes: number }> {
  const out: Record<string, { rxBytes: number; txBytes: number }> = {};
  let n = 0;
  for (const ep of c.endpoints.values()) if (ep.ipv4) out[`eth${n++}`] = { rxBytes: 0, txBytes: 0 };
  return out;
}
