import { afterEach, describe, expect, it } from "vitest";
import { InterruptedError, ReadinessError } from "../execute/execute-errors.js";
import { LABELS } from "../runtime/labels.js";
import { MemoryRuntime } from "../memory/memory-runtime.js";
import { Readiness } from "./readiness.js";
import type { ContainerSpec, EventsOptions, HealthcheckSpec, RuntimeEvent } from "../runtime/runtime.js";

const IMAGE = "tscompose-busybox:latest";
const PROJECT = "rdy";
const MS = 1e6;
const FAST: Omit<HealthcheckSpec, "test"> = { intervalNs: 20 * MS, timeoutNs: 500 * MS, retries: 2 };

/** A MemoryRuntime that counts event subscriptions and can drop the first one. */
class CountingRuntime extends MemoryRuntime {
  subscriptions = 0;
  dropFirst = false;
  override events(options?: EventsOptions): AsyncIterable<RuntimeEvent> {
    this.subscriptions++;
    if (this.dropFirst && this.subscriptions === 1) return (async function* () {})();
    return super.events(options);
  }
}

let open: Readiness[] = [];
afterEach(() => {
  for (const r of open) r.close();
  open = [];
});

function setup(options: { dropFirst?: boolean } = {}) {
  const runtime = new CountingRuntime({ images: [{ ref: IMAGE }] });
  runtime.dropFirst = options.dropFirst ?? false;
  const readiness = new Readiness(runtime, { project: PROJECT });
  open.push(readiness);
  const run = async (name: string, script: string, extra: Partial<ContainerSpec> = {}, start = true) => {
    const labels = { [LABELS.project]: PROJECT, [LABELS.service]: name.split("-")[1] ?? name, [LABELS.containerNumber]: name.split("-")[2] ?? "1" };
    const id = await runtime.createContainer({ image: IMAGE, name, cmd: ["sh", "-c", script], labels, ...extra });
    if (start) await runtime.startContainer(id);
    return id;
  };
  return { runtime, readiness, run };
}

const healthyWhenReady: HealthcheckSpec = { test: ["CMD", "test", "-f", "/tmp/ready"], ...FAST, retries: 50 };

describe("Readiness.waitFor", () => {
  it("resolves on the health_status event and reports the event's time", async () => {
    const { runtime, readiness, run } = setup();
    readiness.start();
    await run("rdy-db-1", "sleep 0.1; touch /tmp/ready; sleep 100", { healthcheck: healthyWhenReady });
    const seen = await readiness.waitFor("rdy-db-1", "healthy");
    const event = runtime.eventLog().find((e) => e.action === "health_status" && e.status === "healthy");
    expect(seen.via).toBe("event");
    expect(seen.container).toBe("rdy-db-1");
    expect(seen.observedAt).toBe((event?.timeNano ?? 0) / 1e6);
  });

  it("resolves at once, from the state, when the container is already healthy", async () => {
    const { readiness, run } = setup();
    const id = await run("rdy-db-1", "touch /tmp/ready; sleep 100", { healthcheck: healthyWhenReady });
    await new Promise((r) => setTimeout(r, 100));
    const seen = await readiness.waitFor(id, "healthy");
    expect(seen.via).toBe("inspect");
    expect(seen.id).toBe(id);
  });

  it("opens no event subscription when the state already meets the condition", async () => {
    const { runtime, readiness, run } = setup();
    const id = await run("rdy-db-1", "touch /tmp/ready; sleep 100", { healthcheck: healthyWhenReady });
    await new Promise((r) => setTimeout(r, 100));
    await readiness.waitFor(id, "healthy");
    await readiness.waitFor(id, "running");
    expect(runtime.subscriptions).toBe(0);
  });

  it("subscribes after an inspect that does not settle the wait, and still sees a change made in between", async () => {
    const { runtime, readiness, run } = setup();
    const id = await run("rdy-db-1", "sleep 100", {}, false);
    // The container starts while the first inspect is answered, before any subscription exists.
    const inspect = runtime.inspectContainer.bind(runtime);
    let first = true;
    runtime.inspectContainer = async (ref: string) => {
      const details = await inspect(ref);
      if (first) {
        first = false;
        await runtime.startContainer(id);
      }
      return details;
    };
    const seen = await readiness.waitFor(id, "running");
    expect(seen.via).toBe("event");
    expect(runtime.subscriptions).toBe(1);
  });

  it("shares one event subscription between every wait", async () => {
    const { runtime, readiness, run } = setup();
    await Promise.all([1, 2, 3].map((n) => run(`rdy-db-${n}`, "sleep 0.05; touch /tmp/ready; sleep 100", { healthcheck: healthyWhenReady })));
    await Promise.all([1, 2, 3].map((n) => readiness.waitFor(`rdy-db-${n}`, "healthy")));
    expect(runtime.subscriptions).toBe(1);
  });

  it("fails on unhealthy with the probe's output and the last 10 log lines", async () => {
    const { readiness, run } = setup();
    const lines = Array.from({ length: 12 }, (_, i) => `echo line${i}`).join("; ");
    await run("rdy-db-2", `${lines}; sleep 100`, { healthcheck: { test: ["CMD-SHELL", "echo db not ready; exit 1"], ...FAST } });
    const error = (await readiness.waitFor("rdy-db-2", "healthy").catch((e: unknown) => e)) as ReadinessError;
    expect(error).toBeInstanceOf(ReadinessError);
    expect(error.code).toBe("E_CONTAINER_UNHEALTHY");
    expect(error.message).toBe('container rdy-db-2 is unhealthy (last check: exit 1, "db not ready")');
    expect(error.healthOutput).toBe("db not ready");
    expect(error.logs).toEqual(Array.from({ length: 10 }, (_, i) => `line${i + 2}`));
    expect(error.describe()).toContain("last 10 log lines of rdy-db-2:\n    line2");
  });

  it("fails when the container exits while awaited healthy, with its exit code", async () => {
    const { readiness, run } = setup();
    await run("rdy-db-1", "echo giving up; sleep 0.05; exit 3", { healthcheck: { test: ["CMD", "true"], intervalNs: 10_000 * MS } });
    const error = (await readiness.waitFor("rdy-db-1", "healthy").catch((e: unknown) => e)) as ReadinessError;
    expect(error.code).toBe("E_CONTAINER_EXITED");
    expect(error.message).toBe("container rdy-db-1 exited (3)");
    expect(error.logs).toEqual(["giving up"]);
  });

  it("resolves completed_successfully on exit 0 and fails on any other code", async () => {
    const { readiness, run } = setup();
    await run("rdy-migrate-1", "sleep 0.05; echo migrated");
    await run("rdy-broken-1", "sleep 0.05; echo boom; exit 2");
    const ok = await readiness.waitFor("rdy-migrate-1", "completed_successfully");
    expect(ok).toMatchObject({ via: "event", exitCode: 0 });
    const error = (await readiness.waitFor("rdy-broken-1", "completed_successfully").catch((e: unknown) => e)) as ReadinessError;
    expect(error.code).toBe("E_COMPLETED_UNSUCCESSFULLY");
    expect(error.message).toBe("container rdy-broken-1 didn't complete successfully: exit 2");
    expect(error.logs).toEqual(["boom"]);
  });

  it("says a container was stopped, not that it exited, when a kill preceded its exit (docker stop, an engine shutdown)", async () => {
    const { runtime, readiness, run } = setup();
    const id = await run("rdy-db-1", "trap 'exit 0' TERM; while :; do sleep 0.01 & wait $!; done", { healthcheck: { test: ["CMD", "false"], ...FAST, retries: 1000 } });
    const waiting = readiness.waitFor("rdy-db-1", "healthy").catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 50));
    await runtime.stopContainer(id, { timeoutSeconds: 1 });
    const error = (await waiting) as ReadinessError;
    expect(error.code).toBe("E_CONTAINER_STOPPED");
    expect(error.message).toBe("container rdy-db-1 was stopped by signal 15 (exit 0) while being waited for");
    expect(error.hint).toMatch(/engine restart/);
  });

  it("judges a container that already exited from its state", async () => {
    const { runtime, readiness, run } = setup();
    const id = await run("rdy-migrate-1", "exit 0");
    await runtime.waitContainer(id);
    expect(await readiness.waitFor(id, "completed_successfully")).toMatchObject({ via: "inspect", exitCode: 0 });
    await expect(readiness.waitFor(id, "running")).rejects.toMatchObject({ code: "E_CONTAINER_EXITED" });
  });

  it("refuses healthy for a container without a healthcheck, with Compose's message", async () => {
    const { readiness, run } = setup();
    await run("rdy-web-1", "sleep 100");
    const error = (await readiness.waitFor("rdy-web-1", "healthy").catch((e: unknown) => e)) as ReadinessError;
    expect(error.code).toBe("E_NO_HEALTHCHECK");
    expect(error.message).toBe("container rdy-web-1 has no healthcheck configured");
    expect(error.hint).toContain("service_started");
  });

  it("takes running_or_healthy as running without a healthcheck and healthy with one", async () => {
    const { runtime, readiness, run } = setup();
    await run("rdy-web-1", "sleep 100", {}, false);
    const waiting = readiness.waitFor("rdy-web-1", "running_or_healthy");
    await runtime.startContainer("rdy-web-1");
    expect(await waiting).toMatchObject({ via: "event", condition: "running_or_healthy" });
    await run("rdy-db-1", "sleep 0.05; touch /tmp/ready; sleep 100", { healthcheck: healthyWhenReady });
    const healthy = await readiness.waitFor("rdy-db-1", "running_or_healthy");
    expect(healthy.via).toBe("event");
  });

  it("times out with a clear error", async () => {
    const { readiness, run } = setup();
    await run("rdy-db-1", "echo still booting; sleep 100", { healthcheck: { test: ["CMD", "false"], intervalNs: 10_000 * MS } });
    const error = (await readiness.waitFor("rdy-db-1", "healthy", { timeoutMs: 80 }).catch((e: unknown) => e)) as ReadinessError;
    expect(error.code).toBe("E_WAIT_TIMEOUT");
    expect(error.message).toBe("container rdy-db-1 did not become healthy within 0.1s");
    expect(error.logs).toEqual(["still booting"]);
  });

  it("stops waiting on abort with an InterruptedError", async () => {
    const { readiness, run } = setup();
    await run("rdy-db-1", "sleep 100", { healthcheck: { test: ["CMD", "false"], intervalNs: 10_000 * MS } });
    const controller = new AbortController();
    const waiting = readiness.waitFor("rdy-db-1", "healthy", { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(waiting).rejects.toBeInstanceOf(InterruptedError);
  });

  it("fails for an unknown container", async () => {
    const { readiness } = setup();
    await expect(readiness.waitFor("nope", "running")).rejects.toMatchObject({ code: "E_NO_SUCH_CONTAINER" });
  });

  it("ignores a replayed healthy event from the container's previous run", async () => {
    const { runtime, readiness, run } = setup();
    const script = "if [ -f /tmp/flag ]; then rm /tmp/ready; sleep 100; else touch /tmp/flag; touch /tmp/ready; sleep 100; fi";
    // Probes 200 ms apart: the restarted run's first probe comes after the 150 ms wait below ends,
    // so only the replayed event from the first run can be seen (a 20 ms interval raced the rm).
    const id = await run("rdy-db-1", script, { healthcheck: { test: ["CMD", "test", "-f", "/tmp/ready"], intervalNs: 200 * MS, retries: 1000 } });
    await readiness.waitFor(id, "healthy");
    await new Promise((r) => setTimeout(r, 400)); // well past the freshness slack
    await runtime.stopContainer(id, { timeoutSeconds: 0.01 });
    await runtime.startContainer(id);
    // A fresh subscription replays the last seconds, old healthy event included.
    const replaying = new Readiness(runtime, { project: PROJECT });
    open.push(replaying);
    const error = await replaying.waitFor(id, "healthy", { timeoutMs: 150 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "E_WAIT_TIMEOUT" });
  });

  it("resubscribes when the event stream ends and still sees the state change", async () => {
    const { runtime, readiness, run } = setup({ dropFirst: true });
    readiness.start();
    await run("rdy-db-1", "sleep 0.05; touch /tmp/ready; sleep 100", { healthcheck: healthyWhenReady });
    const seen = await readiness.waitFor("rdy-db-1", "healthy");
    expect(runtime.subscriptions).toBe(2);
    expect(seen.container).toBe("rdy-db-1");
  });
});

describe("Readiness.waitForService", () => {
  it("waits for every container of the service, lowest number first", async () => {
    const { readiness, run } = setup();
    await run("rdy-db-2", "sleep 0.08; touch /tmp/ready; sleep 100", { healthcheck: healthyWhenReady });
    await run("rdy-db-1", "sleep 0.02; touch /tmp/ready; sleep 100", { healthcheck: healthyWhenReady });
    const waiting: string[] = [];
    const met: string[] = [];
    const seen = await readiness.waitForService("db", "healthy", { onWaiting: (cs) => waiting.push(...cs.map((c) => c.name)), onMet: (o) => met.push(o.container) });
    expect(waiting).toEqual(["rdy-db-1", "rdy-db-2"]);
    expect(met).toEqual(["rdy-db-1", "rdy-db-2"]);
    expect(seen.map((o) => o.container)).toEqual(["rdy-db-1", "rdy-db-2"]);
  });

  it("fails for a service without containers", async () => {
    const { readiness } = setup();
    await expect(readiness.waitForService("ghost", "healthy")).rejects.toMatchObject({ code: "E_NO_CONTAINER", message: 'service "ghost" has no container' });
  });
});
