import { describe, expect, it } from "vitest";
import type { Service, Task, TaskState } from "./api-types.js";
import { serviceProgress, taskError } from "./converge.js";

const DEPLOY = Date.parse("2026-01-01T00:00:10Z");

function service(over: Partial<Service> = {}, replicas = 2): Service {
  return {
    ID: "svc1",
    Version: { Index: 3 },
    Spec: { Name: "st_web", Labels: {}, TaskTemplate: { ContainerSpec: { Image: "img" } }, Mode: { Replicated: { Replicas: replicas } } },
    ServiceStatus: { DesiredTasks: replicas, RunningTasks: 0 },
    ...over,
  };
}

function task(id: string, state: TaskState, desired: TaskState = "running", over: Partial<Task> = {}): Task {
  return {
    ID: id,
    ServiceID: "svc1",
    Spec: { ContainerSpec: { Image: "img" } },
    DesiredState: desired,
    CreatedAt: "2026-01-01T00:00:11Z",
    Status: { State: state, Timestamp: "2026-01-01T00:00:12Z" },
    ...over,
  };
}

describe("serviceProgress of a job", () => {
  const job = (mode: Service["Spec"]["Mode"], iteration?: number) =>
    service({ Spec: { Name: "st_migrate", Labels: {}, TaskTemplate: { ContainerSpec: { Image: "img" } }, Mode: mode }, ...(iteration !== undefined ? { JobStatus: { JobIteration: { Index: iteration } } } : {}) });
  const done = (id: string, iteration?: number) => task(id, "complete", "complete", iteration !== undefined ? { JobIteration: { Index: iteration } } : {});

  it("a replicated job converges once TotalCompletions tasks completed (running tasks do not count)", () => {
    const mode = { ReplicatedJob: { MaxConcurrent: 2, TotalCompletions: 3 } };
    expect(serviceProgress(job(mode), [done("a"), done("b"), task("c", "running", "complete")], DEPLOY)).toMatchObject({ running: 2, desired: 3, job: true, converged: false });
    expect(serviceProgress(job(mode), [done("a"), done("b"), done("c")], DEPLOY)).toMatchObject({ running: 3, desired: 3, converged: true });
    expect(serviceProgress(job({ ReplicatedJob: {} }), [done("a")], DEPLOY)).toMatchObject({ desired: 1, converged: true });
  });

  it("counts only the tasks of the job's current run", () => {
    const mode = { ReplicatedJob: { TotalCompletions: 1 } };
    expect(serviceProgress(job(mode, 1), [done("old", 0)], DEPLOY)).toMatchObject({ running: 0, converged: false });
    expect(serviceProgress(job(mode, 1), [done("old", 0), done("new", 1)], DEPLOY)).toMatchObject({ running: 1, converged: true });
  });

  it("a global job converges once it has tasks and all completed; a failed task fails it", () => {
    expect(serviceProgress(job({ GlobalJob: {} }), [], DEPLOY).converged).toBe(false);
    expect(serviceProgress(job({ GlobalJob: {} }), [done("a"), task("b", "running", "complete")], DEPLOY)).toMatchObject({ running: 1, desired: 2, converged: false });
    expect(serviceProgress(job({ GlobalJob: {} }), [done("a"), done("b")], DEPLOY)).toMatchObject({ running: 2, desired: 2, converged: true });
    const failed = task("c", "failed", "complete", { Status: { State: "failed", Err: "task: non-zero exit (3)", ContainerStatus: { ExitCode: 3 } } });
    expect(serviceProgress(job({ GlobalJob: {} }), [done("a"), failed], DEPLOY).failure?.error).toBe("task: non-zero exit (3)");
  });
});

describe("serviceProgress", () => {
  it("is converged when as many tasks meant to run do run as are desired", () => {
    const p = serviceProgress(service(), [task("a", "running"), task("b", "running")], DEPLOY);
    expect(p).toMatchObject({ name: "st_web", running: 2, desired: 2, converged: true });
  });

  it("does not count a task that is still starting (Swarm keeps a task with a healthcheck starting until healthy)", () => {
    const p = serviceProgress(service(), [task("a", "running"), task("b", "starting")], DEPLOY);
    expect(p).toMatchObject({ running: 1, converged: false });
  });

  it("does not count an old task still running mid-update, nor another service's tasks", () => {
    const tasks = [task("a", "running"), task("old", "running", "shutdown"), task("x", "running", "running", { ServiceID: "other" })];
    expect(serviceProgress(service(), tasks, DEPLOY)).toMatchObject({ running: 1, converged: false });
  });

  it("is not converged while an update is under way, and reports an update that paused", () => {
    const tasks = [task("a", "running"), task("b", "running")];
    expect(serviceProgress(service({ UpdateStatus: { State: "updating" } }), tasks, DEPLOY)).toMatchObject({ converged: false, update: "updating" });
    expect(serviceProgress(service({ UpdateStatus: { State: "paused" } }), tasks, DEPLOY)).toMatchObject({ converged: false, update: "paused" });
    expect(serviceProgress(service({ UpdateStatus: { State: "completed" } }), tasks, DEPLOY)).toMatchObject({ converged: true });
  });

  it("reports the newest failure of a task created by the deploy, with its error, and ignores older tasks' failures", () => {
    const old = task("old", "failed", "shutdown", { CreatedAt: "2026-01-01T00:00:05Z", Status: { State: "failed", Err: "old spec failed", Timestamp: "2026-01-01T00:00:15Z" } });
    const first = task("f1", "failed", "shutdown", { Status: { State: "failed", Err: "task: non-zero exit (1)", Timestamp: "2026-01-01T00:00:13Z" } });
    const second = task("f2", "rejected", "shutdown", { Status: { State: "rejected", Err: "No such image: nope:latest", Timestamp: "2026-01-01T00:00:14Z" } });
    expect(serviceProgress(service(), [old], DEPLOY).failure).toBeUndefined();
    const p = serviceProgress(service(), [old, first, second], DEPLOY);
    expect(p.failure?.task.ID).toBe("f2");
    expect(p.failure?.error).toBe("No such image: nope:latest");
  });

  it("says why a task waits (no suitable node), and takes a global service's desired count from the engine", () => {
    const waiting = task("p", "pending", "running", { Status: { State: "pending", Err: "no suitable node (scheduling constraints not satisfied on 1 node)" } });
    const global = service({ Spec: { Name: "st_agent", Labels: {}, TaskTemplate: { ContainerSpec: { Image: "img" } }, Mode: { Global: {} } }, ServiceStatus: { DesiredTasks: 3 } });
    const p = serviceProgress(global, [task("a", "running"), waiting], DEPLOY);
    expect(p).toMatchObject({ running: 1, desired: 3, converged: false, pending: "no suitable node (scheduling constraints not satisfied on 1 node)" });
  });

  it("counts a service scaled to zero as converged once nothing runs", () => {
    expect(serviceProgress(service({}, 0), [task("old", "shutdown", "shutdown")], DEPLOY)).toMatchObject({ running: 0, desired: 0, converged: true });
  });
});

describe("taskError", () => {
  it("adds the exit code when the engine's error does not already say it", () => {
    expect(taskError(task("a", "failed", "shutdown", { Status: { State: "failed", Err: "task: non-zero exit (3)", ContainerStatus: { ExitCode: 3 } } }))).toBe("task: non-zero exit (3)");
    expect(taskError(task("a", "failed", "shutdown", { Status: { State: "failed", Err: "starting container failed", ContainerStatus: { ExitCode: 127 } } }))).toBe("starting container failed (exit code 127)");
    expect(taskError(task("a", "rejected", "shutdown", { Status: { State: "rejected", Message: "preparing" } }))).toBe("preparing");
  });
});
