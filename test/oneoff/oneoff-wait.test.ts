import { afterAll, describe, expect, it } from "vitest";
import { engineOrSkip } from "../helpers/engine.js";
import { compose, containersOf, expectExit, fixture, Projects } from "../kits/up-kit.js";

const engine = await engineOrSkip("wait");
const projects = new Projects(() => engine?.runtime);
const dir = fixture("oneoff-wait");

describe.skipIf(!engine)("wait on a real engine", () => {
  afterAll(async () => {
    await projects.cleanup();
  });

  it("blocks until the service's container exits and exits with its code", async () => {
    const project = projects.next("tsc-wait");
    expectExit(await compose(dir, project, ["up", "-d"]), 0);
    const r = await compose(dir, project, ["wait", "short"]);
    expectExit(r, 5);
    const id = (await engine!.runtime.inspectContainer(`${project}-short-1`)).id;
    expect(r.stdout).toBe(`container "${id}" exited with status code 5\n`);
    expect((await engine!.runtime.inspectContainer(`${project}-long-1`)).state.status).toBe("running");
  });

  it("--down-project takes the project down after the first exit", async () => {
    const project = projects.next("tsc-wait-down");
    expectExit(await compose(dir, project, ["up", "-d"]), 0);
    const r = await compose(dir, project, ["wait", "--down-project", "short", "long"]);
    expectExit(r, 5);
    expect(await containersOf(engine!.runtime, project)).toEqual([]);
  });
});
