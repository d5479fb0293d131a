import { afterEach, describe, expect, it } from "vitest";
import { LABELS } from "../../engine/runtime/labels.js";
import { engineOrSkip } from "../helpers/engine.js";
import { compose, containersOf, expectExit, fixture, idsByName, Projects } from "../kits/up-kit.js";

const engine = await engineOrSkip("up: convergence");
const projects = new Projects(() => engine?.runtime);

/** `service-number` of every container of the project, sorted. */
async function replicas(project: string): Promise<string[]> {
  const list = await containersOf(engine!.runtime, project);
  return list.map((c) => `${c.labels[LABELS.service]}-${c.labels[LABELS.containerNumber]}:${c.status}`).sort();
}

describe.skipIf(!engine)("up: convergence", () => {
  afterEach(() => projects.cleanup());

  it("a second up on an unchanged project keeps every container", async () => {
    const project = projects.next("tsc-conv-noop");
    const dir = fixture("up-reup-noop");
    expectExit(await compose(dir, project, ["up", "-d"]), 0);
    const before = await idsByName(engine!.runtime, project);
    const networks = (await engine!.runtime.listNetworks({ names: [`${project}_default`] })).map((n) => n.id);
    expect(Object.keys(before).sort()).toEqual([`${project}-db-1`, `${project}-web-1`]);

    const again = await compose(dir, project, ["up", "-d"]);
    expectExit(again, 0);
    expect(await idsByName(engine!.runtime, project)).toEqual(before);
    expect((await engine!.runtime.listNetworks({ names: [`${project}_default`] })).map((n) => n.id)).toEqual(networks);
    expect(again.stderr).not.toMatch(/\b(Creat|Recreat|Start|Stopp|Remov)(ing|ed)\b/);
    expect(again.stderr).toMatch(new RegExp(`Container ${project}-web-1\\s+Running`));
  });

  it("an environment change recreates that service only", async () => {
    const project = projects.next("tsc-conv-env");
    const dir = fixture("up-env-change");
    expectExit(await compose(dir, project, ["up", "-d"], { env: { GREETING: "hello" } }), 0);
    const before = await idsByName(engine!.runtime, project);

    const r = await compose(dir, project, ["up", "-d"], { env: { GREETING: "bonjour" } });
    expectExit(r, 0);
    const after = await idsByName(engine!.runtime, project);
    expect(after[`${project}-bystander-1`]).toBe(before[`${project}-bystander-1`]);
    expect(after[`${project}-greeter-1`]).toBeDefined();
    expect(after[`${project}-greeter-1`]).not.toBe(before[`${project}-greeter-1`]);
    expect(Object.keys(after)).toHaveLength(2);
    const greeter = await engine!.runtime.inspectContainer(`${project}-greeter-1`);
    expect(greeter.config.env).toContain("GREETING=bonjour");
    expect(greeter.state.status).toBe("running");
    expect(r.stderr).toMatch(new RegExp(`Container ${project}-greeter-1\\s+Recreated`));
  });

  it("warns about orphan containers, and removes them with --remove-orphans", async () => {
    const project = projects.next("tsc-conv-orphan");
    const dir = fixture("up-orphans");
    expectExit(await compose(dir, project, ["up", "-d"]), 0);
    const web = (await idsByName(engine!.runtime, project))[`${project}-web-1`];

    const warned = await compose(dir, project, ["-f", "compose.reduced.yaml", "up", "-d"]);
    expectExit(warned, 0);
    expect(warned.stderr).toMatch(new RegExp(`orphan containers \\(${project}-worker-1\\).*--remove-orphans`));
    expect(await replicas(project)).toEqual(["web-1:running", "worker-1:running"]);

    const removed = await compose(dir, project, ["-f", "compose.reduced.yaml", "up", "-d", "--remove-orphans"]);
    expectExit(removed, 0);
    expect(await replicas(project)).toEqual(["web-1:running"]);
    expect((await idsByName(engine!.runtime, project))[`${project}-web-1`]).toBe(web);
  });

  it("--scale adds numbered replicas and scaling down removes the highest numbers", async () => {
    const project = projects.next("tsc-conv-scale");
    const dir = fixture("up-scale-flag");
    expectExit(await compose(dir, project, ["up", "-d", "--scale", "web=3"]), 0);
    expect(await replicas(project)).toEqual(["web-1:running", "web-2:running", "web-3:running"]);
    const before = await idsByName(engine!.runtime, project);
    expect(Object.keys(before).sort()).toEqual([1, 2, 3].map((n) => `${project}-web-${n}`));

    expectExit(await compose(dir, project, ["up", "-d", "--scale", "web=1"]), 0);
    expect(await idsByName(engine!.runtime, project)).toEqual({ [`${project}-web-1`]: before[`${project}-web-1`] });

    expectExit(await compose(dir, project, ["up", "-d", "--scale", "web=2"]), 0);
    const after = await idsByName(engine!.runtime, project);
    expect(Object.keys(after).sort()).toEqual([`${project}-web-1`, `${project}-web-2`]);
    expect(after[`${project}-web-1`]).toBe(before[`${project}-web-1`]);
  });

  it("scale: and deploy.replicas in the file set the number of containers", async () => {
    const project = projects.next("tsc-conv-scalekey");
    const dir = fixture("up-scale-key");
    expectExit(await compose(dir, project, ["up", "-d"]), 0);
    expect(await replicas(project)).toEqual(["web-1:running", "web-2:running", "web-3:running", "worker-1:running", "worker-2:running"]);

    expectExit(await compose(dir, project, ["up", "-d"], { env: { WEB_SCALE: "1" } }), 0);
    expect(await replicas(project)).toEqual(["web-1:running", "worker-1:running", "worker-2:running"]);
  });
});
