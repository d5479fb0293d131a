import { afterEach, describe, expect, it } from "vitest";
import { engineOrSkip } from "../helpers/engine.js";
import { compose, execIn, expectExit, fixture, Projects, runBin } from "../kits/up-kit.js";

const engine = await engineOrSkip("up: volumes");
const projects = new Projects(() => engine?.runtime);

async function write(container: string, file: string, text: string): Promise<void> {
  const r = await execIn(engine!.runtime, container, ["sh", "-c", `echo ${text} > ${file}`]);
  expect(r.exitCode, r.stderr).toBe(0);
}

async function read(container: string, file: string): Promise<string> {
  const r = await execIn(engine!.runtime, container, ["sh", "-c", `cat ${file} 2>/dev/null || echo '<missing>'`]);
  return r.stdout.trim();
}

/** The anonymous volume mounted at `target` in `container`. */
async function volumeAt(container: string, target: string): Promise<string | undefined> {
  return (await engine!.runtime.inspectContainer(container)).mounts.find((m) => m.destination === target)?.name;
}

describe.skipIf(!engine)("up: volumes", () => {
  afterEach(() => projects.cleanup());

  it("data in a named volume survives down and up, and is gone after down -v", async () => {
    const project = projects.next("tsc-vol-named");
    const dir = fixture("up-volume-named");
    const db = `${project}-db-1`;
    expectExit(await compose(dir, project, ["up", "-d"]), 0);
    await write(db, "/var/lib/db/rows", "42 rows");

    expectExit(await compose(dir, project, ["down"]), 0);
    expect(await engine!.runtime.listVolumes({ names: [`${project}_data`] })).toHaveLength(1);
    expectExit(await compose(dir, project, ["up", "-d"]), 0);
    expect(await read(db, "/var/lib/db/rows")).toBe("42 rows");

    // `tsc-down -v` as the issue names it (see up-down.test.ts for `tscompose down -v`).
    expectExit(await runBin("tsc-down", dir, ["--progress", "plain", "-p", project, "-v"]), 0);
    expect(await engine!.runtime.listVolumes({ names: [`${project}_data`] })).toEqual([]);
    expectExit(await compose(dir, project, ["up", "-d"]), 0);
    expect(await read(db, "/var/lib/db/rows")).toBe("<missing>");
  });

  it("anonymous volume data is kept when the container is recreated", async () => {
    const project = projects.next("tsc-vol-anon");
    const dir = fixture("up-volume-anon-kept");
    const cache = `${project}-cache-1`;
    expectExit(await compose(dir, project, ["up", "-d"], { env: { GENERATION: "1" } }), 0);
    const before = await engine!.runtime.inspectContainer(cache);
    const volume = await volumeAt(cache, "/cache");
    expect(volume).toMatch(/^[0-9a-f]{64}$/);
    await write(cache, "/cache/entry", "warm");

    expectExit(await compose(dir, project, ["up", "-d"], { env: { GENERATION: "2" } }), 0);
    const after = await engine!.runtime.inspectContainer(cache);
    expect(after.id).not.toBe(before.id);
    expect(after.config.env).toContain("GENERATION=2");
    expect(await volumeAt(cache, "/cache")).toBe(volume);
    expect(await read(cache, "/cache/entry")).toBe("warm");
  });

  it("-V gives a recreated container fresh anonymous volumes", async () => {
    const project = projects.next("tsc-vol-renew");
    const dir = fixture("up-volume-anon-renew");
    const cache = `${project}-cache-1`;
    expectExit(await compose(dir, project, ["up", "-d"]), 0);
    const volume = await volumeAt(cache, "/cache");
    if (volume) projects.volume(volume);
    await write(cache, "/cache/entry", "warm");

    expectExit(await compose(dir, project, ["up", "-d", "--force-recreate", "-V"]), 0);
    const renewed = await volumeAt(cache, "/cache");
    expect(renewed).toMatch(/^[0-9a-f]{64}$/);
    expect(renewed).not.toBe(volume);
    expect(await read(cache, "/cache/entry")).toBe("<missing>");
  });
});
