import { afterAll, describe, expect, it } from "vitest";
import { engineOrSkip } from "./helpers/engine.js";
import { compose, containersOf, expectExit, fixture, Projects } from "./up-kit.js";

// Orphans are scoped by compose file set: files that share a project name leave each other alone,
// while a service whose file was dropped from the set is still an orphan.
const engine = await engineOrSkip("orphans by file set");
const projects = new Projects(() => engine?.runtime);
const dir = fixture("orphans-file-sets");
const names = async (project: string) => (await containersOf(engine!.runtime, project)).map((c) => c.name);

describe.skipIf(!engine)("orphans and compose file sets", () => {
  afterAll(() => projects.cleanup());

  it("two files under one project name neither warn about nor remove each other's containers", async () => {
    const project = projects.next("tsc-orph-sets");
    expectExit(await compose(dir, project, ["-f", "app.yaml", "up", "-d"]), 0);
    const tools = await compose(dir, project, ["-f", "tools.yaml", "up", "-d"]);
    expectExit(tools, 0);
    expect(tools.stderr).not.toMatch(/orphan/i);
    expectExit(await compose(dir, project, ["-f", "tools.yaml", "down", "--remove-orphans"]), 0);
    expect(await names(project)).toEqual([`${project}-web-1`]);
  });

  it("a service whose file left the set is an orphan: warned about, then removed with --remove-orphans", async () => {
    const project = projects.next("tsc-orph-drop");
    expectExit(await compose(dir, project, ["-f", "app.yaml", "-f", "extra.yaml", "up", "-d"]), 0);
    const again = await compose(dir, project, ["-f", "app.yaml", "up", "-d"]);
    expectExit(again, 0);
    expect(again.stderr).toContain(`found orphan containers (${project}-worker-1)`);
    expectExit(await compose(dir, project, ["-f", "app.yaml", "up", "-d", "--remove-orphans"]), 0);
    expect(await names(project)).toEqual([`${project}-web-1`]);
  });
});
