import { describe, expect, it } from "vitest";
import { projectStats, StatsMonitor } from "./stats.js";
import { statsRow } from "../format/stats-format.js";
import { VERBS_FOREVER, verbsRig } from "../../test/kits/verbs-kit.js";

const service = (command: string, extra = "") => `
    image: tscompose-busybox:latest
    command: ["sh", "-c", "${command}"]${extra}`;

const COMPOSE = `
name: shop
services:
  web:${service(VERBS_FOREVER, "\n    scale: 2")}
  db:${service(VERBS_FOREVER, "\n    mem_limit: 64m")}
  job:${service("exit 0")}
`;

async function shop() {
  const rig = verbsRig(COMPOSE);
  await rig.up();
  await rig.runtime.waitContainer("shop-job-1");
  // Another project on the same engine, which must never show up.
  await verbsRig(COMPOSE.replace("name: shop", "name: other"), rig.runtime).up({ services: ["db"] });
  return rig;
}

describe("stats", () => {
  it("samples the project's running containers only, by name, with PIDs and memory limits", async () => {
    const rig = await shop();
    const entries = await projectStats(rig.runtime, rig.ref);
    expect(entries.map((e) => e.name)).toEqual(["shop-db-1", "shop-web-1", "shop-web-2"]);
    expect(entries.map((e) => e.pids)).toEqual([1, 1, 1]);
    const db = statsRow(entries[0]!);
    expect(db).toMatchObject({ MemUsage: "0B / 64MiB", CPUPerc: "0.00%", PIDs: "1" });
    expect(db.ID).toBe((await rig.runtime.inspectContainer("shop-db-1")).id.slice(0, 12));
  });

  it("includes stopped containers with -a (as zeros), keeps to the named services, and counts running execs as PIDs", async () => {
    const rig = await shop();
    const all = await projectStats(rig.runtime, rig.ref, { all: true });
    expect(all.map((e) => [e.name, e.pids])).toEqual([["shop-db-1", 1], ["shop-job-1", 0], ["shop-web-1", 1], ["shop-web-2", 1]]);
    expect(statsRow(all[1]!)).toMatchObject({ MemUsage: "0B / 0B", NetIO: "0B / 0B" });
    expect((await projectStats(rig.runtime, rig.ref, { services: ["web"] })).map((e) => e.name)).toEqual(["shop-web-1", "shop-web-2"]);
    await rig.runtime.exec("shop-web-1", { cmd: ["sleep", "1"], detach: true });
    expect((await projectStats(rig.runtime, rig.ref, { services: ["web"] })).map((e) => e.pids)).toEqual([2, 1]);
    await expect(projectStats(rig.runtime, rig.ref, { services: ["nope"] })).rejects.toMatchObject({ code: "E_NO_SUCH_SERVICE" });
  });

  it("keeps sampling, following containers that start and stop", async () => {
    const rig = await shop();
    const monitor = new StatsMonitor(rig.runtime, rig.ref, {}, 10);
    try {
      await monitor.refresh();
      await monitor.ready();
      expect(monitor.entries().map((e) => e.name)).toEqual(["shop-db-1", "shop-web-1", "shop-web-2"]);
      await rig.runtime.stopContainer("shop-web-2");
      await monitor.refresh();
      expect(monitor.entries().map((e) => e.name)).toEqual(["shop-db-1", "shop-web-1"]);
      await rig.runtime.startContainer("shop-web-2");
      await monitor.refresh();
      await monitor.ready();
      expect(monitor.entries().map((e) => e.name)).toEqual(["shop-db-1", "shop-web-1", "shop-web-2"]);
      await rig.runtime.exec("shop-db-1", { cmd: ["sleep", "1"], detach: true });
      await new Promise((r) => setTimeout(r, 50));
      expect(monitor.entries().find((e) => e.name === "shop-db-1")?.pids).toBe(2);
    } finally {
      monitor.stop();
    }
  });
});
