import { afterEach, describe, expect, it } from "vitest";
import { executePlan } from "./execute.js";
import { FOREVER, IMAGE, PROJECT, op, resourceEvents, rig, statuses, warnings } from "../../test/kits/execute-kit.js";
import { LABELS } from "../runtime/labels.js";
import type { Readiness } from "../readiness/readiness.js";
import type { ContainerSpec, HealthcheckSpec } from "../runtime/runtime.js";

const MS = 1e6;
const READY: HealthcheckSpec = { test: ["CMD", "test", "-f", "/tmp/ready"], intervalNs: 10 * MS, retries: 100 };
const NET = "network:ex_default:create";

let readinesses: Readiness[] = [];
afterEach(() => {
  for (const r of readinesses) r.close();
  readinesses = [];
});
function setup(options?: Parameters<typeof rig>[0]) {
  const r = rig(options);
  readinesses.push(r.readiness);
  return r;
}

/** db (health-gated) ← app ← web, one network, one volume. */
function smallPlan() {
  return {
    operations: [
      op.network(),
      op.volume("ex_data"),
      op.create("db", "sleep 0.05; touch /tmp/ready; " + FOREVER, [NET, "volume:ex_data:create"], { healthcheck: READY, mounts: [{ type: "volume", source: "ex_data", target: "/data" }] }),
      op.start("db", ["container:ex-db-1:create"]),
      op.create("app", FOREVER, [NET]),
      op.wait("app", "db", "service_healthy", ["container:ex-db-1:start"]),
      op.start("app", ["container:ex-app-1:create", "wait:app:db"]),
      op.create("web", FOREVER, [NET]),
      op.wait("web", "app", "service_started", ["container:ex-app-1:start"]),
      op.start("web", ["container:ex-web-1:create", "wait:web:app"]),
    ],
  };
}

describe("executePlan", () => {
  it("brings a small project up in dependency order with Compose's progress words", async () => {
    const { runtime, sink, ctx } = setup();
    const result = await executePlan(smallPlan(), ctx);
    expect(result.failed).toEqual([]);
    expect(result.completed).toHaveLength(10);
    const running = await runtime.listContainers({ labels: { [LABELS.project]: PROJECT } });
    expect(running.map((c) => c.name).sort()).toEqual(["ex-app-1", "ex-db-1", "ex-web-1"]);
    expect(statuses(sink, "ex_default")).toEqual(["Creating", "Created"]);
    expect(statuses(sink, "ex_data")).toEqual(["Creating", "Created"]);
    expect(statuses(sink, "ex-db-1")).toEqual(["Creating", "Created", "Starting", "Started", "Waiting", "Healthy"]);
    expect(statuses(sink, "ex-app-1")).toEqual(["Creating", "Created", "Starting", "Started"]);
    expect(resourceEvents(sink, "ex-app-1").at(-1)).toMatchObject({ kind: "container", service: "app", done: true, ok: true });
    expect(result.containerIds.get("ex-db-1")).toBe((await runtime.inspectContainer("ex-db-1")).id);
    expect(result.timings.get("wait:app:db")?.end).toBeGreaterThanOrEqual(result.timings.get("wait:app:db")?.start ?? Infinity);
  });

  it("starts the dependant after its dependency turns healthy and records the event's time", async () => {
    const { runtime, ctx } = setup();
    const result = await executePlan(smallPlan(), ctx);
    const log = runtime.eventLog();
    const healthy = log.findIndex((e) => e.action === "health_status" && e.status === "healthy" && e.attributes.name === "ex-db-1");
    const appStart = log.findIndex((e) => e.action === "start" && e.attributes.name === "ex-app-1");
    expect(healthy).toBeGreaterThan(-1);
    expect(appStart).toBeGreaterThan(healthy);
    expect(result.observations.get("wait:app:db")?.[0]).toMatchObject({ container: "ex-db-1", via: "event", observedAt: (log[healthy]?.timeNano ?? 0) / 1e6 });
  });

  it("runs independent operations in parallel, within an optional bound", async () => {
    const peak = async (concurrency?: number) => {
      const { runtime, ctx } = setup();
      let now = 0;
      let max = 0;
      const create = runtime.createContainer.bind(runtime);
      runtime.createContainer = async (spec: ContainerSpec) => {
        max = Math.max(max, ++now);
        await new Promise((r) => setTimeout(r, 10));
        now--;
        return create(spec);
      };
      const services = ["a", "b", "c", "d"];
      const plan = { operations: [op.network(), ...services.map((s) => op.create(s, FOREVER, [NET]))] };
      await executePlan(plan, { ...ctx, ...(concurrency ? { concurrency } : {}) });
      return max;
    };
    expect(await peak()).toBe(4);
    expect(await peak(2)).toBe(2);
  });

  it("treats a network that already exists (a concurrent up) as created", async () => {
    const { runtime, sink, ctx } = setup();
    await runtime.createNetwork({ name: "ex_default" });
    await executePlan({ operations: [op.network()] }, ctx);
    expect(statuses(sink, "ex_default")).toEqual(["Creating", "Created"]);
  });

  it("takes a project down, counting what is already gone as removed", async () => {
    const { runtime, sink, ctx } = setup();
    await executePlan(smallPlan(), ctx);
    const plan = {
      operations: [
        op.stop("web", "ex-web-1"), op.remove("web", "ex-web-1", ["container:ex-web-1:stop"]),
        op.stop("ghost", "ex-ghost-1"), op.remove("ghost", "ex-ghost-1", ["container:ex-ghost-1:stop"]),
        op.removeNetwork("ex_default", ["container:ex-web-1:remove", "container:ex-ghost-1:remove", "container:ex-app-1:remove", "container:ex-db-1:remove"]),
        op.stop("app", "ex-app-1"), op.remove("app", "ex-app-1", ["container:ex-app-1:stop"]),
        op.stop("db", "ex-db-1"), op.remove("db", "ex-db-1", ["container:ex-db-1:stop"]),
        op.removeVolume("ex_data", ["container:ex-db-1:remove"]),
      ],
    };
    const result = await executePlan(plan, ctx);
    expect(result.completed).toHaveLength(10);
    expect(await runtime.listContainers({ all: true })).toEqual([]);
    expect(await runtime.listVolumes({ names: ["ex_data"] })).toEqual([]);
    expect(statuses(sink, "ex-ghost-1")).toEqual(["Stopping", "Stopped", "Removing", "Removed"]);
    expect(statuses(sink, "ex_default")).toEqual(["Creating", "Created", "Removing", "Removed"]);
  });

  it("leaves a network that a foreign container still uses, with a warning", async () => {
    const { runtime, sink, ctx } = setup();
    await runtime.createNetwork({ name: "ex_default" });
    const foreign = await runtime.createContainer({ image: IMAGE, name: "someone-else", cmd: ["sh", "-c", FOREVER], networks: [{ network: "ex_default" }] });
    await runtime.startContainer(foreign);
    const result = await executePlan({ operations: [op.removeNetwork("ex_default")] }, ctx);
    expect(result.completed).toEqual(["network:ex_default:remove"]);
    expect(resourceEvents(sink, "ex_default").at(-1)).toMatchObject({ status: "Warning", detail: "Resource is still in use", done: true });
    expect(warnings(sink)).toEqual(["network ex_default was not removed: it is still in use by someone-else"]);
    expect(result.warnings).toEqual(warnings(sink));
    expect((await runtime.inspectContainer(foreign)).state.running).toBe(true);
    expect((await runtime.listNetworks({ names: ["ex_default"] })).length).toBe(1);
  });

  it("recreates under the final name, with Recreate/Recreated only on that name", async () => {
    const { runtime, sink, ctx } = setup();
    await executePlan({ operations: [op.network(), op.create("web", FOREVER, [NET]), op.start("web", ["container:ex-web-1:create"])] }, ctx);
    const old = await runtime.inspectContainer("ex-web-1");
    sink.events.length = 0;
    const tmp = `${old.id.slice(0, 12)}_ex-web-1`;
    const plan = {
      operations: [
        op.create("web", `echo v2; ${FOREVER}`, [], { name: tmp, replaces: old.id }),
        op.stop("web", old.id, [`container:${tmp}:create`]),
        op.remove("web", old.id, [`container:${old.id}:stop`]),
        op.rename("web", tmp, "ex-web-1", [`container:${old.id}:remove`]),
        op.start("web", [`container:${tmp}:rename`]),
      ],
    };
    const result = await executePlan(plan, ctx);
    const now = await runtime.inspectContainer("ex-web-1");
    expect(now.id).not.toBe(old.id);
    expect(now.state.running).toBe(true);
    await expect(runtime.inspectContainer(old.id)).rejects.toMatchObject({ reason: "not-found" });
    expect(statuses(sink, "ex-web-1")).toEqual(["Recreate", "Recreated", "Starting", "Started"]);
    expect(statuses(sink, tmp)).toEqual([]);
    expect(result.containerIds.get("ex-web-1")).toBe(now.id);
  });

  it("treats service_started as ordering only", async () => {
    const { ctx } = setup();
    const result = await executePlan({ operations: [op.wait("web", "nothing-yet", "service_started")] }, ctx);
    expect(result.completed).toEqual(["wait:web:nothing-yet"]);
  });

  it("refuses a plan with two operations of the same id", async () => {
    const { ctx } = setup();
    await expect(executePlan({ operations: [op.network(), op.network()] }, ctx)).rejects.toMatchObject({ code: "E_PLAN_INVALID" });
  });

  it("pulls an image the registry holds", async () => {
    const { runtime, sink, ctx } = setup({ registry: [{ ref: "redis:7" }] });
    await executePlan({ operations: [op.pull("cache", "redis:7")] }, ctx);
    expect(await runtime.inspectImage("redis:7")).toBeDefined();
    expect(resourceEvents(sink, "redis:7").map((e) => [e.kind, e.service, e.status])).toEqual([["image", "cache", "Pulling"], ["image", "cache", "Pulled"]]);
  });

  it("connects a container to every network it lists (the runtime joins the extra ones)", async () => {
    const { runtime, ctx } = setup();
    const plan = {
      operations: [
        op.network(), op.network("ex_back"),
        op.create("api", FOREVER, [NET, "network:ex_back:create"], { networks: [{ network: "ex_default", aliases: ["api"] }, { network: "ex_back", aliases: ["api", "backend"] }] }),
      ],
    };
    await executePlan(plan, ctx);
    const api = await runtime.inspectContainer("ex-api-1");
    expect(Object.keys(api.networks).sort()).toEqual(["ex_back", "ex_default"]);
    expect(api.networks["ex_back"]?.aliases).toContain("backend");
  });
});
