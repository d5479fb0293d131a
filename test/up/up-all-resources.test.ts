import { afterEach, describe, expect, it } from "vitest";
import { engineOrSkip, PROJECT_LABEL } from "../helpers/engine.js";
import { compose, expectExit, fixture, Projects } from "../kits/up-kit.js";

const engine = await engineOrSkip("up --all-resources");
const projects = new Projects(() => engine?.runtime);

/** The project's networks and volumes on the engine, by name. */
async function resources(project: string): Promise<string[]> {
  const labels = { [PROJECT_LABEL]: project };
  const [networks, volumes] = await Promise.all([engine!.runtime.listNetworks({ labels }), engine!.runtime.listVolumes({ labels })]);
  return [...networks.map((n) => `network ${n.name}`), ...volumes.map((v) => `volume ${v.name}`)].sort();
}

describe.skipIf(!engine)("--all-resources (Compose's global flag)", () => {
  afterEach(() => projects.cleanup());

  it("up leaves out what no service uses; --all-resources up creates it too, and down -v removes it", async () => {
    const project = projects.next("tsc-all-res");
    const dir = fixture("up-all-resources");
    expectExit(await compose(dir, project, ["up", "-d"]), 0);
    expect(await resources(project)).toEqual([`network ${project}_default`]);

    const all = await compose(dir, project, ["--all-resources", "up", "-d"]);
    expectExit(all, 0);
    expect(await resources(project)).toEqual([`network ${project}_default`, `network ${project}_spare-net`, `volume ${project}_spare-vol`]);
    expect(all.stderr).not.toMatch(/Container \S+ +(Recreat|Creat)/);

    expectExit(await compose(dir, project, ["--all-resources", "down", "-v"]), 0);
    expect(await resources(project)).toEqual([]);
  });

  it("config --all-resources and --all-resources config both keep the unused resources", async () => {
    const dir = fixture("up-all-resources");
    for (const args of [["config", "--networks"], ["--all-resources", "config", "--networks"], ["config", "--all-resources", "--volumes"]]) {
      const r = await compose(dir, "tsc-all-res-config", args);
      expectExit(r, 0);
      if (args.includes("--all-resources")) expect(r.stdout).toMatch(/spare-(net|vol)/);
      else expect(r.stdout.trim()).toBe("default");
    }
  });
});
