import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { engineOrSkip } from "../helpers/engine.js";
import { compose, expectExit, fixture, Projects } from "../kits/up-kit.js";

// cgroup, device_cgroup_rules and blkio_config device limits reach the container's HostConfig (read
// back with `docker inspect`, the engine's own view), with no "not supported" warning.
const engine = await engineOrSkip("up: host options");
const projects = new Projects(() => engine?.runtime);
const device = ["/dev/vda", "/dev/sda", "/dev/nvme0n1", "/dev/xvda"].find((d) => existsSync(d));

describe.skipIf(!engine)("up: host options", () => {
  afterAll(() => projects.cleanup());

  it("sends the cgroup namespace, device cgroup rules and per-device block-IO limits to the engine", async () => {
    expect(device, "a block device to limit (/dev/vda, /dev/sda, …)").toBeDefined();
    const project = projects.next("tsc-host-opts");
    const r = await compose(fixture("up-host-options"), project, ["up", "-d"], { env: { BLOCK_DEVICE: device ?? "" } });
    expectExit(r, 0);
    expect(r.stderr).not.toContain("not supported");
    const format = "{{json .HostConfig.CgroupnsMode}} {{json .HostConfig.DeviceCgroupRules}} {{json .HostConfig.BlkioDeviceReadBps}} {{json .HostConfig.BlkioDeviceWriteIOps}}";
    const host = execFileSync("docker", ["inspect", `${project}-app-1`, "--format", format], { encoding: "utf8" }).trim();
    expect(host).toBe(`"private" ["c 1:3 mr"] [{"Path":"${device}","Rate":1048576}] [{"Path":"${device}","Rate":30}]`);
  });
});
