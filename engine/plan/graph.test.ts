import { describe, expect, it } from "vitest";
import { ComposeError, ProjectError } from "../../spec/errors.js";
import { InterruptedError } from "../execute/execute-errors.js";
import { runDag, serviceGraph, walk, withDependants, withDependencies, type GraphSource, type SkipReason } from "./graph.js";

const dep = { condition: "service_started", required: true, restart: false } as const;

/** A project whose services depend on the listed ones. */
function project(edges: Record<string, string[]>): GraphSource {
  return { services: Object.fromEntries(Object.entries(edges).map(([s, ds]) => [s, { depends_on: Object.fromEntries(ds.map((d) => [d, dep])) }])) };
}

const tick = () => new Promise((r) => setTimeout(r, 1));

/** Records visit order and overlap; each visit takes a few ticks. */
function recorder(fail?: string) {
  const log: string[] = [];
  let running = 0;
  let peak = 0;
  const visit = async (s: string) => {
    running++;
    peak = Math.max(peak, running);
    log.push(`start ${s}`);
    await tick();
    await tick();
    running--;
    log.push(`end ${s}`);
    if (s === fail) throw new Error(`${s} broke`);
  };
  return { log, visit, peak: () => peak };
}

function before(log: string[], a: string, b: string): boolean {
  return log.indexOf(a) >= 0 && log.indexOf(a) < log.indexOf(b);
}

describe("serviceGraph", () => {
  it("builds dependencies and dependants from depends_on, dropping services not in the project", () => {
    const g = serviceGraph(project({ web: ["api", "ghost"], api: ["db"], db: [] }));
    expect(g.services).toEqual(["web", "api", "db"]);
    expect(g.dependencies.get("web")).toEqual(["api"]);
    expect(g.dependants.get("db")).toEqual(["api"]);
    expect(g.dependants.get("web")).toEqual([]);
  });

  it("reports a cycle as a ProjectError naming the path", () => {
    let error: unknown;
    try {
      serviceGraph(project({ a: ["b"], b: ["c"], c: ["a"], d: [] }));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ProjectError);
    expect((error as ProjectError).code).toBe("E_DEPENDENCY_CYCLE");
    expect((error as ProjectError).message).toBe("dependency cycle: a -> b -> c -> a");
    expect((error as ProjectError).kind).toBe("bad-input");
  });

  it("reports a service depending on itself", () => {
    expect(() => serviceGraph(project({ a: ["a"] }))).toThrow("dependency cycle: a -> a");
  });
});

describe("withDependencies / withDependants", () => {
  const g = serviceGraph(project({ web: ["api"], api: ["db", "cache"], db: [], cache: [], admin: ["db"] }));

  it("keeps the named services and everything they need", () => {
    const sub = withDependencies(g, ["api"]);
    expect(sub.services).toEqual(["api", "db", "cache"]);
    expect(sub.dependants.get("db")).toEqual(["api"]);
  });

  it("keeps the named services and everything that needs them", () => {
    const sub = withDependants(g, ["db"]);
    expect(sub.services).toEqual(["web", "api", "db", "admin"]);
    expect(sub.dependencies.get("api")).toEqual(["db"]);
  });

  it("refuses an unknown service", () => {
    expect(() => withDependencies(g, ["nope"])).toThrow(expect.objectContaining({ code: "E_NO_SUCH_SERVICE", message: "no such service: nope" }));
  });
});

describe("walk", () => {
  const g = serviceGraph(project({ web: ["api"], api: ["db", "cache"], db: [], cache: [], worker: ["db"] }));

  it("goes up from the leaves, a service only after all its dependencies, independent ones together", async () => {
    const r = recorder();
    await walk(g, "up", r.visit);
    expect(before(r.log, "end db", "start api")).toBe(true);
    expect(before(r.log, "end cache", "start api")).toBe(true);
    expect(before(r.log, "end api", "start web")).toBe(true);
    expect(before(r.log, "end db", "start worker")).toBe(true);
    expect(r.log.slice(0, 2).sort()).toEqual(["start cache", "start db"]);
    expect(r.log.filter((l) => l.startsWith("start"))).toHaveLength(5);
  });

  it("goes down from the roots, a service only after all its dependants", async () => {
    const r = recorder();
    await walk(g, "down", r.visit);
    expect(before(r.log, "end web", "start api")).toBe(true);
    expect(before(r.log, "end api", "start db")).toBe(true);
    expect(before(r.log, "end worker", "start db")).toBe(true);
    expect(before(r.log, "end api", "start cache")).toBe(true);
    expect(r.log.slice(0, 2).sort()).toEqual(["start web", "start worker"]);
  });

  it("respects a concurrency bound", async () => {
    const wide = serviceGraph(project(Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`s${i}`, []]))));
    const r = recorder();
    await walk(wide, "up", r.visit, { concurrency: 3 });
    expect(r.peak()).toBe(3);
    const unbounded = recorder();
    await walk(wide, "up", unbounded.visit);
    expect(unbounded.peak()).toBe(8);
  });

  it("stops launching after a failure and rejects once in-flight visits settled", async () => {
    const r = recorder("db");
    await expect(walk(g, "up", r.visit)).rejects.toThrow("db broke");
    expect(r.log).toContain("end cache");
    expect(r.log).not.toContain("start api");
    expect(r.log).not.toContain("start worker");
  });

  it("stops on abort with an InterruptedError after in-flight visits", async () => {
    const controller = new AbortController();
    const r = recorder();
    const visit = async (s: string) => {
      await r.visit(s);
      if (s === "db") controller.abort();
    };
    const error = await walk(g, "up", visit, { signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InterruptedError);
    expect((error as InterruptedError).kind).toBe("interrupted");
    expect(r.log).toContain("end cache");
    expect(r.log).not.toContain("start api");
  });
});

describe("runDag", () => {
  it("with skip-dependants, skips only what depends on a failure and keeps the rest going", async () => {
    const skipped: [string, SkipReason<string>][] = [];
    const edges: Record<string, string[]> = { a: [], b: ["a"], c: ["b"], d: [] , e: ["d"] };
    const outcome = await runDag(Object.keys(edges), (n) => edges[n] ?? [], async (n) => {
      await tick();
      if (n === "a") throw new Error("a failed");
    }, { onFailure: "skip-dependants", onSkip: (n, why) => skipped.push([n, why]) });
    expect(outcome.completed.sort()).toEqual(["d", "e"]);
    expect(outcome.failed.map((f) => f.node)).toEqual(["a"]);
    expect(outcome.skipped.sort()).toEqual(["b", "c"]);
    expect(skipped).toContainEqual(["c", { kind: "prerequisite-failed", prerequisite: "a" }]);
    expect(outcome.interrupted).toBe(false);
  });

  it("does not count unbounded nodes against the concurrency limit", async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const order: string[] = [];
    const nodes = ["wait", "x", "y"];
    const outcome = runDag(nodes, () => [], async (n) => {
      order.push(n);
      if (n === "wait") await gate;
      else await tick();
    }, { concurrency: 1, unbounded: (n) => n === "wait" });
    await tick();
    await tick();
    await tick();
    expect(order).toEqual(["wait", "x", "y"]);
    release();
    expect((await outcome).completed).toHaveLength(3);
  });

  it("starts a dependant before any other macrotask once its prerequisite finishes", async () => {
    const order: string[] = [];
    await runDag(["a", "b"], (n) => (n === "b" ? ["a"] : []), async (n) => {
      if (n === "a") {
        await tick();
        setImmediate(() => order.push("next macrotask"));
      } else order.push("b started");
    });
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual(["b started", "next macrotask"]);
  });

  it("refuses a cycle or an unknown prerequisite before visiting anything", () => {
    const visit = async () => undefined;
    expect(() => runDag(["a", "b"], (n) => (n === "a" ? ["b"] : ["a"]), visit)).toThrow(ComposeError);
    expect(() => runDag(["a", "b"], (n) => (n === "a" ? ["b"] : ["a"]), visit)).toThrow("dependency cycle: a -> b -> a");
    expect(() => runDag(["a"], () => ["zz"], visit)).toThrow("a waits for zz, which is not part of the graph");
  });

  it("visits nothing and reports everything skipped when already aborted", async () => {
    const controller = new AbortController();
    controller.abort();
    const seen: string[] = [];
    const outcome = await runDag(["a", "b"], () => [], async (n) => void seen.push(n), { signal: controller.signal });
    expect(seen).toEqual([]);
    expect(outcome).toEqual({ completed: [], failed: [], skipped: ["a", "b"], interrupted: true });
  });
});
