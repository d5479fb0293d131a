import { describe, expect, it } from "vitest";
import { InterruptedError } from "../../engine/execute/execute-errors.js";
import { MemoryRuntime } from "../../engine/memory/memory-runtime.js";
import { verbsRig } from "../../test/kits/verbs-kit.js";
import { ProbeError } from "./probe-error.js";
import { runProbe, runProbes } from "./probe-runner.js";
import { log, type Probe } from "./probes.js";

const COMPOSE = `
name: p
services:
  app:
    image: tscompose-busybox:latest
    command: ["sh", "-c", "echo starting; echo listening on 8080; trap 'exit 0' TERM; while :; do sleep 1; done"]
`;

/** A probe that fails `failures` times with numbered errors, then passes. */
function flaky(failures: number, timeoutMs = 2000): Probe & { attempts: number } {
  const probe = {
    service: "app",
    description: "flaky app",
    timeoutMs,
    intervalMs: 10,
    attempts: 0,
    check() {
      probe.attempts += 1;
      return probe.attempts > failures ? Promise.resolve() : Promise.reject(new Error(`attempt ${probe.attempts} refused`));
    },
  };
  return probe;
}

describe("runProbe", () => {
  it("retries until the probe passes", async () => {
    const probe = flaky(3);
    await runProbe(probe, { runtime: new MemoryRuntime(), projectName: "p", connection: {} });
    expect(probe.attempts).toBe(4);
  });

  it("fails after its timeout with the probe, the last error and the service's last log lines", async () => {
    const rig = verbsRig(COMPOSE);
    await rig.up();
    await new Promise((r) => setTimeout(r, 50));
    const error = await runProbe(flaky(1_000_000, 200), { runtime: rig.runtime, projectName: "p", connection: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProbeError);
    const e = error as ProbeError;
    expect(e.code).toBe("E_PROBE_TIMEOUT");
    expect(e.message).toMatch(/^probe flaky app did not pass within 200ms; last error: attempt \d+ refused$/);
    expect(e.logs).toEqual(["starting", "listening on 8080"]);
    expect(e.describe()).toContain("last 2 log lines of service app:");
  });

  it("stops with an InterruptedError when the caller aborts", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await runProbe(flaky(1_000_000, 5000), { runtime: new MemoryRuntime(), projectName: "p", connection: {}, signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InterruptedError);
  });
});

describe("log probe", () => {
  it("passes on a matching line, also one printed before it started", async () => {
    const rig = verbsRig(COMPOSE);
    await rig.up();
    await runProbes([log("app", /listening on \d+/, { timeoutMs: 2000 })], { runtime: rig.runtime, projectName: "p", connection: {} });
  });

  it("times out naming the pattern when no line matches", async () => {
    const rig = verbsRig(COMPOSE);
    await rig.up();
    const error = await runProbes([log("app", /never printed/, { timeoutMs: 300 })], { runtime: rig.runtime, projectName: "p", connection: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProbeError);
    expect((error as ProbeError).message).toContain("probe log app /never printed/ did not pass within 300ms");
  });
});
