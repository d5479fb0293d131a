import { afterEach, describe, expect, it } from "vitest";
import { engineOrSkip } from "../helpers/engine.js";
import { compose, containersOf, expectExit, fixture, Projects } from "../kits/up-kit.js";

const engine = await engineOrSkip("CI: up --wait failing");
const projects = new Projects(() => engine?.runtime);

describe.skipIf(!engine)("CI: up --wait failing", () => {
  afterEach(() => projects.cleanup());

  it("names the unhealthy service, prints its probe's output and its last log lines, and exits non-zero", async () => {
    const project = projects.next("tsc-ci-wait");
    const r = await compose(fixture("ci-wait-unhealthy"), project, ["up", "--wait"]);
    expect(r.code, r.stderr).not.toBe(0);
    expect(r.code).toBe(1);
    const sick = `${project}-sick-1`;
    // The failing service's progress row names the service itself.
    expect(r.stderr).toMatch(new RegExp(`^\\S+Z Service sick  Error container ${project}-sick-1 is unhealthy`, "m"));
    expect(r.stderr).not.toMatch(/Service fine {2}Error/);
    const error = r.stderr.slice(r.stderr.indexOf("error: "));
    // Which one failed and what its healthcheck said (the probe's output, from State.Health.Log).
    expect(error).toMatch(new RegExp(`^error: .*container ${sick} is unhealthy \\(last check: exit 1, "probe: connection refused on 5432"\\)\\n`));
    // Its last log lines, under a heading (their relative order is the engine's, as docker logs shows it).
    const block = error.slice(error.indexOf(`last 2 log lines of ${sick}:`));
    expect(block).toMatch(/^last 2 log lines of \S+:\n {4}sick: .*\n {4}sick: .*\n/);
    expect(block.split("\n").slice(1, 3).map((l) => l.trim()).sort()).toEqual(["sick: booting", "sick: listening on 5432"]);
    // The healthy service is not blamed.
    expect(error).not.toContain(`${project}-fine-1`);
    // --wait leaves the containers running, as Docker Compose does (the job's `down` removes them).
    const states = (await containersOf(engine!.runtime, project)).map((c) => `${c.name.replace(`${project}-`, "")}:${c.status}`);
    expect(states).toEqual(["fine-1:running", "sick-1:running"]);
  });

  it("--wait-timeout with a healthcheck still failing: names the container and shows the last probe's output", async () => {
    const project = projects.next("tsc-ci-wait-to");
    // Enough retries that the container is still "starting" when the wait gives up.
    const r = await compose(fixture("ci-wait-unhealthy"), project, ["up", "--wait", "--wait-timeout", "2"], { env: { SICK_RETRIES: "1000" } });
    expectExit(r, 1);
    const sick = `${project}-sick-1`;
    expect(r.stderr).toMatch(/ Service sick {2}Error container \S+ did not become running or healthy within 2s/);
    expect(r.stderr).toContain(`error: container ${sick} did not become running or healthy within 2s (last check: exit 1, "probe: connection refused on 5432")\n`);
    expect(r.stderr).toMatch(new RegExp(`last 2 log lines of ${sick}:\\n {4}sick: `));
    expect(r.stderr.slice(r.stderr.indexOf("error: "))).not.toContain(`${project}-fine-1`);
  });
});
