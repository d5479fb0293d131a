import { describe, expect, it } from "vitest";
import { memoryHost } from "../../spec/host.js";
import { loadProject } from "../../spec/load.js";
import type { Project } from "../../spec/project.js";
import { RecordingSink, type ResourceEvent } from "../runtime/engine-events.js";
import { LABELS } from "../runtime/labels.js";
import { MemoryRuntime } from "../memory/memory-runtime.js";
import { describePlan } from "./operations.js";
import { upProject, type UpRequest } from "../verbs/up.js";

const IMAGE = "tscompose-busybox:latest";
const RUN = `["sh", "-c", "trap 'exit 0' TERM; sleep 1000"]`;
const compose = (labels = "{v: '1'}") => `
name: nx
services:
  a: {image: ${IMAGE}, command: ${RUN}, networks: [back]}
  b: {image: ${IMAGE}, command: ${RUN}}
  c: {image: ${IMAGE}, command: ${RUN}, networks: [back, default]}
networks:
  back: {labels: ${labels}}
`;

function load(text: string): Project {
  return loadProject({ workingDir: "/p", env: {} }, memoryHost({ "/p/compose.yaml": text })).project;
}

function rig() {
  const runtime = new MemoryRuntime({ images: [{ ref: IMAGE }] });
  const sink = new RecordingSink();
  const up = (project: Project, options: Partial<UpRequest> = {}) =>
    upProject({ runtime, sink }, { project, origin: { projectDir: "/p", configFiles: ["/p/compose.yaml"] }, ...options });
  const ids = async () => Object.fromEntries((await runtime.listContainers({ all: true, labels: { [LABELS.project]: "nx" } })).map((c) => [c.name, c.id]));
  const network = async (name: string) => runtime.inspectNetwork(name);
  const rows = () => sink.events.filter((e): e is ResourceEvent => e.type === "resource" && e.done === true).map((e) => `${e.name} ${e.status}`);
  return { runtime, sink, up, ids, network, rows };
}

const ops = (text: string) => text.split("\n").filter((l) => !l.startsWith("wait "));

describe("a network whose config changed", () => {
  it("is removed and created again, its containers stopped, detached, reattached and started, as Compose does (ids kept)", async () => {
    const r = rig();
    await r.up(load(compose()));
    const before = await r.ids();
    const oldNet = (await r.network("nx_back")).id;
    const p = load(compose("{v: '2'}"));
    const dry = await r.up(p, { dryRun: true });
    expect(ops(describePlan(dry.plan))).toEqual([
      "stop container nx-a-1 (network nx_back recreated)",
      "disconnect container nx-a-1 from network nx_back (network nx_back recreated) after container:nx-a-1:stop-for-network",
      "stop container nx-c-1 (network nx_back recreated)",
      "disconnect container nx-c-1 from network nx_back (network nx_back recreated) after container:nx-c-1:stop-for-network",
      "remove network nx_back (config changed) after network:nx_back:disconnect:nx-a-1, network:nx_back:disconnect:nx-c-1",
      "create network nx_back (config changed) after network:nx_back:remove",
      "connect container nx-a-1 to network nx_back (network nx_back recreated) after network:nx_back:create, network:nx_back:disconnect:nx-a-1",
      "start container nx-a-1 (network nx_back recreated) after network:nx_back:connect:nx-a-1",
      "connect container nx-c-1 to network nx_back (network nx_back recreated) after network:nx_back:create, network:nx_back:disconnect:nx-c-1",
      "start container nx-c-1 (network nx_back recreated) after network:nx_back:connect:nx-c-1",
    ]);
    r.sink.events.length = 0;
    await r.up(p);
    expect(await r.ids()).toEqual(before);
    const net = await r.network("nx_back");
    expect(net.id).not.toBe(oldNet);
    expect(net.labels["v"]).toBe("2");
    expect(Object.values(net.containers).map((c) => c.name).sort()).toEqual(["nx-a-1", "nx-c-1"]);
    expect(r.rows()).toEqual(expect.arrayContaining(["nx-a-1 Stopped", "nx_back Removed", "nx_back Created", "nx-a-1 Started", "nx-c-1 Started", "nx-b-1 Running"]));
    // Reattached with the service's aliases, which Compose 2.40.3 drops.
    const a = await r.runtime.inspectContainer("nx-a-1");
    expect(a.networks["nx_back"]?.aliases).toEqual(expect.arrayContaining(["a"]));
    expect(ops(describePlan((await r.up(p)).plan))).toEqual([""]);
  });

  it("recreates the network even with --no-recreate (Compose does), and a container recreated anyway joins the new one", async () => {
    const r = rig();
    await r.up(load(compose()));
    const p = load(compose("{v: '3'}").replace("networks: [back]}", "networks: [back], environment: {X: '1'}}"));
    const text = describePlan((await r.up(p, { dryRun: true, noRecreate: true })).plan);
    expect(text).toContain("create network nx_back (config changed)");
    expect(text).not.toContain("create container");
    const full = describePlan((await r.up(p, { dryRun: true })).plan);
    expect(full).toMatch(/create container \w+_nx-a-1 \(config changed\) after .*network:nx_back:create/);
    expect(full).not.toMatch(/^connect container nx-a-1/m);
    await r.up(p);
    expect(Object.values((await r.network("nx_back")).containers).map((c) => c.name).sort()).toEqual(["nx-a-1", "nx-c-1"]);
  });

  it("reattaches a container of a service outside this up without starting it unless it was running", async () => {
    const r = rig();
    await r.up(load(compose()));
    await r.runtime.stopContainer("nx-a-1");
    const p = load(compose("{v: '4'}"));
    const text = ops(describePlan((await r.up(p, { dryRun: true, services: ["c"] })).plan));
    expect(text).toContain("disconnect container nx-a-1 from network nx_back (network nx_back recreated)");
    expect(text).toContain("connect container nx-a-1 to network nx_back (network nx_back recreated) after network:nx_back:create, network:nx_back:disconnect:nx-a-1");
    expect(text.join("\n")).not.toContain("start container nx-a-1");
    await r.up(p, { services: ["c"] });
    expect((await r.runtime.inspectContainer("nx-a-1")).state.status).not.toBe("running");
  });

  it("keeps a network without a hash label, another project's, and an external one", async () => {
    const r = rig();
    await r.runtime.createNetwork({ name: "nx_back", labels: { [LABELS.project]: "nx", [LABELS.network]: "back" } });
    await r.runtime.createNetwork({ name: "shared", labels: { [LABELS.project]: "other", [LABELS.network]: "shared", [LABELS.configHash]: "x" } });
    const p = load(`${compose()}  ext: {external: true, name: shared}\n`);
    const text = describePlan((await r.up(p, { dryRun: true })).plan);
    expect(text).not.toMatch(/network nx_back|network shared/);
  });

  it("keeps the old network, with a warning, when a container of another project holds it, and reattaches its own", async () => {
    const r = rig();
    await r.up(load(compose()));
    const foreign = await r.runtime.createContainer({ name: "stranger", image: IMAGE, cmd: ["sh", "-c", "trap 'exit 0' TERM; sleep 1000"], networks: [{ network: "nx_back" }] });
    await r.runtime.startContainer(foreign);
    const oldNet = (await r.network("nx_back")).id;
    const result = await r.up(load(compose("{v: '5'}")));
    expect((await r.network("nx_back")).id).toBe(oldNet);
    expect(result.result?.warnings.join("\n")).toMatch(/network nx_back was not removed: it is still in use by .*stranger/);
    expect(Object.values((await r.network("nx_back")).containers).map((c) => c.name).sort()).toEqual(["nx-a-1", "nx-c-1", "stranger"]);
    expect((await r.runtime.inspectContainer("nx-a-1")).state.status).toBe("running");
  });
});
