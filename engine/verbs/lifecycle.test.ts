import { describe, expect, it } from "vitest";
import { LABELS } from "../runtime/labels.js";
import { startServices, stopServices } from "./lifecycle.js";
import { killServices, pauseServices, restartServices, unpauseServices } from "./lifecycle-signals.js";
import { describePlan } from "../plan/operations.js";
import { removeServices } from "./remove.js";
import { VERBS_FOREVER, verbsRig } from "../../test/kits/verbs-kit.js";

const COMPOSE = `
name: shop
services:
  db:
    image: tscompose-busybox:latest
    command: ["sh", "-c", "${VERBS_FOREVER}"]
    healthcheck: {test: ["CMD", "true"], interval: 1s, start_period: 0s}
  api:
    image: tscompose-busybox:latest
    command: ["sh", "-c", "${VERBS_FOREVER}"]
    depends_on: {db: {condition: service_healthy, restart: true}}
  web:
    image: tscompose-busybox:latest
    command: ["sh", "-c", "${VERBS_FOREVER}"]
    depends_on: [api]
`;

async function statusOf(rig: ReturnType<typeof verbsRig>, name: string): Promise<string> {
  return (await rig.runtime.inspectContainer(name)).state.status;
}

describe("stop", () => {
  it("stops dependants before their dependencies", async () => {
    const rig = verbsRig(COMPOSE);
    await rig.up();
    const plan = await stopServices(rig.deps, { ref: rig.ref, timeoutSeconds: 1 });
    expect(describePlan(plan)).toBe(
      [
        "stop container shop-db-1 (stop) after container:shop-api-1:stop, container:shop-web-1:stop",
        "stop container shop-api-1 (stop) after container:shop-web-1:stop",
        "stop container shop-web-1 (stop)",
      ].join("\n"),
    );
    expect(rig.rows("Stopped")).toEqual(["shop-web-1", "shop-api-1", "shop-db-1"]);
    for (const s of ["db", "api", "web"]) expect(await statusOf(rig, `shop-${s}-1`)).toBe("exited");
  });

  it("stops only the named services, and keeps their containers", async () => {
    const rig = verbsRig(COMPOSE);
    await rig.up();
    await stopServices(rig.deps, { ref: rig.ref, services: ["api"], timeoutSeconds: 1 });
    expect(await statusOf(rig, "shop-api-1")).toBe("exited");
    expect(await statusOf(rig, "shop-web-1")).toBe("running");
    expect(await statusOf(rig, "shop-db-1")).toBe("running");
  });

  it("works from labels alone when the compose file is gone, keeping the dependency order", async () => {
    const rig = verbsRig(COMPOSE);
    await rig.up();
    const plan = await stopServices(rig.deps, { ref: { name: "shop" }, timeoutSeconds: 1 });
    expect(describePlan(plan)).toContain("stop container shop-db-1 (stop) after container:shop-api-1:stop, container:shop-web-1:stop");
    expect(await statusOf(rig, "shop-db-1")).toBe("exited");
  });

  it("rejects an unknown service before doing anything", async () => {
    const rig = verbsRig(COMPOSE);
    await rig.up();
    await expect(stopServices(rig.deps, { ref: rig.ref, services: ["nope"] })).rejects.toMatchObject({ code: "E_NO_SUCH_SERVICE", kind: "bad-input" });
    expect(await statusOf(rig, "shop-web-1")).toBe("running");
  });

  it("reports the plan and changes nothing in a dry run", async () => {
    const rig = verbsRig(COMPOSE);
    await rig.up();
    await stopServices(rig.deps, { ref: rig.ref, dryRun: true });
    const texts = rig.sink.events.flatMap((e) => (e.type === "message" ? [e.text] : []));
    expect(texts).toContain("DRY-RUN stop container shop-web-1 (stop)");
    expect(await statusOf(rig, "shop-web-1")).toBe("running");
  });
});

describe("start", () => {
  it("starts dependencies first and waits for a healthy one", async () => {
    const rig = verbsRig(COMPOSE);
    await rig.up({ noStart: true });
    const plan = await startServices(rig.deps, { ref: rig.ref, services: ["web"] });
    expect(plan.services).toEqual(["db", "api", "web"]);
    expect(describePlan(plan)).toBe(
      [
        "start container shop-db-1 (created)",
        "start container shop-api-1 (created) after container:shop-db-1:start, wait:api:db",
        "start container shop-web-1 (created) after container:shop-api-1:start, container:shop-db-1:start",
        "wait api for db service_healthy (depends_on) after container:shop-db-1:start",
      ].join("\n"),
    );
    expect(rig.rows("Healthy")).toEqual(["shop-db-1"]);
    expect(rig.rows("Started")).toEqual(["shop-db-1", "shop-api-1", "shop-web-1"]);
    for (const s of ["db", "api", "web"]) expect(await statusOf(rig, `shop-${s}-1`)).toBe("running");
  });

  it("leaves running containers alone and reports them as running", async () => {
    const rig = verbsRig(COMPOSE);
    await rig.up();
    await stopServices(rig.deps, { ref: rig.ref, services: ["web"], timeoutSeconds: 1 });
    rig.sink.events.length = 0;
    const plan = await startServices(rig.deps, { ref: rig.ref });
    expect(describePlan(plan)).toBe("start container shop-web-1 (exited)");
    expect(rig.rows("Running")).toEqual(["shop-db-1", "shop-api-1"]);
  });

  it("fails before starting anything when a service has no container yet", async () => {
    const rig = verbsRig(COMPOSE);
    await rig.up({ services: ["db"], noStart: true });
    await expect(startServices(rig.deps, { ref: rig.ref })).rejects.toMatchObject({
      code: "E_NO_CONTAINER",
      message: 'services "api", "web" have no container to start',
    });
    expect(await statusOf(rig, "shop-db-1")).toBe("created");
  });

  it("--wait waits until the services are running or healthy", async () => {
    const rig = verbsRig(COMPOSE);
    await rig.up({ noStart: true });
    await startServices(rig.deps, { ref: rig.ref, wait: true, waitTimeoutMs: 10_000 });
    const waited = rig.sink.events.filter((e) => e.type === "resource" && e.kind === "service" && e.status === "Healthy").map((e) => (e.type === "resource" ? e.name : ""));
    expect(waited.sort()).toEqual(["api", "db", "web"]);
  });
});

describe("restart", () => {
  it("restarts the target, then the services that depend on it with restart: true", async () => {
    const rig = verbsRig(COMPOSE);
    await rig.up();
    const outcome = await restartServices(rig.deps, { ref: rig.ref, services: ["db"], timeoutSeconds: 1 });
    expect(outcome.containers).toEqual(["shop-db-1", "shop-api-1"]);
    expect(rig.rows("Restarting")).toEqual(["shop-db-1", "shop-api-1"]);
  });

  it("with noDeps restarts only the target", async () => {
    const rig = verbsRig(COMPOSE);
    await rig.up();
    const outcome = await restartServices(rig.deps, { ref: rig.ref, services: ["db"], noDeps: true });
    expect(outcome.containers).toEqual(["shop-db-1"]);
  });

  it("starts a stopped container", async () => {
    const rig = verbsRig(COMPOSE);
    await rig.up();
    await stopServices(rig.deps, { ref: rig.ref, services: ["web"], timeoutSeconds: 1 });
    await restartServices(rig.deps, { ref: rig.ref, services: ["web"] });
    expect(await statusOf(rig, "shop-web-1")).toBe("running");
  });
});

describe("kill, pause, unpause", () => {
  it("kill sends SIGKILL by default to running containers only", async () => {
    const rig = verbsRig(COMPOSE);
    await rig.up();
    await stopServices(rig.deps, { ref: rig.ref, services: ["web"], timeoutSeconds: 1 });
    const before = rig.runtime.eventLog().length;
    const outcome = await killServices(rig.deps, { ref: rig.ref });
    expect(outcome.containers).toEqual(["shop-api-1", "shop-db-1"]);
    const kills = rig.runtime.eventLog().slice(before).filter((e) => e.action === "kill");
    expect(kills.map((e) => e.attributes["signal"])).toEqual(["9", "9"]);
    expect((await rig.runtime.inspectContainer("shop-db-1")).state.exitCode).toBe(137);
  });

  it("kill -s sends the given signal", async () => {
    const rig = verbsRig(COMPOSE);
    await rig.up();
    await killServices(rig.deps, { ref: rig.ref, services: ["web"], signal: "SIGTERM" });
    const kills = rig.runtime.eventLog().filter((e) => e.action === "kill");
    expect(kills.map((e) => [e.attributes["name"], e.attributes["signal"]])).toEqual([["shop-web-1", "15"]]);
    expect(await rig.runtime.waitContainer("shop-web-1")).toBe(0);
  });

  it("kill with nothing running does nothing", async () => {
    const rig = verbsRig(COMPOSE);
    await rig.up({ noStart: true });
    expect((await killServices(rig.deps, { ref: rig.ref })).containers).toEqual([]);
  });

  it("pause freezes and unpause thaws", async () => {
    const rig = verbsRig(COMPOSE);
    await rig.up();
    expect((await pauseServices(rig.deps, { ref: rig.ref, services: ["web"] })).containers).toEqual(["shop-web-1"]);
    expect(await statusOf(rig, "shop-web-1")).toBe("paused");
    expect((await pauseServices(rig.deps, { ref: rig.ref, services: ["web"] })).containers).toEqual([]);
    expect((await unpauseServices(rig.deps, { ref: rig.ref })).containers).toEqual(["shop-web-1"]);
    expect(await statusOf(rig, "shop-web-1")).toBe("running");
  });
});

describe("rm", () => {
  it("removes only stopped containers", async () => {
    const rig = verbsRig(COMPOSE);
    await rig.up();
    await stopServices(rig.deps, { ref: rig.ref, services: ["web"], timeoutSeconds: 1 });
    const outcome = await removeServices(rig.deps, { ref: rig.ref });
    expect(outcome).toEqual({ candidates: ["shop-web-1"], removed: true });
    const left = await rig.runtime.listContainers({ all: true, labels: { [LABELS.project]: "shop" } });
    expect(left.map((c) => c.name).sort()).toEqual(["shop-api-1", "shop-db-1"]);
  });

  it("-s stops first, dependants before dependencies, then removes", async () => {
    const rig = verbsRig(COMPOSE);
    await rig.up();
    const outcome = await removeServices(rig.deps, { ref: rig.ref, stop: true, timeoutSeconds: 1 });
    expect([...outcome.candidates].sort()).toEqual(["shop-api-1", "shop-db-1", "shop-web-1"]);
    expect(rig.rows("Stopped")).toEqual(["shop-web-1", "shop-api-1", "shop-db-1"]);
    expect(await rig.runtime.listContainers({ all: true, labels: { [LABELS.project]: "shop" } })).toEqual([]);
  });

  it("asks first and removes nothing on no", async () => {
    const rig = verbsRig(COMPOSE);
    await rig.up({ noStart: true });
    const asked: string[][] = [];
    const outcome = await removeServices(rig.deps, { ref: rig.ref, confirm: async (names) => (asked.push([...names]), false) });
    expect(asked).toEqual([["shop-db-1", "shop-api-1", "shop-web-1"]]);
    expect(outcome.removed).toBe(false);
    expect(await rig.runtime.listContainers({ all: true, labels: { [LABELS.project]: "shop" } })).toHaveLength(3);
  });

  it("finds nothing to remove when everything runs", async () => {
    const rig = verbsRig(COMPOSE);
    await rig.up();
    expect(await removeServices(rig.deps, { ref: rig.ref })).toEqual({ candidates: [], removed: false });
  });
});
