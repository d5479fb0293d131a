import { afterEach, describe, expect, it } from "vitest";
import { executePlan, ExecutionError } from "./execute.js";
import { OperationError } from "./execute-errors.js";
import { FOREVER, IMAGE, op, resourceEvents, rig, statuses, warnings } from "../../test/kits/execute-kit.js";
import type { Readiness } from "../readiness/readiness.js";
import type { HealthcheckSpec } from "../runtime/runtime.js";

const MS = 1e6;
const NET = "network:ex_default:create";
const NEVER_HEALTHY: HealthcheckSpec = { test: ["CMD-SHELL", "echo db not ready; exit 1"], intervalNs: 10 * MS, retries: 2 };

let readinesses: Readiness[] = [];
afterEach(() => {
  for (const r of readinesses) r.close();
  readinesses = [];
});
function setup(options?: Parameters<typeof rig>[0]) {
  const r = rig(options);
  readinesses.push(r.readiness);
  return r;
}

async function failure(promise: Promise<unknown>): Promise<ExecutionError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ExecutionError);
  return error as ExecutionError;
}

/** `svc` waits for `dep` (condition), then starts; `other` is independent of both. */
function gatedPlan(depScript: string, condition: "service_healthy" | "service_completed_successfully", required = true, healthcheck?: HealthcheckSpec) {
  return {
    operations: [
      op.network(),
      op.create("dep", depScript, [NET], healthcheck ? { healthcheck } : {}),
      op.start("dep", ["container:ex-dep-1:create"]),
      op.create("svc", FOREVER, [NET]),
      op.wait("svc", "dep", condition, ["container:ex-dep-1:start"], required),
      op.start("svc", ["container:ex-svc-1:create", "wait:svc:dep"]),
      op.create("other", FOREVER, [NET]),
      op.start("other", ["container:ex-other-1:create"]),
    ],
  };
}

describe("executePlan failures", () => {
  it("skips the dependants of a failed start, finishes independent work and names the service", async () => {
    const { runtime, sink, ctx } = setup();
    const squatter = await runtime.createContainer({ image: IMAGE, cmd: ["sh", "-c", FOREVER], portBindings: [{ containerPort: 80, hostPort: "8080" }] });
    await runtime.startContainer(squatter);
    const plan = gatedPlan(FOREVER, "service_healthy");
    const ops = plan.operations.map((o) => (o.kind === "create-container" && o.service === "dep" ? { ...o, spec: { ...o.spec, portBindings: [{ containerPort: 80, hostPort: "8080" }] } } : o));
    const error = await failure(executePlan({ operations: ops }, ctx));
    expect(error.code).toBe("E_PORT_IN_USE");
    expect(error.kind).toBe("failure");
    expect(error.message).toMatch(/^service "dep": container ex-dep-1 could not be started: .*port is already allocated/);
    expect(error.hint).toContain('change the published port of service "dep"');
    expect(error.result.failed.map((f) => f.operation.id)).toEqual(["container:ex-dep-1:start"]);
    expect([...error.result.skipped].sort()).toEqual(["container:ex-svc-1:start", "wait:svc:dep"]);
    expect(error.result.completed).toContain("container:ex-other-1:start");
    expect(statuses(sink, "ex-dep-1")).toEqual(["Creating", "Created", "Starting", "Error"]);
    expect(resourceEvents(sink, "ex-svc-1").at(-1)).toMatchObject({ status: "Skipped", detail: "not run: start container ex-dep-1 (created) failed" });
    expect((await runtime.inspectContainer("ex-other-1")).state.running).toBe(true);
  });

  it("fails a health-gated dependant when its dependency turns unhealthy, with the dependency's logs", async () => {
    const { runtime, sink, ctx } = setup();
    const error = await failure(executePlan(gatedPlan(`echo starting db; ${FOREVER}`, "service_healthy", true, NEVER_HEALTHY), ctx));
    const [f] = error.result.failed;
    expect(f?.error).toBeInstanceOf(OperationError);
    expect(f?.error.code).toBe("E_CONTAINER_UNHEALTHY");
    expect(f?.error.message).toBe('service "svc": dependency failed to start: container ex-dep-1 is unhealthy (last check: exit 1, "db not ready")');
    expect((f?.error as OperationError).detail).toBe("last 1 log line of ex-dep-1:\n  starting db");
    expect(error.describe()).toContain("\n  last 1 log line of ex-dep-1:\n    starting db");
    expect(statuses(sink, "ex-dep-1").slice(-2)).toEqual(["Waiting", "Error"]);
    expect(statuses(sink, "ex-svc-1")).toEqual(["Creating", "Created", "Skipped"]);
    expect((await runtime.inspectContainer("ex-svc-1")).state.status).toBe("created");
  });

  it("fails a dependant of a one-shot that exits non-zero with Compose's words", async () => {
    const { ctx } = setup();
    const error = await failure(executePlan(gatedPlan("echo migration failed; exit 1", "service_completed_successfully"), ctx));
    expect(error.code).toBe("E_COMPLETED_UNSUCCESSFULLY");
    expect(error.message).toBe('service "svc": container ex-dep-1 didn\'t complete successfully: exit 1');
  });

  it("starts the dependant of a one-shot that exits 0", async () => {
    const { runtime, sink, ctx } = setup();
    await executePlan(gatedPlan("echo migrated", "service_completed_successfully"), ctx);
    expect((await runtime.inspectContainer("ex-svc-1")).state.running).toBe(true);
    expect(statuses(sink, "ex-dep-1").slice(-2)).toEqual(["Waiting", "Exited"]);
  });

  it("only warns when an optional dependency fails, and starts the dependant", async () => {
    const { runtime, sink, ctx } = setup();
    const result = await executePlan(gatedPlan(FOREVER, "service_healthy", false, NEVER_HEALTHY), ctx);
    expect(result.failed).toEqual([]);
    expect((await runtime.inspectContainer("ex-svc-1")).state.running).toBe(true);
    expect(warnings(sink)).toEqual(['optional dependency "dep" failed to start: container ex-dep-1 is unhealthy (last check: exit 1, "db not ready")']);
    expect(statuses(sink, "ex-dep-1").at(-1)).toBe("Skipped");
  });

  it("reports a required dependency without containers as missing", async () => {
    const { ctx } = setup();
    const error = await failure(executePlan({ operations: [op.wait("web", "db", "service_healthy")] }, ctx));
    expect(error.code).toBe("E_DEPENDENCY_MISSING");
    expect(error.message).toBe('service "web" is missing dependency "db"');
    const optional = await executePlan({ operations: [op.wait("web", "db", "service_healthy", [], false)] }, ctx);
    expect(optional.warnings).toEqual(["web is missing dependency db"]);
  });

  it("gives up waiting after the dependency timeout", async () => {
    const { ctx } = setup();
    const slow: HealthcheckSpec = { test: ["CMD", "false"], intervalNs: 10_000 * MS };
    const error = await failure(executePlan(gatedPlan(FOREVER, "service_healthy", true, slow), { ...ctx, dependencyTimeoutMs: 50 }));
    expect(error.code).toBe("E_WAIT_TIMEOUT");
    expect(error.message).toBe('service "svc": dependency failed to start: container ex-dep-1 did not become healthy within 0.1s');
  });

  it("stops launching on abort, ends the waits and reports interrupted", async () => {
    const { sink, ctx } = setup();
    const controller = new AbortController();
    const slow: HealthcheckSpec = { test: ["CMD", "false"], intervalNs: 10_000 * MS };
    setTimeout(() => controller.abort(), 60);
    const error = await failure(executePlan(gatedPlan(FOREVER, "service_healthy", true, slow), { ...ctx, signal: controller.signal }));
    expect(error.kind).toBe("interrupted");
    expect(error.code).toBe("E_INTERRUPTED");
    expect(error.result.interrupted).toBe(true);
    expect(error.result.failed).toEqual([]);
    expect([...error.result.skipped].sort()).toEqual(["container:ex-svc-1:start", "wait:svc:dep"]);
    expect(error.message).toBe("interrupted; 2 operations were not run");
    expect(resourceEvents(sink, "ex-svc-1").at(-1)).toMatchObject({ status: "Skipped", detail: "not run: interrupted" });
  });

  it("says the registry could not be reached when a pull fails, naming service and image", async () => {
    const { ctx } = setup();
    const error = await failure(executePlan({ operations: [op.pull("cache", "redis:7")] }, ctx));
    expect(error.code).toBe("E_PULL_FAILED");
    expect(error.message).toMatch(/^service "cache": could not pull image "redis:7" \(the registry could not be reached or refused it\): /);
    expect(error.hint).toContain("pull_policy");
  });

  it("reports a container name taken by another container", async () => {
    const { runtime, ctx } = setup();
    await runtime.createContainer({ image: IMAGE, name: "ex-web-1" });
    const error = await failure(executePlan({ operations: [op.network(), op.create("web", FOREVER, [NET])] }, ctx));
    expect(error.code).toBe("E_CONTAINER_NAME_CONFLICT");
    expect(error.hint).toContain("container_name");
  });

  it("lists every failure when several independent operations fail", async () => {
    const { ctx } = setup();
    const error = await failure(executePlan({ operations: [op.pull("a", "nope-a:1"), op.pull("b", "nope-b:1")] }, ctx));
    expect(error.problems).toHaveLength(2);
    expect(error.message).toMatch(/^2 operations failed, first: service "a"/);
    expect(error.describe().split("\n")).toHaveLength(2);
  });
});
