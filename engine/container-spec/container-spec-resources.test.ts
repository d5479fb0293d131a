import { describe, expect, it } from "vitest";
import { normalizeForTest } from "../../test/kits/normalize-kit.js";
import type { ServiceConfig } from "../../spec/project.js";
import { serviceDevices, serviceResources, serviceUlimits } from "./container-spec-resources.js";

const service = (body: string): ServiceConfig => {
  const { project, diag } = normalizeForTest(`services:\n  app:\n    image: x\n${body.replace(/^/gm, "    ")}`);
  expect(diag.errors.map((e) => e.message)).toEqual([]);
  return project.services["app"]!;
};

describe("serviceResources", () => {
  it("leaves a zero mem_swappiness out, as Compose does, and passes the Windows CPU limits", () => {
    expect(serviceResources(service("mem_swappiness: 0"))).toBeUndefined();
    expect(serviceResources(service("mem_swappiness: 10"))).toEqual({ memorySwappiness: 10 });
    expect(serviceResources(service("cpu_count: 2\ncpu_percent: 50"))).toEqual({ cpuCount: 2, cpuPercent: 5000 });
  });

  it("maps the service-level limits with their units", () => {
    expect(
      serviceResources(
        service(`
cpus: 0.25
cpu_shares: 512
cpu_period: 100000
cpu_quota: 50000
cpuset: "0,1"
mem_limit: 1g
mem_reservation: 512m
memswap_limit: -1
mem_swappiness: 0
oom_kill_disable: true
pids_limit: 100
blkio_config: {weight: 500}
`),
      ),
    ).toEqual({
      nanoCpus: 250_000_000,
      cpuShares: 512,
      cpuPeriod: 100000,
      cpuQuota: 50000,
      cpusetCpus: "0,1",
      memoryBytes: 1024 ** 3,
      memoryReservationBytes: 512 * 1024 ** 2,
      memorySwapBytes: -1,
      oomKillDisable: true,
      pidsLimit: 100,
      blkioWeight: 500,
    });
  });

  it("lets deploy.resources override the service-level values", () => {
    expect(
      serviceResources(
        service(`
cpus: 2
mem_limit: 1g
mem_reservation: 256m
deploy:
  resources:
    limits: {cpus: "0.5", memory: 128m, pids: 50}
    reservations: {cpus: "0.1", memory: 64m}
`),
      ),
    ).toEqual({ nanoCpus: 500_000_000, memoryBytes: 128 * 1024 ** 2, memoryReservationBytes: 64 * 1024 ** 2, pidsLimit: 50 });
  });

  it("turns reserved devices, gpus and CDI devices into device requests", () => {
    const s = service(`
devices: ["nvidia.com/gpu=all", "/dev/snd:/dev/snd:r"]
gpus: [{driver: nvidia, count: 2, options: {virtualization: "false"}}]
deploy:
  resources:
    reservations:
      devices: [{capabilities: [gpu, utility], count: all, driver: nvidia}, {device_ids: ["0", "3"], capabilities: [tpu]}]
`);
    expect(serviceResources(s)?.deviceRequests).toEqual([
      { driver: "nvidia", count: -1, capabilities: [["gpu", "utility"]] },
      { deviceIds: ["0", "3"], capabilities: [["tpu"]] },
      { driver: "cdi", deviceIds: ["nvidia.com/gpu=all"] },
      { driver: "nvidia", count: 2, capabilities: [["gpu"]], options: { virtualization: "false" } },
    ]);
    expect(serviceDevices(s)).toEqual([{ pathOnHost: "/dev/snd", pathInContainer: "/dev/snd", cgroupPermissions: "r" }]);
  });

  it("maps gpus: all to every GPU", () => {
    expect(serviceResources(service("gpus: all"))?.deviceRequests).toEqual([{ count: -1, capabilities: [["gpu"]] }]);
  });

  it("is undefined when nothing is limited", () => {
    expect(serviceResources(service("user: root"))).toBeUndefined();
    expect(serviceDevices(service("user: root"))).toBeUndefined();
    expect(serviceUlimits(service("user: root"))).toBeUndefined();
  });
});

describe("serviceUlimits", () => {
  it("lists soft and hard limits, a single number being both", () => {
    expect(serviceUlimits(service("ulimits: {nproc: 65535, nofile: {soft: 20000, hard: 40000}}"))).toEqual([
      { name: "nproc", soft: 65535, hard: 65535 },
      { name: "nofile", soft: 20000, hard: 40000 },
    ]);
  });
});
