import { describe, expect, it } from "vitest";
import { serviceConfigHash } from "../../spec/compose-go/hash.js";
import { memoryHost } from "../../spec/host.js";
import { loadProject } from "../../spec/load.js";
import type { Project } from "../../spec/project.js";
import { RecordingSink } from "../runtime/engine-events.js";
import { LABELS } from "../runtime/labels.js";
import { MemoryRuntime } from "../memory/memory-runtime.js";
import { describePlan } from "./operations.js";
import { resolvedConfigHash, resolveServiceReferences, serviceReferences } from "./plan-up-hash.js";
import { upProject, type UpRequest } from "../verbs/up.js";

const IMAGE = "tscompose-busybox:latest";
const COMPOSE = `
name: ns
services:
  db:
    image: ${IMAGE}
    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 1000"]
    ipc: shareable
  app:
    image: ${IMAGE}
    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 1000"]
    network_mode: service:db
    pid: service:db
  side:
    image: ${IMAGE}
    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 1000"]
    ipc: service:db
    volumes_from: [db, "db:ro"]
`;

const MEASURED = `
name: nsx
services:
  db:
    image: tscompose-busybox:latest
    command: sleep 3600
    volumes: [/data]
    ipc: shareable
  app:
    image: tscompose-busybox:latest
    command: sleep 3600
    network_mode: service:db
    pid: service:db
  side:
    image: tscompose-busybox:latest
    command: sleep 3600
    ipc: service:db
    volumes_from: [db, "db:ro"]
`;

function load(text = COMPOSE): Project {
  return loadProject({ workingDir: "/p", env: {} }, memoryHost({ "/p/compose.yaml": text })).project;
}

function rig() {
  const runtime = new MemoryRuntime({ images: [{ ref: IMAGE }] });
  const sink = new RecordingSink();
  const up = (project: Project, options: Partial<UpRequest> = {}) =>
    upProject({ runtime, sink }, { project, origin: { projectDir: "/p", configFiles: ["/p/compose.yaml"] }, ...options });
  const label = async (name: string) => (await runtime.inspectContainer(name)).labels[LABELS.configHash];
  const id = async (name: string) => (await runtime.inspectContainer(name)).id;
  return { runtime, up, label, id };
}

describe("config hashes of services that join another service's containers", () => {
  it("resolves service: references as Compose 2.40 hashes them (values measured on Compose 2.40.3)", () => {
    // Compose 2.40.3 up -d of this file labelled db's container with db's config --hash, and app's
    // and side's with the hashes below, db's container having the id below.
    const p = load(MEASURED);
    const db = "e47770f9a94fb02b02fb271500d75531555b47a47a7ccd3a7c4c48fff42d1330";
    const idOf = (s: string) => (s === "db" ? db : undefined);
    expect(serviceReferences(p.services["side"]!)).toEqual(["db"]);
    expect(resolveServiceReferences(p.services["app"]!, idOf)).toMatchObject({ network_mode: `container:${db}`, pid: `container:${db}` });
    const legacy = load(COMPOSE.replace('"db:ro"', '"db:ro", "container:legacy:rw"'));
    expect(resolveServiceReferences(legacy.services["side"]!, idOf).volumes_from).toEqual([db, db, "legacy"]);
    expect(resolvedConfigHash(p.services["db"]!, idOf)).toBe(serviceConfigHash(p.services["db"]!));
    expect(resolvedConfigHash(p.services["app"]!, idOf)).toBe("fb003e6c3d0da163b9cf859ecd6dbc28aeec1637fa92bd7c6eaff68359720393");
    expect(resolvedConfigHash(p.services["side"]!, idOf)).toBe("6804e06a8fc9dbd740137b935dfdea5e402c2bda180a479e08b7e2c6cb6beead");
  });

  it("labels a dependant created in the same run with the hash of its referenced container's id (executor computes it)", async () => {
    const r = rig();
    const p = load();
    const out = await r.up(p, { dryRun: true });
    const text = describePlan(out.plan);
    expect(text).toContain("create container ns-app-1 (missing) hashed with db after container:ns-db-1:create");
    const real = await r.up(p);
    expect(real.result).toBeDefined();
    const db = await r.id("ns-db-1");
    expect(await r.label("ns-app-1")).toBe(resolvedConfigHash(p.services["app"]!, () => db));
    expect(await r.label("ns-side-1")).toBe(resolvedConfigHash(p.services["side"]!, () => db));
    expect(await r.label("ns-db-1")).toBe(serviceConfigHash(p.services["db"]!));
  });

  it("re-ups a converged project as a no-op: the hash is resolved at plan time when the referenced container is kept", async () => {
    const r = rig();
    const p = load();
    await r.up(p);
    const again = await r.up(p);
    expect(again.plan.operations.filter((op) => op.kind !== "wait-dependency")).toEqual([]);
    expect(again.plan.unchanged.map((c) => c.name).sort()).toEqual(["ns-app-1", "ns-db-1", "ns-side-1"]);
  });

  it("recreates the dependants when the referenced service is recreated, labelled with its new id", async () => {
    const r = rig();
    await r.up(load());
    const before = await r.id("ns-app-1");
    const p = load(COMPOSE.replace("ipc: shareable", "ipc: shareable\n    environment: {V: '2'}"));
    const out = await r.up(p);
    const text = describePlan(out.plan);
    expect(text).toMatch(/create container \w+_ns-app-1 \(db recreated\) hashed with db after .*container:ns-db-1:rename/);
    const db = await r.id("ns-db-1");
    expect(await r.id("ns-app-1")).not.toBe(before);
    expect(await r.label("ns-app-1")).toBe(resolvedConfigHash(p.services["app"]!, () => db));
    expect((await r.up(p)).plan.operations.filter((op) => op.kind !== "wait-dependency")).toEqual([]);
  });

  it("recreates only the dependant when its own config changes, and nothing with --no-recreate", async () => {
    const r = rig();
    const p = load();
    await r.up(p);
    const stale = load(COMPOSE.replace("pid: service:db", "pid: service:db\n    labels: {x: y}"));
    const text = describePlan((await r.up(stale, { dryRun: true })).plan);
    expect(text).toContain("create container ");
    expect(text).toMatch(/_ns-app-1 \(config changed\)/);
    expect(text).not.toMatch(/ns-(db|side)-1 \(/);
    expect(describePlan((await r.up(stale, { dryRun: true, noRecreate: true })).plan)).not.toContain("create container");
  });
});

describe("resolvedConfigHash with use_api_socket", () => {
  it("labels the service as Compose 2.40.3 did on this file (measured), with the socket, DOCKER_CONFIG and credentials config added", () => {
    const p = loadProject({ workingDir: "/p", env: {} }, memoryHost({ "/p/compose.yaml": "services: {app: {image: tscompose-busybox:latest, use_api_socket: true}}\n" })).project;
    const app = p.services["app"]!;
    expect(resolvedConfigHash(app, () => undefined)).toBe("7e25ed214cea352a7eab0821e3b50bbb72f1835344040ce1f1d439f4c2417a14");
    expect(resolvedConfigHash(app, () => undefined)).not.toBe(serviceConfigHash(app));
  });
});
