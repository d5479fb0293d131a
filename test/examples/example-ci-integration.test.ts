import { afterEach, describe, expect, it } from "vitest";
import { engineOrSkip } from "../helpers/engine.js";
import { example, leftovers, serviceLines } from "../kits/ci-kit.js";
import { eventTime, expectExit, projectEvents, Projects, runBin } from "../kits/up-kit.js";

const engine = await engineOrSkip("example: ci-integration");
const projects = new Projects(() => engine?.runtime);
const dir = example("ci-integration");

/** `tsc-up -p PROJECT --exit-code-from tests` as the example's README runs it. */
function upTests(project: string, env: Record<string, string> = {}) {
  return runBin("tsc-up", dir, ["--progress", "plain", "-p", project, "--exit-code-from", "tests"], env, 110_000);
}

describe.skipIf(!engine)("example: ci-integration", () => {
  afterEach(() => projects.cleanup());

  it("tsc-up --exit-code-from tests runs the stack in order, exits 0 when the tests pass, and tsc-down -v leaves nothing", async () => {
    const project = projects.next("tsc-ex-ci");
    const since = Date.now() - 1000;
    const r = await upTests(project);
    expectExit(r, 0);
    expect(serviceLines(r.stdout, "tests")).toEqual(["PASS api answers /health", "PASS api reports version 1", "PASS migration applied schema 1", "tests: 0 failed"]);
    expect(r.stdout.split("\n")).toContain("tests-1 exited with code 0");

    // The order the dependency conditions promise, from the engine's own event times.
    const events = await projectEvents(engine!.runtime, project, since);
    const c = (s: string) => `${project}-${s}-1`;
    const dbHealthy = eventTime(events, c("db"), "health_status", "healthy");
    expect(eventTime(events, c("migrate"), "start")).toBeGreaterThan(dbHealthy);
    expect(eventTime(events, c("api"), "start")).toBeGreaterThan(dbHealthy);
    const testsStart = eventTime(events, c("tests"), "start");
    expect(testsStart).toBeGreaterThan(eventTime(events, c("migrate"), "die"));
    expect(testsStart).toBeGreaterThan(eventTime(events, c("api"), "health_status", "healthy"));

    expect(await leftovers(engine!.runtime, project)).toEqual([
      `container ${c("api")}`,
      `container ${c("db")}`,
      `container ${c("migrate")}`,
      `container ${c("tests")}`,
      `network ${project}_default`,
      `volume ${project}_migrations`,
    ]);
    expectExit(await runBin("tsc-down", dir, ["--progress", "plain", "-p", project, "-v"]), 0);
    expect(await leftovers(engine!.runtime, project)).toEqual([]);
  });

  it("a failing test run: tsc-up exits with the tests' own code and shows which checks failed", async () => {
    const project = projects.next("tsc-ex-ci-fail");
    const r = await upTests(project, { EXPECT_VERSION: "2" });
    expectExit(r, 2);
    expect(serviceLines(r.stdout, "tests")).toEqual([
      "PASS api answers /health",
      'FAIL api reports version 2: got {"service":"api","version":"1","database":"http://db:5432"}',
      "FAIL migration applied schema 2: got schema=1",
      "tests: 2 failed",
    ]);
    expect(r.stdout.split("\n")).toContain("tests-1 exited with code 2");
    expectExit(await runBin("tsc-down", dir, ["--progress", "plain", "-p", project, "-v"]), 0);
    expect(await leftovers(engine!.runtime, project)).toEqual([]);
  });
});
