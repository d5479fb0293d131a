import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { engineOrSkip } from "../helpers/engine.js";
import { compose, expectExit, fixture, Projects } from "../kits/up-kit.js";

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

  // Last: it scales the service to two containers.
  it("copies into every container of the service, or only the one of --index, and from the lowest-numbered one", async () => {
    expectExit(await run(["up", "-d", "--scale", "app=2"]), 0);
    const cat = async (n: number, file: string) => (await engine!.runtime.exec(`${project}-app-${n}`, { cmd: ["cat", file] })).stdout;
    expectExit(await run(["cp", "local/a.txt", "app:/srv/both.txt"]), 0);
    expect([await cat(1, "/srv/both.txt"), await cat(2, "/srv/both.txt")]).toEqual(["alpha\n", "alpha\n"]);
    expectExit(await run(["cp", "--index", "2", "local/sub/b.txt", "app:/srv/second.txt"]), 0);
    expect(await cat(2, "/srv/second.txt")).toBe("beta\n");
    expect((await engine!.runtime.exec(`${project}-app-1`, { cmd: ["test", "-e", "/srv/second.txt"] })).exitCode).toBe(1);
    // A tar archive from stdin reaches both containers too (this one is all ASCII: safe as a string).
    const tar = await run(["cp", "--index", "2", "app:/srv/second.txt", "-"]);
    expectExit(tar, 0);
    const piped = await runCli({ cwd: dir, args: ["--progress", "quiet", "-p", project, "cp", "-", "app:/tmp"], stdin: tar.stdout });
    expectExit(piped, 0);
    expect([await cat(1, "/tmp/second.txt"), await cat(2, "/tmp/second.txt")]).toEqual(["beta\n", "beta\n"]);
    const all = await run(["cp", "--all", "app:/srv/both.txt", out]);
    expectExit(all, 2);
    expect(all.stderr).toContain("cannot use the --all flag when copying from a service");
  });
});
