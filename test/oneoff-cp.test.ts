import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { engineOrSkip } from "./helpers/engine.js";
import { compose, expectExit, fixture, Projects } from "./up-kit.js";

const engine = await engineOrSkip("cp");
const projects = new Projects(() => engine?.runtime);
const dir = fixture("oneoff-cp");
const project = projects.next("tsc-cp");
const run = (args: readonly string[]) => compose(dir, project, args);
let out = "";

describe.skipIf(!engine)("cp on a real engine", () => {
  beforeAll(async () => {
    out = await mkdtemp(path.join(tmpdir(), "tsc-cp-e2e-"));
    expectExit(await run(["up", "-d"]), 0);
  });
  afterAll(async () => {
    await projects.cleanup();
    if (out) await rm(out, { recursive: true, force: true });
  });

  it("copies a local directory into the container and back unchanged", async () => {
    expectExit(await run(["cp", "local", "app:/srv/"]), 0);
    const found = await engine!.runtime.exec(`${project}-app-1`, { cmd: ["find", "/srv/local"] });
    expect(found.stdout.trim().split("\n").sort()).toEqual(["/srv/local", "/srv/local/a.txt", "/srv/local/sub", "/srv/local/sub/b.txt"]);
    const back = path.join(out, "back");
    expectExit(await run(["cp", "app:/srv/local", back]), 0);
    expect(await readFile(path.join(back, "a.txt"), "utf8")).toBe("alpha\n");
    expect(await readFile(path.join(back, "sub/b.txt"), "utf8")).toBe("beta\n");
  });

  it("copies a container file into an existing local directory, and a file to a new name in the container", async () => {
    expectExit(await run(["cp", "app:/srv/seed/in-container.txt", out]), 0);
    expect(await readFile(path.join(out, "in-container.txt"), "utf8")).toBe("seeded\n");
    expectExit(await run(["cp", "local/a.txt", "app:/srv/renamed.txt"]), 0);
    expect((await engine!.runtime.exec(`${project}-app-1`, { cmd: ["cat", "/srv/renamed.txt"] })).stdout).toBe("alpha\n");
  });

  it("fails clearly for a missing source and for two local paths", async () => {
    const missing = await run(["cp", "app:/nope", out]);
    expectExit(missing, 1);
    expect(missing.stderr).toContain(`no such file or directory: ${project}-app-1:/nope`);
    const usage = await run(["cp", "a", "b"]);
    expectExit(usage, 2);
  });
});
