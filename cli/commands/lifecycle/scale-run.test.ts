import { describe, expect, it } from "vitest";
import { upStack } from "../../../api/verbs/up.js";
import { RecordingSink } from "../../../engine/runtime/engine-events.js";
import { LABELS } from "../../../engine/runtime/labels.js";
import { MemoryRuntime } from "../../../engine/memory/memory-runtime.js";
import { memoryHost } from "../../../spec/host.js";
import { loadProject, type LoadedProject } from "../../../spec/load.js";
import { parseReplicaArgs, scaleRequest } from "./scale-run.js";

const FOREVER = "trap 'exit 0' TERM; while :; do sleep 1; done";
const COMPOSE = `
name: shop
services:
  db:
    image: tscompose-busybox:latest
    command: ["sh", "-c", "${FOREVER}"]
  web:
    image: tscompose-busybox:latest
    command: ["sh", "-c", "${FOREVER}"]
    depends_on: [db]
  other:
    image: tscompose-busybox:latest
    command: ["sh", "-c", "${FOREVER}"]
  named:
    image: tscompose-busybox:latest
    container_name: the-one
`;

function load(services: string[] = []): LoadedProject {
  return loadProject({ workingDir: "/p", env: {}, services }, memoryHost({ "/p/compose.yaml": COMPOSE }));
}

describe("parseReplicaArgs", () => {
  it("reads SERVICE=REPLICAS; a later one for the same service wins", () => {
    expect([...parseReplicaArgs(["web=3", "db=0", "web=2"])]).toEqual([["web", 2], ["db", 0]]);
  });

  it.each([["web"], ["web="], ["=3"], ["web=x"], ["web=-1"], ["web=1.5"], ["web=3 "]])("refuses %j as bad usage", (arg) => {
    expect(() => parseReplicaArgs([arg])).toThrow(expect.objectContaining({ code: "E_USAGE", kind: "bad-input", message: expect.stringContaining(`"${arg}"`) }));
  });
});

describe("scaleRequest", () => {
  it("asks up for the named services at their counts, with dependencies unless --no-deps", () => {
    const loaded = load(["web"]);
    expect(scaleRequest(loaded, new Map([["web", 3]]), { deps: true })).toEqual({ services: ["web"], scale: { web: 3 } });
    expect(scaleRequest(loaded, new Map([["web", 3]]), { deps: false })).toEqual({ services: ["web"], scale: { web: 3 }, noDeps: true });
  });

  it("refuses an unknown service and a container_name with more than one replica", () => {
    const loaded = load();
    expect(() => scaleRequest(loaded, new Map([["nosuch", 1]]), { deps: true })).toThrow(expect.objectContaining({ code: "E_NO_SUCH_SERVICE", kind: "bad-input" }));
    expect(() => scaleRequest(loaded, new Map([["named", 2]]), { deps: true })).toThrow(expect.objectContaining({ code: "E_CONTAINER_NAME_SCALE", kind: "bad-input" }));
    expect(scaleRequest(loaded, new Map([["named", 1]]), { deps: true }).scale).toEqual({ named: 1 });
  });
});

describe("scale through up's convergence (memory engine)", () => {
  async function rig() {
    const runtime = new MemoryRuntime({ images: [{ ref: "tscompose-busybox:latest" }] });
    const deps = { runtime, sink: new RecordingSink() };
    const scale = async (args: string[], noDeps = false) => {
      const replicas = parseReplicaArgs(args);
      const loaded = load([...replicas.keys()]);
      await upStack(deps, loaded, scaleRequest(loaded, replicas, { deps: !noDeps }));
    };
    const state = async () =>
      (await runtime.listContainers({ all: true, labels: { [LABELS.project]: "shop" } }))
        .map((c) => `${c.name}:${c.status}`)
        .sort();
    return { runtime, deps, scale, state };
  }

  it("web=3 adds replicas 2 and 3 and starts its dependency; web=1 removes the highest numbers", async () => {
    const r = await rig();
    await r.scale(["web=3"]);
    expect(await r.state()).toEqual(["shop-db-1:running", "shop-web-1:running", "shop-web-2:running", "shop-web-3:running"]);
    const first = (await r.runtime.inspectContainer("shop-web-1")).id;
    await r.scale(["web=1"]);
    expect(await r.state()).toEqual(["shop-db-1:running", "shop-web-1:running"]);
    expect((await r.runtime.inspectContainer("shop-web-1")).id).toBe(first);
  });

  it("--no-deps leaves a stopped dependency stopped, and services not named are not touched", async () => {
    const r = await rig();
    await r.scale(["web=1", "other=1"]);
    await r.runtime.stopContainer("shop-db-1");
    await r.runtime.stopContainer("shop-other-1");
    await r.scale(["web=2"], true);
    expect(await r.state()).toEqual(["shop-db-1:exited", "shop-other-1:exited", "shop-web-1:running", "shop-web-2:running"]);
    await r.scale(["web=2"]);
    expect(await r.state()).toEqual(["shop-db-1:running", "shop-other-1:exited", "shop-web-1:running", "shop-web-2:running"]);
  });
});
