import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DockerRuntime } from "../../engine/docker/docker-runtime.js";
import { ReadinessError } from "../../engine/execute/execute-errors.js";
import { LABELS } from "../../engine/runtime/labels.js";
import { Readiness } from "../../engine/readiness/readiness.js";
import type { ContainerSpec, RuntimeEvent } from "../../engine/runtime/runtime.js";
import { cleanupProject, engineOrSkip, TEST_IMAGE, uniqueProject } from "../helpers/engine.js";

const engine = await engineOrSkip("readiness on a real engine");
const project = uniqueProject("tsc-ready");
const MS = 1e6;
const FOREVER = "trap 'exit 0' TERM; while :; do sleep 1 & wait $!; done";

describe.skipIf(!engine)("Readiness on a real engine", () => {
  let runtime: DockerRuntime;
  let readiness: Readiness;

  beforeAll(() => {
    runtime = (engine as NonNullable<typeof engine>).runtime;
    readiness = new Readiness(runtime, { project });
    readiness.start();
  });
  afterAll(async () => {
    readiness?.close();
    if (runtime) await cleanupProject(runtime, project);
  });

  async function run(service: string, script: string, extra: Partial<ContainerSpec> = {}): Promise<string> {
    const id = await runtime.createContainer({
      image: TEST_IMAGE,
      name: `${project}-${service}-1`,
      cmd: ["sh", "-c", script],
      labels: { [LABELS.project]: project, [LABELS.service]: service, [LABELS.containerNumber]: "1", [LABELS.oneoff]: "False" },
      stopTimeoutSeconds: 1,
      ...extra,
    });
    await runtime.startContainer(id);
    return id;
  }

  async function engineEvents(since: number, id: string): Promise<RuntimeEvent[]> {
    // Podman 4.3's file event log drops past events when `until` is already past (its reader
    // stops at once: containers/podman#29579); a second ahead, it reads them all, then stops.
    const podman = (await runtime.identify()).kind === "podman";
    // Docker: one millisecond ahead, since the event that resolved the wait may carry a time later
    // in the very millisecond Date.now() still reports (it failed that way about one run in ten).
    const until = (Date.now() + (podman ? 1000 : 1)) / 1000;
    const out: RuntimeEvent[] = [];
    for await (const e of runtime.events({ since: since / 1000, until, filters: { container: [id] } })) out.push(e);
    return out;
  }

  it("resolves on the engine's health_status event, at that event's time", async () => {
    const since = Date.now() - 1000;
    const identity = await runtime.identify();
    const id = await run("db", `mkdir -p /tmp; sleep 0.5; touch /tmp/ready; ${FOREVER}`, {
      healthcheck: { test: ["CMD", "test", "-f", "/tmp/ready"], intervalNs: 100 * MS, retries: 50 },
    });
    const seen = await readiness.waitFor(`${project}-db-1`, "healthy", { timeoutMs: 30_000 });
    const events = await engineEvents(since, id);
    if (identity.kind === "podman") {
      // Podman without systemd runs no healthcheck itself: tscompose has each check run (libpod's
      // healthcheck endpoint) on the healthcheck's schedule and reads the state the engine recorded
      // right after it, one inspect per check, no polling. Podman 4.3's health_status event cannot
      // settle it: it is emitted as a check begins, with the status of the check before
      // (`starting` for the check that turns it healthy), so `healthy` would only come one interval
      // late, from a check nobody needs.
      expect(identity.healthchecks).toBe("none");
      expect(seen).toMatchObject({ id, container: `${project}-db-1`, via: "inspect", condition: "healthy" });
      const details = await runtime.inspectContainer(id);
      expect(details.state.health).toBe("healthy");
      // Met at the end of the check that turned it healthy, as the engine logged it.
      expect(seen.observedAt).toBe(Date.parse(details.state.lastHealthLog?.end ?? ""));
      // Each of those checks went through the engine: it announced every one.
      expect(events.filter((e) => e.action === "health_status").length).toBeGreaterThan(0);
      return;
    }
    expect(identity.healthchecks).toBe("engine");
    expect(seen).toMatchObject({ id, container: `${project}-db-1`, via: "event", condition: "healthy" });
    const healthy = events.find((e) => e.action === "health_status" && e.status === "healthy");
    expect(healthy).toBeDefined();
    expect(Math.abs(seen.observedAt - (healthy?.timeNano ?? 0) / 1e6)).toBeLessThan(1);
  });

  it("fails on unhealthy with the probe's output and the container's last log lines", async () => {
    await run("sick", `echo booting; echo still booting; ${FOREVER}`, {
      healthcheck: { test: ["CMD-SHELL", "echo probe failed; exit 1"], intervalNs: 100 * MS, retries: 2 },
    });
    const error = (await readiness.waitFor(`${project}-sick-1`, "healthy", { timeoutMs: 30_000 }).catch((e: unknown) => e)) as ReadinessError;
    expect(error).toBeInstanceOf(ReadinessError);
    expect(error.code).toBe("E_CONTAINER_UNHEALTHY");
    expect(error.message).toBe(`container ${project}-sick-1 is unhealthy (last check: exit 1, "probe failed")`);
    expect(error.logs).toEqual(["booting", "still booting"]);
  });

  it("resolves completed_successfully when a one-shot exits 0", async () => {
    await run("migrate", "sleep 0.3; echo migrated");
    const seen = await readiness.waitFor(`${project}-migrate-1`, "completed_successfully", { timeoutMs: 30_000 });
    expect(seen).toMatchObject({ exitCode: 0, condition: "completed_successfully" });
  });

  it("fails completed_successfully when a one-shot exits 1, showing its output", async () => {
    await run("broken", "sleep 0.3; echo cannot reach database; exit 1");
    const error = (await readiness.waitFor(`${project}-broken-1`, "completed_successfully", { timeoutMs: 30_000 }).catch((e: unknown) => e)) as ReadinessError;
    expect(error.code).toBe("E_COMPLETED_UNSUCCESSFULLY");
    expect(error.message).toBe(`container ${project}-broken-1 didn't complete successfully: exit 1`);
    expect(error.logs).toEqual(["cannot reach database"]);
  });

  it("waits for every container of a service", async () => {
    await run("web", FOREVER);
    const seen = await readiness.waitForService("web", "running_or_healthy", { timeoutMs: 30_000 });
    expect(seen.map((o) => o.container)).toEqual([`${project}-web-1`]);
  });
});
