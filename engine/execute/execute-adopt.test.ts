import { afterEach, describe, expect, it } from "vitest";
import { compareCreated, createOrAdoptContainer, ensureNetwork } from "./execute-adopt.js";
import { executePlan } from "./execute.js";
import { FOREVER, IMAGE, PROJECT, cname, labels, op, rig, statuses, warnings } from "../../test/kits/execute-kit.js";
import { LABELS } from "../runtime/labels.js";
import type { Operation } from "../plan/operations.js";
import type { Readiness } from "../readiness/readiness.js";
import type { ContainerSpec, CreateNetworkOptions, NetworkDetails, Runtime } from "../runtime/runtime.js";
import { RuntimeError, isRuntimeError } from "../runtime/runtime-errors.js";

let readinesses: Readiness[] = [];
afterEach(() => {
  for (const r of readinesses) r.close();
  readinesses = [];
});
function setup() {
  const r = rig();
  readinesses.push(r.readiness);
  return r;
}

const HASHED = (service: string, hash = "h1") => ({ ...labels(service), [LABELS.configHash]: hash });
const spec = (service: string, hash = "h1"): ContainerSpec & { name: string } => ({
  image: IMAGE, name: cname(service), cmd: ["sh", "-c", FOREVER], labels: HASHED(service, hash),
});
const NET_LABELS = { [LABELS.project]: PROJECT, [LABELS.network]: "default" };
const noWait = async () => {};

async function conflictOf(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (error) {
    if (isRuntimeError(error, "conflict")) return error.message;
    throw error;
  }
  throw new Error("no conflict");
}

describe("a container name another up of the project has just taken", () => {
  it("is adopted when the container is this project's, service's, number's and config hash's", async () => {
    const { runtime } = setup();
    const theirs = await runtime.createContainer(spec("web"));
    expect(await createOrAdoptContainer(runtime, spec("web"), noWait)).toBe(theirs);
    expect(await runtime.listContainers({ all: true })).toHaveLength(1);
  });

  it("keeps the conflict for another configuration, a one-off, or a foreign container", async () => {
    const { runtime } = setup();
    await runtime.createContainer(spec("web", "old"));
    expect(await conflictOf(createOrAdoptContainer(runtime, spec("web"), noWait))).toMatch(/already in use/);
    await runtime.createContainer({ ...spec("api"), labels: { ...HASHED("api"), [LABELS.oneoff]: "True" } });
    expect(await conflictOf(createOrAdoptContainer(runtime, spec("api"), noWait))).toMatch(/already in use/);
    await runtime.createContainer({ image: IMAGE, name: cname("db"), cmd: ["true"] });
    expect(await conflictOf(createOrAdoptContainer(runtime, spec("db"), noWait))).toMatch(/already in use/);
  });

  it("asks again while the name is reserved by a create that cannot be inspected yet", async () => {
    const { runtime } = setup();
    let calls = 0;
    // The engine reserves the name first: the racing create's container shows up a moment later.
    const racing: Runtime = Object.assign(Object.create(runtime) as Runtime, {
      createContainer: async (s: ContainerSpec) => {
        calls++;
        if (calls === 1) throw new RuntimeError("conflict", "name reserved", { status: 409 });
        return runtime.createContainer(s);
      },
    });
    const sleeps: number[] = [];
    const id = await createOrAdoptContainer(racing, spec("web"), async (ms) => void sleeps.push(ms));
    expect(calls).toBe(2);
    expect(sleeps).toEqual([50]);
    expect((await runtime.inspectContainer(cname("web"))).id).toBe(id);
  });
});

describe("two executors running one plan at once (two ups)", () => {
  const plan = (): { operations: Operation[] } => ({
    operations: [
      { ...op.network(), options: { name: `${PROJECT}_default`, labels: NET_LABELS } } as Operation,
      op.volume("ex_data"),
      ...["db", "web"].flatMap((s) => [
        { ...op.create(s, FOREVER, ["network:ex_default:create", "volume:ex_data:create"]), spec: { ...spec(s), networks: [{ network: `${PROJECT}_default` }] } } as Operation,
        op.start(s, [`container:${cname(s)}:create`]),
      ]),
    ],
  });

  it("both succeed with one network, one volume and one running container per service", async () => {
    const { runtime, sink, ctx } = setup();
    const results = await Promise.all([executePlan(plan(), ctx), executePlan(plan(), ctx)]);
    expect(results.map((r) => r.failed)).toEqual([[], []]);
    const containers = await runtime.listContainers({ all: true, labels: { [LABELS.project]: PROJECT } });
    expect(containers.map((c) => `${c.name} ${c.status}`).sort()).toEqual(["ex-db-1 running", "ex-web-1 running"]);
    expect((await runtime.listNetworks({ names: [`${PROJECT}_default`] })).length).toBe(1);
    expect((await runtime.listVolumes({ names: ["ex_data"] })).length).toBe(1);
    expect(results[0]?.containerIds.get("ex-web-1")).toBe(results[1]?.containerIds.get("ex-web-1"));
    expect(warnings(sink)).toEqual([]);
    expect(statuses(sink, "ex-web-1").filter((s) => s === "Created")).toHaveLength(2);
  });

  it("both finish a recreate of one container: the one that renames second finds it under the final name", async () => {
    const { runtime, ctx } = setup();
    const old = await runtime.createContainer({ ...spec("web", "old"), networks: [] });
    const temp = `${old.slice(0, 12)}_${cname("web")}`;
    const recreate = (): { operations: Operation[] } => ({
      operations: [
        { ...op.create("web", FOREVER, [], { replaces: old, name: temp }), spec: { ...spec("web"), name: temp, networks: [] } } as Operation,
        op.stop("web", old, [`container:${temp}:create`]),
        op.remove("web", old, [`container:${old}:stop`]),
        op.rename("web", temp, cname("web"), [`container:${old}:remove`]),
        op.start("web", [`container:${temp}:rename`]),
      ],
    });
    const results = await Promise.all([executePlan(recreate(), ctx), executePlan(recreate(), ctx)]);
    expect(results.map((r) => r.failed)).toEqual([[], []]);
    const containers = await runtime.listContainers({ all: true });
    expect(containers.map((c) => `${c.name} ${c.status} ${c.labels[LABELS.configHash]}`)).toEqual(["ex-web-1 running h1"]);
  });

  it("warns, as the planner does, when the network or volume it meets is not the project's", async () => {
    const { runtime, sink, ctx } = setup();
    await runtime.createNetwork({ name: `${PROJECT}_default` });
    await runtime.createVolume({ name: "ex_data" });
    await executePlan({ operations: plan().operations.slice(0, 2) }, ctx);
    expect(warnings(sink).sort()).toEqual([
      `a network with name ex_default exists but was not created for project "${PROJECT}"; set \`external: true\` to use an existing network`,
      'volume "ex_data" already exists but was not created by tscompose or Docker Compose; use `external: true` to use an existing volume',
    ]);
  });
});

/** Docker Engine 20.10's networks: a name is no key, two racing creates both succeed. */
class LegacyNetworks {
  readonly networks: NetworkDetails[] = [];
  private clock = 0;
  constructor(private readonly times: readonly string[]) {}

  asRuntime(): Runtime {
    return {
      createNetwork: async (o: CreateNetworkOptions) => {
        const id = `net${this.networks.length}`;
        const created = this.times[this.clock++] ?? "2025-01-01T00:00:09Z";
        this.networks.push({ id, name: o.name, labels: o.labels ?? {}, created } as NetworkDetails);
        await Promise.resolve();
        return id;
      },
      listNetworks: async (f: { names?: readonly string[] } = {}) => this.networks.filter((n) => !f.names || f.names.includes(n.name)),
      removeNetwork: async (ref: string) => {
        const i = this.networks.findIndex((n) => n.id === ref);
        if (i < 0) throw new RuntimeError("not-found", `network ${ref} not found`, { status: 404 });
        this.networks.splice(i, 1);
      },
    } as unknown as Runtime;
  }
}

describe("ensureNetwork on an engine that accepts two networks with one name", () => {
  const options = { name: "ex_default", labels: NET_LABELS };

  it("two racing creates keep the oldest and both use it", async () => {
    // The second create gets the earlier timestamp: the survivor is chosen by time, not by order.
    const legacy = new LegacyNetworks(["2025-01-01T00:00:01.5Z", "2025-01-01T00:00:01.25Z"]);
    const runtime = legacy.asRuntime();
    const [a, b] = await Promise.all([ensureNetwork(runtime, options), ensureNetwork(runtime, options)]);
    expect(legacy.networks.map((n) => n.id)).toEqual(["net1"]);
    expect([a.id, b.id]).toEqual(["net1", "net1"]);
  });

  it("breaks a tie on the id, and leaves networks of that name that are not the project's", async () => {
    const legacy = new LegacyNetworks(["2025-01-01T00:00:01Z", "2025-01-01T00:00:01Z"]);
    legacy.networks.push({ id: "foreign", name: "ex_default", labels: {}, created: "2020-01-01T00:00:00Z" } as NetworkDetails);
    const runtime = legacy.asRuntime();
    const [a, b] = await Promise.all([ensureNetwork(runtime, options), ensureNetwork(runtime, options)]);
    expect(legacy.networks.map((n) => n.id).sort()).toEqual(["foreign", "net1"]);
    expect([a, b]).toEqual([{ id: "net1", foreign: false }, { id: "net1", foreign: false }]);
  });
});

describe("compareCreated", () => {
  it("orders engine timestamps by instant to the nanosecond, whatever the zone and trailing zeros", () => {
    expect(compareCreated("2025-01-01T00:00:01.1Z", "2025-01-01T00:00:01.12Z")).toBeLessThan(0);
    expect(compareCreated("2025-01-01T00:00:01.000000002Z", "2025-01-01T00:00:01.000000001Z")).toBeGreaterThan(0);
    expect(compareCreated("2025-01-01T02:00:00+02:00", "2025-01-01T00:00:00.5Z")).toBeLessThan(0);
    expect(compareCreated("2025-01-01T00:00:00Z", "2025-01-01T00:00:00.000Z")).toBe(0);
    expect(compareCreated("garbage", "2025-01-01T00:00:00Z")).toBeGreaterThan(0);
  });
});

describe("ensureNetwork on an engine that makes network names a key", () => {
  it("does not look for duplicates after a create that succeeded", async () => {
    const legacy = new LegacyNetworks([]);
    let lists = 0;
    const base = legacy.asRuntime();
    const runtime = Object.assign(base, {
      networkNamesUnique: () => true,
      listNetworks: async () => (lists++, []),
    });
    expect(await ensureNetwork(runtime, { name: "ex_default", labels: NET_LABELS })).toEqual({ id: "net0", foreign: false });
    expect(lists).toBe(0);
  });
});
