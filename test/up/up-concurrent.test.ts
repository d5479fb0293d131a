import { afterEach, describe, expect, it } from "vitest";
import { LABELS } from "../../engine/runtime/labels.js";
import { engineOrSkip, PROJECT_LABEL } from "../helpers/engine.js";
import { compose, containersOf, expectExit, fixture, Projects, runBin } from "../kits/up-kit.js";

const engine = await engineOrSkip("up: concurrent runs and colliding names");
const projects = new Projects(() => engine?.runtime);

/** What the engine holds for a project: containers as `service-number:status`, network and volume names. */
async function state(project: string) {
  const runtime = engine!.runtime;
  const labels = { [PROJECT_LABEL]: project };
  const [containers, networks, volumes] = await Promise.all([
    containersOf(runtime, project),
    runtime.listNetworks({ labels }),
    runtime.listVolumes({ labels }),
  ]);
  return {
    containers: containers.map((c) => `${c.labels[LABELS.service]}-${c.labels[LABELS.containerNumber]}:${c.status}`).sort(),
    networks: networks.map((n) => n.name).sort(),
    volumes: volumes.map((v) => v.name).sort(),
  };
}

describe.skipIf(!engine)("up: two ups of one project at the same moment", () => {
  afterEach(() => projects.cleanup());

  // Each round is a fresh project, so both runs find nothing and race for every name.
  it.each([1, 2, 3, 4])("round %i: both exit 0, with one container per service, one network per network and one volume", async () => {
    const project = projects.next("tsc-concurrent");
    const dir = fixture("up-concurrent");
    const up = () => runBin("tsc-up", dir, ["--progress", "plain", "-p", project, "-d"]);
    const [first, second] = await Promise.all([up(), up()]);
    expectExit(first, 0);
    expectExit(second, 0);
    expect(await state(project)).toEqual({
      containers: ["api-1:running", "db-1:running", "web-1:running"],
      networks: [`${project}_back`, `${project}_default`],
      volumes: [`${project}_data`],
    });
    // By name too: no second network under either name, whatever labels it would carry.
    for (const name of [`${project}_back`, `${project}_default`]) expect(await engine!.runtime.listNetworks({ names: [name] })).toHaveLength(1);
    // And a third up finds the project converged.
    const again = await compose(dir, project, ["up", "-d"]);
    expectExit(again, 0);
    expect(again.stderr).not.toMatch(/\b(Creat|Recreat|Start)(ing|ed)\b/);
  });
});

describe.skipIf(!engine)("up: two ups that recreate the same containers at the same moment", () => {
  afterEach(() => projects.cleanup());

  // Both find every container out of date and race through create, stop, remove and rename.
  it.each([1, 2, 3])("round %i: both exit 0, each service ends with one container of the new config, no temporary name left", async () => {
    const project = projects.next("tsc-concurrent-re");
    const dir = fixture("up-concurrent");
    expectExit(await runBin("tsc-up", dir, ["--progress", "plain", "-p", project, "-d"]), 0);
    const before = await containersOf(engine!.runtime, project);
    const up = () => runBin("tsc-up", dir, ["--progress", "plain", "-p", project, "-f", "compose.yaml", "-f", "changed.yaml", "-d"]);
    const [first, second] = await Promise.all([up(), up()]);
    expectExit(first, 0);
    expectExit(second, 0);
    const after = await containersOf(engine!.runtime, project);
    expect(after.map((c) => `${c.name}:${c.status}`).sort()).toEqual(["api", "db", "web"].map((s) => `${project}-${s}-1:running`));
    for (const c of after) expect(before.map((b) => b.id), `${c.name} was recreated`).not.toContain(c.id);
    const again = await runBin("tsc-up", dir, ["--progress", "plain", "-p", project, "-f", "compose.yaml", "-f", "changed.yaml", "-d"]);
    expectExit(again, 0);
    expect(again.stderr).not.toMatch(/\b(Creat|Recreat|Start)(ing|ed)\b/);
  });
});

describe.skipIf(!engine)("up: engine names that collide", () => {
  afterEach(() => projects.cleanup());

  it("a container_name that is another service's numbered name is refused before anything is created", async () => {
    const project = projects.next("tsc-names");
    const r = await compose(fixture("up-names-collide"), project, ["up", "-d"]);
    expectExit(r, 2);
    expect(r.stderr).toBe(
      `error: services.web.container_name: service "web" has container_name "${project}-db-1", which is also the name of container 1 of service "db"\n` +
        `  hint: Give service "web" another container_name: names like ${project}-<service>-<n> belong to the project's numbered containers.\n`,
    );
    expect(await state(project)).toEqual({ containers: [], networks: [], volumes: [] });
  });
});
