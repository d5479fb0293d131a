import type { DeviceRequest, ServiceConfig } from "../../spec/project.js";
import type { ContainerSpec } from "../runtime/runtime-container-spec.js";
import type { DeviceSpec, ResourcesSpec } from "../runtime/runtime-resources-spec.js";

type DeviceRequestSpec = NonNullable<ResourcesSpec["deviceRequests"]>[number];
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

// A CDI device name (`vendor.com/class=name`), which the engine takes as a device request.
const CDI_NAME = /^[a-z0-9][a-z0-9.-]*\/[a-zA-Z0-9][a-zA-Z0-9_.-]*=[a-zA-Z0-9_.:-]+$/;

/**
 * A service's resource limits as Compose's `getDeployResources` computes them: the service-level
 * attributes (`cpus` → nano-CPUs, `cpu_shares`, `cpu_period`, `cpu_quota`, `cpuset`, `mem_limit`,
 * `mem_reservation`, `memswap_limit`, `mem_swappiness`, `oom_kill_disable`, `pids_limit`,
 * `blkio_config`, `cpu_rt_period`, `cpu_rt_runtime`), then `deploy.resources.limits` (cpus, memory, pids) and
 * `deploy.resources.reservations` (memory, devices) on top, then device requests for CDI
 * `devices:`, `gpus:` (capability `gpu` added) and reserved devices. Undefined when nothing is set.
 */
export function serviceResources(service: ServiceConfig): ResourcesSpec | undefined {
  const r: Mutable<ResourcesSpec> = {};
  if (service.cpus !== undefined && service.cpus !== 0) r.nanoCpus = Math.round(service.cpus * 1e9);
  if (service.cpu_count) r.cpuCount = service.cpu_count;
  if (service.cpu_percent) r.cpuPercent = Math.trunc(service.cpu_percent * 100);
  if (service.cpu_shares !== undefined) r.cpuShares = service.cpu_shares;
  if (service.cpu_period !== undefined) r.cpuPeriod = service.cpu_period;
  if (service.cpu_quota !== undefined) r.cpuQuota = service.cpu_quota;
  if (service.cpuset !== undefined) r.cpusetCpus = service.cpuset;
  if (service.mem_limit !== undefined) r.memoryBytes = service.mem_limit;
  if (service.mem_reservation !== undefined) r.memoryReservationBytes = service.mem_reservation;
  if (service.memswap_limit !== undefined) r.memorySwapBytes = service.memswap_limit;
  // Compose leaves a zero swappiness out (the engine default applies), as it does every zero here.
  if (service.mem_swappiness !== undefined && service.mem_swappiness !== 0) r.memorySwappiness = service.mem_swappiness;
  if (service.oom_kill_disable !== undefined) r.oomKillDisable = service.oom_kill_disable;
  if (service.pids_limit !== undefined && service.pids_limit !== 0) r.pidsLimit = service.pids_limit;
  const blkio = service.blkio_config;
  if (blkio?.weight !== undefined) r.blkioWeight = blkio.weight;
  if (blkio?.weight_device?.length) r.blkioWeightDevice = blkio.weight_device.map((d) => ({ path: d.path, weight: d.weight }));
  if (blkio?.device_read_bps?.length) r.blkioDeviceReadBps = blkio.device_read_bps.map((d) => ({ ...d }));
  if (blkio?.device_read_iops?.length) r.blkioDeviceReadIops = blkio.device_read_iops.map((d) => ({ ...d }));
  if (blkio?.device_write_bps?.length) r.blkioDeviceWriteBps = blkio.device_write_bps.map((d) => ({ ...d }));
  if (blkio?.device_write_iops?.length) r.blkioDeviceWriteIops = blkio.device_write_iops.map((d) => ({ ...d }));
  if (service.cpu_rt_period !== undefined) r.cpuRealtimePeriod = service.cpu_rt_period;
  if (service.cpu_rt_runtime !== undefined) r.cpuRealtimeRuntime = service.cpu_rt_runtime;
  const limits = service.deploy?.resources?.limits;
  if (limits?.memory) r.memoryBytes = limits.memory;
  if (limits?.cpus) r.nanoCpus = Math.round(limits.cpus * 1e9);
  if (limits?.pids !== undefined && limits.pids > 0) r.pidsLimit = limits.pids;
  const reservations = service.deploy?.resources?.reservations;
  if (reservations?.memory) r.memoryReservationBytes = reservations.memory;
  const requests = deviceRequests(service);
  if (requests.length > 0) r.deviceRequests = requests;
  return Object.keys(r).length > 0 ? r : undefined;
}

function deviceRequests(service: ServiceConfig): DeviceRequestSpec[] {
  const out: DeviceRequestSpec[] = [];
  for (const d of service.deploy?.resources?.reservations?.devices ?? []) out.push(request(d, d.capabilities ?? []));
  const cdi = (service.devices ?? []).filter(isCdi).map((d) => d.source);
  if (cdi.length > 0) out.push({ driver: "cdi", deviceIds: cdi });
  const gpus = service.gpus === "all" ? [{ count: "all" as const }] : (service.gpus ?? []);
  for (const g of gpus) out.push(request(g, [...(g.capabilities ?? []), "gpu"]));
  return out;
}

function request(d: DeviceRequest, capabilities: readonly string[]): DeviceRequestSpec {
  return {
    ...(d.driver !== undefined ? { driver: d.driver } : {}),
    ...(d.count !== undefined ? { count: d.count === "all" ? -1 : d.count } : {}),
    ...(d.device_ids !== undefined ? { deviceIds: [...d.device_ids] } : {}),
    capabilities: [[...capabilities]],
    ...(d.options !== undefined ? { options: { ...d.options } } : {}),
  };
}

function isCdi(d: { readonly source: string; readonly target: string }): boolean {
  return d.source === d.target && CDI_NAME.test(d.source);
}

/** `devices:` host device mappings (CDI names excluded: they are device requests). */
export function serviceDevices(service: ServiceConfig): DeviceSpec[] | undefined {
  const list = (service.devices ?? []).filter((d) => !isCdi(d));
  if (list.length === 0) return undefined;
  return list.map((d) => ({ pathOnHost: d.source, pathInContainer: d.target, cgroupPermissions: d.permissions }));
}

/** `ulimits:` as the engine's list, in declaration order. */
export function serviceUlimits(service: ServiceConfig): ContainerSpec["ulimits"] {
  const entries = Object.entries(service.ulimits ?? {});
  if (entries.length === 0) return undefined;
  return entries.map(([name, u]) => ({ name, soft: u.soft, hard: u.hard }));
}
