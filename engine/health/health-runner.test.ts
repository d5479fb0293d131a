import { afterEach, describe, expect, it } from "vitest";
import { LABELS } from "../runtime/labels.js";
import { MemoryRuntime } from "../memory/memory-runtime.js";
import { Readiness } from "../readiness/readiness.js";
import type { ContainerDetails, EngineIdentity, HealthcheckSpec, HealthStatus } from "../runtime/runtime.js";
import type { Clock } from "./clock.js";
import { ExternalHealthRunner, type HealthResult } from "./health-runner.js";
import { healthSchedule, nextProbeDelay, silenceDeadline } from "./schedule.js";

const IMAGE = "tscompose-busybox:latest";
const S = 1e9;

/** A clock that moves only when told; due timers fire in order, each followed by the promises it starts. */
class FakeClock implements Clock {
  private t = 1_000_000;
  private timers: { at: number; fn: () => void; live: boolean }[] = [];
  now(): number {
    return this.t;
  }
  after(ms: number, fn: () => void): () => void {
    const timer = { at: this.t + Math.max(0, ms), fn, live: true };
    this.timers.push(timer);
    return () => void (timer.live = false);
  }
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      await settle();
      const due = this.timers.filter((x) => x.live && x.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      due.live = false;
      this.t = due.at;
      due.fn();
    }
    this.t = end;
    await settle();
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
}

/** A memory runtime that never runs checks itself, recording when (on the fake clock) each single check was asked. */
class CheckCountingRuntime extends MemoryRuntime {
  checks: number[] = [];
  identity: EngineIdentity | undefined;
  constructor(
    private readonly clock: FakeClock,
    healthchecks: "engine" | "none" = "none",
  ) {
    super({ images: [{ ref: IMAGE }], healthchecks });
  }
  override identify(): Promise<EngineIdentity> {
    return this.identity ? Promise.resolve(this.identity) : super.identify();
  }
  override runHealthcheck(ref: string): Promise<HealthStatus> {
    this.checks.push(this.clock.now());
    return super.runHealthcheck(ref);
  }
}

const stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

async function started(runtime: MemoryRuntime, healthcheck: HealthcheckSpec, clock: FakeClock): Promise<ContainerDetails> {
  const id = await runtime.createContainer({ image: IMAGE, name: `c${Math.random().toString(16).slice(2, 8)}`, cmd: ["sh", "-c", "sleep 1000"], healthcheck });
  await runtime.startContainer(id);
  const d = await runtime.inspectContainer(id);
  // The schedule counts from the start, on the fake clock.
  return { ...d, state: { ...d.state, startedAt: new Date(clock.now()).toISOString() } };
}

function watch(runner: ExternalHealthRunner, d: ContainerDetails): HealthResult[] {
  const results: HealthResult[] = [];
  stops.push(runner.watch(d, (r) => results.push(r)));
  return results;
}

describe("healthSchedule", () => {
  it("fills in Docker's defaults and follows the start interval only inside the start period", () => {
    const s = healthSchedule({ test: ["CMD", "true"] });
    expect(s).toEqual({ intervalMs: 30_000, timeoutMs: 30_000, retries: 3, startPeriodMs: 0, startIntervalMs: 5_000 });
    const p = healthSchedule({ test: ["CMD", "true"], intervalNs: 10 * S, startPeriodNs: 30 * S, startIntervalNs: 2 * S });
    expect(nextProbeDelay(p, 0, 0, false)).toBe(2_000);
    expect(nextProbeDelay(p, 0, 0, true)).toBe(10_000);
    expect(nextProbeDelay(p, 0, 31_000, false)).toBe(10_000);
    expect(silenceDeadline(p, 0)).toBe(41_000);
  });
});

describe("ExternalHealthRunner", () => {
  it("runs the check through the engine's endpoint on its interval when the engine runs none", async () => {
    const clock = new FakeClock();
    const runtime = new CheckCountingRuntime(clock);
    const d = await started(runtime, { test: ["CMD-SHELL", "exit 0"], intervalNs: 10 * S }, clock);
    const t0 = clock.now();
    const results = watch(new ExternalHealthRunner(runtime, clock), d);
    await clock.advance(9_999);
    expect(runtime.checks).toEqual([]);
    await clock.advance(1);
    expect(runtime.checks).toEqual([t0 + 10_000]);
    expect(results).toEqual([{ status: "healthy", via: "engine" }]);
    expect((await runtime.inspectContainer(d.id)).state.health).toBe("healthy");
    await clock.advance(20_000);
    expect(runtime.checks).toEqual([t0 + 10_000, t0 + 20_000, t0 + 30_000]);
  });

  it("probes at the start interval inside the start period, then at the interval", async () => {
    const clock = new FakeClock();
    const runtime = new CheckCountingRuntime(clock);
    const d = await started(runtime, { test: ["CMD-SHELL", "exit 1"], intervalNs: 10 * S, startPeriodNs: 5 * S, startIntervalNs: 2 * S }, clock);
    const t0 = clock.now();
    watch(new ExternalHealthRunner(runtime, clock), d);
    await clock.advance(26_000);
    expect(runtime.checks.map((t) => t - t0)).toEqual([2_000, 4_000, 6_000, 16_000, 26_000]);
  });

  it("stops when nobody watches any more, and shares one loop between watchers", async () => {
    const clock = new FakeClock();
    const runtime = new CheckCountingRuntime(clock);
    const d = await started(runtime, { test: ["CMD-SHELL", "exit 0"], intervalNs: 1 * S }, clock);
    const runner = new ExternalHealthRunner(runtime, clock);
    const a = runner.watch(d, () => undefined);
    const b = runner.watch(d, () => undefined);
    await clock.advance(3_000);
    expect(runtime.checks).toHaveLength(3);
    a();
    await clock.advance(1_000);
    expect(runtime.checks).toHaveLength(4);
    b();
    await clock.advance(5_000);
    expect(runtime.checks).toHaveLength(4);
  });

  it("never runs a check when the engine runs them", async () => {
    const clock = new FakeClock();
    const runtime = new CheckCountingRuntime(clock, "engine");
    const d = await started(runtime, { test: ["CMD-SHELL", "exit 0"], intervalNs: 1 * S }, clock);
    watch(new ExternalHealthRunner(runtime, clock), d);
    await clock.advance(60_000);
    expect(runtime.checks).toEqual([]);
  });

  it("when it cannot tell, waits out start period + interval: a silent log means it runs them", async () => {
    const clock = new FakeClock();
    const runtime = new CheckCountingRuntime(clock);
    runtime.identity = { kind: "podman", healthchecks: "unknown" };
    const d = await started(runtime, { test: ["CMD-SHELL", "exit 0"], intervalNs: 2 * S, startPeriodNs: 3 * S }, clock);
    const t0 = clock.now();
    watch(new ExternalHealthRunner(runtime, clock), d);
    await clock.advance(5_999);
    expect(runtime.checks).toEqual([]);
    await clock.advance(1_001);
    expect(runtime.checks).toEqual([t0 + 6_000]);
  });

  it("when it cannot tell and the engine's log has a probe, runs none", async () => {
    const clock = new FakeClock();
    const runtime = new CheckCountingRuntime(clock, "engine");
    runtime.identity = { kind: "podman", healthchecks: "unknown" };
    const d = await started(runtime, { test: ["CMD-SHELL", "exit 0"], intervalNs: 20 * 1e6 }, clock);
    await new Promise((r) => setTimeout(r, 100)); // the memory engine's own probes run on real time
    watch(new ExternalHealthRunner(runtime, clock), d);
    await clock.advance(60_000);
    expect(runtime.checks).toEqual([]);
  });

  it("falls back to exec without the endpoint, with the engine's retries", async () => {
    const clock = new FakeClock();
    const runtime = new MemoryRuntime({ images: [{ ref: IMAGE }], healthchecks: "none" });
    Object.defineProperty(runtime, "runHealthcheck", { value: undefined });
    const d = await started(runtime, { test: ["CMD-SHELL", "echo nope; exit 3"], intervalNs: 1 * S, retries: 2 }, clock);
    const results = watch(new ExternalHealthRunner(runtime, clock), d);
    await clock.advance(2_000);
    expect(results.map((r) => [r.status, r.via, r.exitCode])).toEqual([
      ["starting", "exec", 3],
      ["unhealthy", "exec", 3],
    ]);
    expect(results[1]?.output?.trim()).toBe("nope");
  });
});

describe("Readiness with an engine that runs no healthchecks", () => {
  it("a healthy wait is met through the runner's checks", async () => {
    const runtime = new MemoryRuntime({ images: [{ ref: IMAGE }], healthchecks: "none" });
    const labels = { [LABELS.project]: "hr", [LABELS.service]: "db", [LABELS.containerNumber]: "1" };
    const id = await runtime.createContainer({ image: IMAGE, name: "hr-db-1", cmd: ["sh", "-c", "sleep 100"], labels, healthcheck: { test: ["CMD-SHELL", "exit 0"], intervalNs: 30 * 1e6 } });
    await runtime.startContainer(id);
    const readiness = new Readiness(runtime, { project: "hr" });
    try {
      const seen = await readiness.waitFor("hr-db-1", "healthy", { timeoutMs: 5000 });
      expect(seen.id).toBe(id);
      expect((await runtime.inspectContainer(id)).state.health).toBe("healthy");
    } finally {
      readiness.close();
      await runtime.removeContainer(id, { force: true });
    }
  });
});
