import { describe, expect, it } from "vitest";
import { memoryHost } from "../../spec/host.js";
import { loadProject } from "../../spec/load.js";
import type { Project } from "../../spec/project.js";
import { RecordingSink, type MessageEvent, type ResourceEvent } from "../runtime/engine-events.js";
import { MemoryRuntime, type MemoryRuntimeOptions } from "../memory/memory-runtime.js";
import { choosePulls, pullServices, type PullServicesOptions } from "./pull.js";
import type { PullProgress } from "../runtime/runtime.js";

const COMPOSE = `
name: shop
services:
  web:
    image: web:1
    depends_on: [db]
  db:
    image: db:1
    pull_policy: missing
  cache:
    image: cache:1
    pull_policy: never
  app:
    image: app:1
    build: .
  tool:
    build: ./tool
  worker:
    image: web:1
`;

function load(text = COMPOSE, services?: string[]): Project {
  return loadProject({ workingDir: "/p", env: {}, ...(services ? { services } : {}) }, memoryHost({ "/p/compose.yaml": text })).project;
}

const REGISTRY = ["web:1", "db:1", "cache:1", "app:1"].map((ref) => ({ ref }));

/** A memory runtime whose pulls take a few ms, counting how many run at once. */
class SlowPulls extends MemoryRuntime {
  running = 0;
  most = 0;
  override async pullImage(ref: string, options?: { onProgress?: (p: PullProgress) => void }): Promise<void> {
    this.running++;
    this.most = Math.max(this.most, this.running);
    try {
      await new Promise((r) => setTimeout(r, 5));
      await super.pullImage(ref, options);
    } finally {
      this.running--;
    }
  }
}

async function pull(options: PullServicesOptions & { runtime?: MemoryRuntimeOptions; concurrency?: number } = {}) {
  const { runtime: seeds = { registry: REGISTRY }, concurrency, ...rest } = options;
  const runtime = new SlowPulls(seeds);
  const sink = new RecordingSink();
  const result = await pullServices({ runtime, sink, ...(concurrency ? { concurrency } : {}) }, load(), rest).then(
    () => undefined,
    (e: unknown) => e,
  );
  const rows = sink.events.filter((e): e is ResourceEvent => e.type === "resource");
  const statuses = (service: string) => rows.filter((r) => r.name === service).map((r) => r.status);
  const pulled = runtime.eventLog().filter((e) => e.type === "image" && e.action === "pull").map((e) => e.id);
  const warnings = sink.events.filter((e): e is MessageEvent => e.type === "message" && e.level === "warning").map((e) => e.text);
  return { runtime, sink, rows, statuses, pulled, warnings, error: result as (Error & { code?: string }) | undefined };
}

describe("choosePulls", () => {
  it("pulls every image by default, skipping build-only services and pull_policy never, and missing ones already present", async () => {
    const runtime = new MemoryRuntime({ images: [{ ref: "db:1" }, { ref: "web:1" }] });
    const choices = await choosePulls(runtime, load());
    expect(Object.fromEntries(choices.map((c) => [c.service, c.skip ?? `pull ${c.image}`]))).toEqual({
      web: "pull web:1",
      db: "image is already present locally",
      cache: "pull_policy is never",
      app: "pull app:1",
      tool: "no image to be pulled",
      worker: "pull web:1",
    });
  });

  it("--policy missing skips every present image; --policy always pulls even pull_policy never", async () => {
    const runtime = new MemoryRuntime({ images: [{ ref: "web:1" }, { ref: "cache:1" }] });
    const missing = await choosePulls(runtime, load(), { policy: "missing" });
    expect(missing.filter((c) => c.skip === undefined).map((c) => c.service)).toEqual(["db", "app"]);
    const always = await choosePulls(runtime, load(), { policy: "always" });
    expect(always.filter((c) => c.skip === undefined).map((c) => c.service)).toEqual(["web", "db", "cache", "app", "worker"]);
  });

  it("--ignore-buildable skips services with a build section", async () => {
    const choices = await choosePulls(new MemoryRuntime(), load(), { ignoreBuildable: true });
    expect(choices.find((c) => c.service === "app")?.skip).toBe("image can be built");
  });

  it("named services only, unless --include-deps adds their dependencies", async () => {
    const runtime = new MemoryRuntime();
    expect((await choosePulls(runtime, load(COMPOSE, ["web"]), { services: ["web"] })).map((c) => c.service)).toEqual(["web"]);
    expect((await choosePulls(runtime, load(COMPOSE, ["web"]), { services: ["web"], includeDeps: true })).map((c) => c.service)).toEqual(["web", "db"]);
  });

  it("treats if_not_present as missing", async () => {
    const text = "services:\n  a: {image: a:1, pull_policy: if_not_present}\n";
    expect((await choosePulls(new MemoryRuntime({ images: [{ ref: "a:1" }] }), load(text)))[0]?.skip).toBe("image is already present locally");
  });
});

describe("pullServices", () => {
  it("pulls each image once, with one row per service", async () => {
    const r = await pull();
    expect(r.error).toBeUndefined();
    expect(r.pulled.sort()).toEqual(["app:1", "db:1", "web:1"]);
    expect(r.statuses("web")).toEqual(["Pulling", "Pulled"]);
    expect(r.statuses("worker")).toEqual(["Pulling", "Pulled"]);
    expect(r.statuses("cache")).toEqual(["Skipped"]);
    expect(r.statuses("tool")).toEqual(["Skipped"]);
    expect(r.rows.every((row) => row.kind === "service")).toBe(true);
    expect(r.rows.find((row) => row.name === "web" && row.status === "Pulled")).toMatchObject({ done: true, ok: true, detail: "web:1" });
    expect(await r.runtime.inspectImage("web:1")).toBeDefined();
  });

  it("a missing image fails the pull, naming the service and the image", async () => {
    const r = await pull({ runtime: { registry: [{ ref: "db:1" }, { ref: "app:1" }] }, services: ["web"] });
    expect(r.error).toMatchObject({ code: "E_PULL_FAILED" });
    expect(r.error?.message).toContain('service "web": pulling image web:1 failed: the registry could not be reached or refused it');
    expect(r.statuses("web")).toEqual(["Pulling", "Error"]);
    expect(r.rows.find((row) => row.status === "Error")).toMatchObject({ ok: false });
  });

  it("--ignore-pull-failures turns a failed pull into a warning and pulls the rest", async () => {
    const r = await pull({ runtime: { registry: [{ ref: "db:1" }, { ref: "app:1" }] }, ignoreFailures: true });
    expect(r.error).toBeUndefined();
    expect(r.statuses("web")).toEqual(["Pulling", "Warning"]);
    expect(r.pulled.sort()).toEqual(["app:1", "db:1"]);
    expect(r.warnings).toEqual([expect.stringContaining('service "web": pulling image web:1 failed')]);
  });

  it("a buildable image that cannot be pulled lets the others finish, then fails with a hint to build it", async () => {
    const r = await pull({ runtime: { registry: [{ ref: "web:1" }, { ref: "db:1" }] }, concurrency: 1 });
    expect(r.error?.message).toContain('service "app": pulling image app:1 failed');
    expect(r.pulled.sort()).toEqual(["db:1", "web:1"]);
    expect(r.warnings).toEqual(["some service images must be built from source: run `tscompose build app`"]);
  });

  it("runs pulls in parallel, at most --parallel at once", async () => {
    expect((await pull()).runtime.most).toBe(3);
    expect((await pull({ concurrency: 2 })).runtime.most).toBe(2);
  });

  it("--dry-run pulls nothing and says what it would pull", async () => {
    const r = await pull({ dryRun: true });
    expect(r.pulled).toEqual([]);
    const lines = r.sink.events.filter((e): e is MessageEvent => e.type === "message").map((e) => e.text);
    expect(lines).toContain("DRY-RUN pull image web:1 for service worker");
  });
});
