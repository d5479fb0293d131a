import { describe, expect, it } from "vitest";
import { memoryHost } from "../../spec/host.js";
import { loadProject } from "../../spec/load.js";
import type { Project } from "../../spec/project.js";
import { RecordingSink, type MessageEvent, type ResourceEvent } from "../runtime/engine-events.js";
import { MemoryRuntime } from "../memory/memory-runtime.js";
import { expectRuntimeError } from "../../test/contracts/runtime-contract-helpers.js";
import { choosePushes, pushServices, type PushServicesOptions } from "./push.js";

const COMPOSE = `
name: shop
services:
  api:
    image: registry.example:5000/shop/api:1
    build:
      context: .
      tags: ["registry.example:5000/shop/api:latest"]
    depends_on: [worker]
  worker:
    image: registry.example:5000/shop/worker:1
    build: ./worker
  db:
    image: db:1
  local:
    build: ./local
`;

function load(): Project {
  return loadProject({ workingDir: "/p", env: {} }, memoryHost({ "/p/compose.yaml": COMPOSE })).project;
}

const BUILT = ["registry.example:5000/shop/api:1", "registry.example:5000/shop/api:latest", "registry.example:5000/shop/worker:1"].map((ref) => ({ ref }));

async function push(options: PushServicesOptions = {}, runtime = new MemoryRuntime({ images: BUILT })) {
  const sink = new RecordingSink();
  const error = await pushServices({ runtime, sink }, load(), options).then(
    () => undefined,
    (e: unknown) => e as Error & { code?: string; hint?: string },
  );
  const rows = sink.events.filter((e): e is ResourceEvent => e.type === "resource");
  const statuses = (name: string) => rows.filter((r) => r.name === name).map((r) => r.status);
  const warnings = sink.events.filter((e): e is MessageEvent => e.type === "message" && e.level === "warning").map((e) => e.text);
  return { runtime, rows, statuses, warnings, error };
}

describe("choosePushes", () => {
  it("pushes services with both build and image (their image and build tags), and skips the others", () => {
    expect(choosePushes(load())).toEqual([
      { service: "api", tags: ["registry.example:5000/shop/api:1", "registry.example:5000/shop/api:latest"] },
      { service: "worker", tags: ["registry.example:5000/shop/worker:1"] },
      { service: "db", tags: [], skip: "no build section" },
      { service: "local", tags: [], skip: "no image to push to" },
    ]);
  });

  it("named services only, unless --include-deps adds their dependencies", () => {
    expect(choosePushes(load(), { services: ["api"] }).map((c) => c.service)).toEqual(["api"]);
    expect(choosePushes(load(), { services: ["api"], includeDeps: true }).map((c) => c.service)).toEqual(["api", "worker"]);
  });
});

describe("pushServices", () => {
  it("pushes every tag once, with Pushing/Pushed rows, when the registry accepts them", async () => {
    const r = await push({}, new MemoryRuntime({ images: BUILT, acceptPushes: true }));
    expect(r.error).toBeUndefined();
    expect([...r.runtime.pushes].sort()).toEqual(BUILT.map((b) => b.ref));
    expect(r.statuses("registry.example:5000/shop/api:latest")).toEqual(["Pushing", "Pushed"]);
    expect(r.rows.find((row) => row.status === "Pushed")).toMatchObject({ kind: "image", service: "api", done: true, ok: true });
    expect(r.statuses("db")).toEqual(["Skipped"]);
  });

  it("a registry that cannot be reached fails the push, naming the service and the image", async () => {
    const r = await push({ services: ["worker"] });
    expect(r.error).toMatchObject({ code: "E_PUSH_FAILED" });
    expect(r.error?.message).toContain('service "worker": pushing image registry.example:5000/shop/worker:1 failed: the registry could not be reached or refused it');
    expect(r.statuses("registry.example:5000/shop/worker:1")).toEqual(["Pushing", "Error"]);
  });

  it("an image not built yet is not present locally, with a hint to build it", async () => {
    const r = await push({ services: ["worker"] }, new MemoryRuntime({ acceptPushes: true }));
    expect(r.error).toMatchObject({ code: "E_IMAGE_MISSING", hint: "Build it first with `tscompose build worker`." });
  });

  it("--ignore-push-failures warns and pushes the rest", async () => {
    const r = await push({ ignoreFailures: true });
    expect(r.error).toBeUndefined();
    expect(r.runtime.pushes).toHaveLength(3);
    expect(r.warnings).toHaveLength(3);
    expect(r.statuses("registry.example:5000/shop/worker:1")).toEqual(["Pushing", "Warning"]);
  });

  it("--dry-run pushes nothing", async () => {
    const r = await push({ dryRun: true });
    expect(r.runtime.pushes).toEqual([]);
  });
});

describe("MemoryRuntime.pushImage", () => {
  it("fails as an unreachable registry by default; with acceptPushes the image can be pulled back", async () => {
    const ref = "localhost:5999/app:1";
    const refused = await expectRuntimeError(new MemoryRuntime({ images: [{ ref }] }).pushImage(ref), "other");
    expect(refused.message).toContain('Get "http://localhost:5999/v2/"');
    const rt = new MemoryRuntime({ images: [{ ref }], acceptPushes: true });
    await rt.pushImage(ref);
    await rt.removeImage(ref);
    await rt.pullImage(ref);
    expect(await rt.inspectImage(ref)).toBeDefined();
  });
});
