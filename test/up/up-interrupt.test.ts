import { afterEach, describe, expect, it } from "vitest";
import { LABELS } from "../../engine/runtime/labels.js";
import { engineOrSkip, PROJECT_LABEL } from "../helpers/engine.js";
import { compose, containersOf, expectExit, fixture, Projects, startCompose } from "../kits/up-kit.js";

const engine = await engineOrSkip("up: interrupted and run again");
const projects = new Projects(() => engine?.runtime);

/** `name:status` of every container of the project. */
async function containerStates(project: string): Promise<string[]> {
  return (await containersOf(engine!.runtime, project)).map((c) => `${c.name}:${c.status}`).sort();
}

/** Networks named exactly `name` (the engine allows duplicates, which a racing create could make). */
async function networksNamed(name: string): Promise<number> {
  return (await engine!.runtime.listNetworks({ names: [name] })).filter((n) => n.name === name).length;
}

/** The converged state of the up-interrupt-* fixtures: one of everything, all running. */
async function expectConverged(project: string): Promise<void> {
  expect(await containerStates(project)).toEqual(["api", "cache", "cron", "db", "worker"].map((s) => `${project}-${s}-1:running`));
  expect(await networksNamed(`${project}_default`)).toBe(1);
  expect(await networksNamed(`${project}_back`)).toBe(1);
  expect((await engine!.runtime.listNetworks({ labels: { [PROJECT_LABEL]: project } })).map((n) => n.name).sort()).toEqual([`${project}_back`, `${project}_default`]);
  expect((await engine!.runtime.listVolumes({ labels: { [PROJECT_LABEL]: project } })).map((v) => v.name)).toEqual([`${project}_data`]);
}

describe.skipIf(!engine)("up: interrupted and run again", () => {
  afterEach(() => projects.cleanup());

  it.each([
    ["while creating networks", /Network \S+ +Creating/],
    ["once containers exist", /Container \S+ +Created/],
    ["while waiting for a healthy dependency", /Container \S+-db-1 +Waiting/],
  ])("an up killed (SIGKILL) %s, then up again, converges with no duplicates", async (_moment, pattern) => {
    const project = projects.next("tsc-int-kill");
    const dir = fixture("up-interrupt-kill");
    const live = startCompose(dir, project, ["up", "-d"]);
    await live.waitFor(pattern);
    live.child.kill("SIGKILL");
    expect((await live.done).code).toBeNull();

    expectExit(await compose(dir, project, ["up", "-d"]), 0);
    await expectConverged(project);
  });

  it("an up interrupted with Ctrl-C exits 130, and up again converges", async () => {
    const project = projects.next("tsc-int-sigint");
    const dir = fixture("up-interrupt-sigint");
    const live = startCompose(dir, project, ["up", "-d"]);
    await live.waitFor(/Container \S+-db-1 +Waiting/);
    live.child.kill("SIGINT");
    const interrupted = await live.done;
    expectExit(interrupted, 130);
    // The dependants were never started.
    expect((await containerStates(project)).filter((s) => /-(api|worker|cron)-1:running$/.test(s))).toEqual([]);

    expectExit(await compose(dir, project, ["up", "-d"]), 0);
    await expectConverged(project);
  });

  it.each([
    ["while the old container stops", false],
    ["after the old container was removed", true],
  ])("an up killed in the middle of a recreate (%s), then up again, leaves one container under its own name", async (_moment, oldRemoved) => {
    const project = projects.next("tsc-int-recreate");
    const dir = fixture("up-interrupt-recreate");
    const app = `${project}-app-1`;
    expectExit(await compose(dir, project, ["up", "-d"], { env: { GENERATION: "1" } }), 0);
    const live = startCompose(dir, project, ["up", "-d"], { GENERATION: "2" });
    // The replacement exists under its temporary name; the old container takes 3 s to stop.
    await live.waitFor(/Container \S+-app-1 +Recreate\b/);
    await new Promise((r) => setTimeout(r, 500));
    live.child.kill("SIGKILL");
    await live.done;
    const temp = (await containersOf(engine!.runtime, project)).find((c) => /^[0-9a-f]{12}_/.test(c.name));
    expect(temp?.name).toMatch(new RegExp(`^[0-9a-f]{12}_${app}$`));
    // The state a kill between "remove old" and "rename new" leaves.
    if (oldRemoved) await engine!.runtime.removeContainer(app, { force: true });

    expectExit(await compose(dir, project, ["up", "-d"], { env: { GENERATION: "2" } }), 0);
    const list = await containersOf(engine!.runtime, project);
    expect(list.map((c) => `${c.name}:${c.status}:${c.labels[LABELS.containerNumber]}`)).toEqual([`${app}:running:1`]);
    expect((await engine!.runtime.inspectContainer(app)).config.env).toContain("GENERATION=2");
    // With the old one gone, the leftover itself takes over (renamed, not recreated).
    if (oldRemoved) expect(list[0]?.id).toBe(temp?.id);
  });
});
