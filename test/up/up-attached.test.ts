import { afterEach, describe, expect, it } from "vitest";
import { engineOrSkip } from "../helpers/engine.js";
import { compose, containersOf, eventTime, expectExit, fixture, projectEvents, Projects, startCompose } from "../kits/up-kit.js";

const engine = await engineOrSkip("up: attached mode");
const projects = new Projects(() => engine?.runtime);

/** `name:status:exitCode` of every container of the project. */
async function states(project: string): Promise<string[]> {
  const list = await containersOf(engine!.runtime, project);
  const details = await Promise.all(list.map((c) => engine!.runtime.inspectContainer(c.id)));
  return details.map((d) => `${d.name.replace(`${project}-`, "")}:${d.state.status}:${d.state.exitCode}`).sort();
}

describe.skipIf(!engine)("up: attached mode", () => {
  afterEach(() => projects.cleanup());

  it("prints every container's output with aligned prefixes and returns when all have exited", async () => {
    const project = projects.next("tsc-att-logs");
    const r = await compose(fixture("up-attached-logs"), project, ["up"]);
    expectExit(r, 0);
    const lines = r.stdout.split("\n");
    expect(lines).toContain("one-1  | hello from one");
    expect(lines).toContain("one-1  | second line");
    expect(lines).toContain("two-1  | hello from two");
    expect(lines).toContain("one-1 exited with code 0");
    expect(lines).toContain("two-1 exited with code 0");
    // A container's lines keep their order.
    expect(lines.indexOf("one-1  | hello from one")).toBeLessThan(lines.indexOf("one-1  | second line"));
    // Its exit line comes after its last output line.
    expect(lines.indexOf("one-1  | second line")).toBeLessThan(lines.indexOf("one-1 exited with code 0"));
    expect(lines.indexOf("two-1  | hello from two")).toBeLessThan(lines.indexOf("two-1 exited with code 0"));
    expect(await states(project)).toEqual(["one-1:exited:0", "two-1:exited:0"]);
  });

  it("Ctrl-C stops the containers gracefully and exits 130", async () => {
    const project = projects.next("tsc-att-int");
    const live = startCompose(fixture("up-attached-ctrl-c"), project, ["up"]);
    await live.waitFor(/server-1\s+\| ready/);
    live.child.kill("SIGINT");
    const r = await live.done;
    expectExit(r, 130);
    expect(r.stderr).toMatch(/Gracefully stopping/);
    // Stopped with SIGTERM (the trap exits 0), not killed, and not removed.
    expect(await states(project)).toEqual(["server-1:exited:0", "sidecar-1:exited:0"]);
    expect(r.stdout).toMatch(/server-1\s+\| stopping/);
  });

  it("--exit-code-from returns the target's code even when another container exits first", async () => {
    const project = projects.next("tsc-att-ecf");
    const since = Date.now() - 1000;
    const r = await compose(fixture("up-exit-code-from"), project, ["up", "--exit-code-from", "target"]);
    expectExit(r, 7);
    expect(r.stdout).toMatch(/target-1\s+\| target done/);
    const events = await projectEvents(engine!.runtime, project, since);
    expect(eventTime(events, `${project}-quick-1`, "die")).toBeLessThan(eventTime(events, `${project}-target-1`, "die"));
    // The exit of the target stops everything else.
    expect(await states(project)).toEqual(["bystander-1:exited:0", "quick-1:exited:3", "target-1:exited:7"]);
  });

  it("--abort-on-container-failure ignores a clean exit and stops everything at the first failure", async () => {
    const project = projects.next("tsc-att-fail");
    const since = Date.now() - 1000;
    const r = await compose(fixture("up-abort-on-failure"), project, ["up", "--abort-on-container-failure"]);
    expectExit(r, 5);
    expect(r.stdout).toMatch(/bad-1\s+\| something broke/);
    const events = await projectEvents(engine!.runtime, project, since);
    const okDied = eventTime(events, `${project}-ok-1`, "die");
    const badDied = eventTime(events, `${project}-bad-1`, "die");
    expect(okDied).toBeLessThan(badDied);
    // steady ran on after ok's exit 0 and was stopped only after bad's failure.
    expect(eventTime(events, `${project}-steady-1`, "die")).toBeGreaterThan(badDied);
    expect(await states(project)).toEqual(["bad-1:exited:5", "ok-1:exited:0", "steady-1:exited:0"]);
  });
});
