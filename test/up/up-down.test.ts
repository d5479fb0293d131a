import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { engineOrSkip, PROJECT_LABEL } from "../helpers/engine.js";
import { compose, containersOf, docker, expectExit, fixture, foreignContainer, Projects } from "../kits/up-kit.js";

const engine = await engineOrSkip("down");
const projects = new Projects(() => engine?.runtime);
const foreign: string[] = [];
const tempDirs: string[] = [];

/** Everything that carries the project label. */
async function leftovers(project: string): Promise<string[]> {
  const rt = engine!.runtime;
  const labels = { [PROJECT_LABEL]: project };
  const [containers, networks, volumes] = await Promise.all([rt.listContainers({ all: true, labels }), rt.listNetworks({ labels }), rt.listVolumes({ labels })]);
  return [...containers.map((c) => `container ${c.name}`), ...networks.map((n) => `network ${n.name}`), ...volumes.map((v) => `volume ${v.name}`)];
}

describe.skipIf(!engine)("down", () => {
  afterEach(async () => {
    await Promise.allSettled(foreign.splice(0).map((name) => docker("rm", "-f", name)));
    for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    await projects.cleanup();
  });

  it("down --volumes leaves nothing with the project's label, anonymous volumes included", async () => {
    const project = projects.next("tsc-down-clean");
    const dir = fixture("up-down-clean");
    expectExit(await compose(dir, project, ["up", "-d"]), 0);
    expect((await leftovers(project)).sort()).toEqual(
      [`container ${project}-db-1`, `container ${project}-web-1`, `network ${project}_back`, `network ${project}_default`, `volume ${project}_data`].sort(),
    );
    const scratch = (await engine!.runtime.inspectContainer(`${project}-db-1`)).mounts.find((m) => m.destination === "/scratch")?.name ?? "";
    expect(scratch).toMatch(/^[0-9a-f]{64}$/);

    expectExit(await compose(dir, project, ["down", "--volumes"]), 0);
    expect(await leftovers(project)).toEqual([]);
    expect(await engine!.runtime.listVolumes({ names: [scratch] })).toEqual([]);
  });

  it("tscompose down -v removes the project's named volumes (-v is not --version there)", async () => {
    const project = projects.next("tsc-down-v");
    const dir = fixture("up-down-volumes-flag");
    expectExit(await compose(dir, project, ["up", "-d"]), 0);
    const r = await compose(dir, project, ["down", "-v"]);
    expectExit(r, 0);
    expect(r.stdout).not.toMatch(/^\d+\.\d+\.\d+\s*$/);
    expect(await leftovers(project)).toEqual([]);
  });

  it("down leaves alone a container without labels whose name looks like the project's", async () => {
    const project = projects.next("tsc-down-foreign");
    const dir = fixture("up-down-foreign");
    const lookalike = `${project}-web-2`;
    foreign.push(lookalike);
    const id = await foreignContainer(lookalike);
    expectExit(await compose(dir, project, ["up", "-d"]), 0);
    expect((await containersOf(engine!.runtime, project)).map((c) => c.name)).toEqual([`${project}-web-1`]);

    expectExit(await compose(dir, project, ["down"]), 0);
    expect(await containersOf(engine!.runtime, project)).toEqual([]);
    const still = await engine!.runtime.inspectContainer(lookalike);
    expect(still.id).toBe(id);
    expect(still.state.status).toBe("running");
  });

  it("down keeps a network that a foreign container still uses, with a warning", async () => {
    const project = projects.next("tsc-down-shared");
    const dir = fixture("up-down-foreign");
    expectExit(await compose(dir, project, ["up", "-d"]), 0);
    const guest = `${project}-guest`;
    foreign.push(guest);
    await foreignContainer(guest, "--network", `${project}_default`);

    const r = await compose(dir, project, ["down"]);
    expectExit(r, 0);
    expect(r.stderr).toMatch(new RegExp(`network ${project}_default was not removed: it is still in use by ${guest}`));
    expect((await engine!.runtime.inspectContainer(guest)).state.status).toBe("running");
    expect(await containersOf(engine!.runtime, project)).toEqual([]);
    await docker("rm", "-f", guest);
  });

  it("down -p NAME works from labels alone when the compose file is gone", async () => {
    const project = projects.next("tsc-down-nofile");
    const dir = mkdtempSync(path.join(tmpdir(), "tsc-down-nofile-"));
    const elsewhere = mkdtempSync(path.join(tmpdir(), "tsc-down-elsewhere-"));
    tempDirs.push(dir, elsewhere);
    cpSync(fixture("up-down-no-file"), dir, { recursive: true });
    expectExit(await compose(dir, project, ["up", "-d"]), 0);
    expect(await leftovers(project)).toHaveLength(5);
    rmSync(path.join(dir, "compose.yaml"));

    const r = await compose(elsewhere, project, ["down"]);
    expectExit(r, 0);
    // Without -v the named volume stays, as Compose does; everything else is gone.
    expect(await leftovers(project)).toEqual([`volume ${project}_cache`]);
    expect(r.stderr).toMatch(new RegExp(`Container ${project}-web-1\\s+Removed`));
  });
});
