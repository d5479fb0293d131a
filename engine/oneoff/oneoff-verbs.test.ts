import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { copyFromService, copyToService } from "./cp.js";
import { execService } from "./exec.js";
import { parseEnvFlags, parseLabelFlags } from "./run-options.js";
import { VERBS_FOREVER, verbsRig, capture } from "../../test/kits/verbs-kit.js";
import { waitServices } from "../verbs/wait.js";

const COMPOSE = `
name: shop
services:
  app:
    image: tscompose-busybox:latest
    command: ["sh", "-c", "${VERBS_FOREVER}"]
    scale: 2
  job:
    image: tscompose-busybox:latest
    command: ["sh", "-c", "sleep 0.2; exit 4"]
`;

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const d = await mkdtemp(path.join(tmpdir(), "tsc-cp-"));
  dirs.push(d);
  return d;
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe("exec", () => {
  it("runs in the lowest-numbered container (or --index) with -e/-u/-w and returns the command's code", async () => {
    const rig = verbsRig(COMPOSE);
    await rig.up({ services: ["app"] });
    const out = capture();
    const code = await execService(rig.runtime, {
      projectName: "shop", service: "app", cmd: ["sh", "-c", "echo $FOO; hostname; pwd; id -u; exit 7"],
      env: { FOO: "bar" }, workingDir: "/tmp", user: "1000", streams: { stdout: out.stream },
    });
    expect(code).toBe(7);
    const host = (await rig.runtime.inspectContainer("shop-app-1")).config.hostname;
    expect(out.text()).toBe(`bar\n${host}\n/tmp\n1000\n`);
    const second = capture();
    await execService(rig.runtime, { projectName: "shop", service: "app", index: 2, cmd: ["hostname"], streams: { stdout: second.stream } });
    expect(second.text()).toBe(`${(await rig.runtime.inspectContainer("shop-app-2")).config.hostname}\n`);
  });

  it("fails clearly when the service has no running container", async () => {
    const rig = verbsRig(COMPOSE);
    await expect(execService(rig.runtime, { projectName: "shop", service: "app", cmd: ["true"], streams: {} })).rejects.toMatchObject({
      code: "E_NO_CONTAINER",
      message: 'service "app" is not running',
    });
  });

  it("-d returns 0 at once while the command runs on", async () => {
    const rig = verbsRig(COMPOSE);
    await rig.up({ services: ["app"] });
    const code = await execService(rig.runtime, { projectName: "shop", service: "app", cmd: ["sh", "-c", "sleep 0.1; touch /done; exit 3"], detach: true, streams: {} });
    expect(code).toBe(0);
    await new Promise((r) => setTimeout(r, 300));
    const r = await rig.runtime.exec("shop-app-1", { cmd: ["test", "-f", "/done"] });
    expect(r.exitCode).toBe(0);
  });
});

describe("cp", () => {
  it("copies a directory into the container and back (docker cp's naming rules)", async () => {
    const rig = verbsRig(COMPOSE);
    await rig.up({ services: ["app"] });
    const local = await tempDir();
    await mkdir(path.join(local, "data/sub"), { recursive: true });
    await writeFile(path.join(local, "data/a.txt"), "alpha\n");
    await writeFile(path.join(local, "data/sub/b.txt"), "beta\n");
    const target = { projectName: "shop", service: "app" };
    for (const c of ["shop-app-1", "shop-app-2"]) await rig.runtime.exec(c, { cmd: ["mkdir", "-p", "/srv"] });
    // Into every container of the service, as Compose copies.
    await copyToService(rig.runtime, target, path.join(local, "data"), "/srv/");
    for (const c of ["shop-app-1", "shop-app-2"]) {
      const listed = await rig.runtime.exec(c, { cmd: ["ls", "/srv/data"] });
      expect(listed.stdout.split(/\s+/).filter(Boolean).sort()).toEqual(["a.txt", "sub"]);
    }
    // A missing destination whose parent exists becomes the copy.
    await copyFromService(rig.runtime, target, "/srv/data", path.join(local, "back"));
    expect(await readFile(path.join(local, "back/sub/b.txt"), "utf8")).toBe("beta\n");
    // An existing directory receives the source under its own name.
    await copyFromService(rig.runtime, target, "/srv/data/a.txt", local);
    expect(await readFile(path.join(local, "a.txt"), "utf8")).toBe("alpha\n");
    // A file onto a file path in the container renames it.
    await copyToService(rig.runtime, target, path.join(local, "a.txt"), "/srv/renamed.txt");
    expect((await rig.runtime.exec("shop-app-1", { cmd: ["cat", "/srv/renamed.txt"] })).stdout).toBe("alpha\n");
  });

  it("reports a missing source and a directory onto a file", async () => {
    const rig = verbsRig(COMPOSE);
    await rig.up({ services: ["app"] });
    const local = await tempDir();
    const target = { projectName: "shop", service: "app" };
    await expect(copyFromService(rig.runtime, target, "/nope", local)).rejects.toMatchObject({ code: "E_CP", message: "no such file or directory: shop-app-1:/nope" });
    await writeFile(path.join(local, "f"), "x");
    await rig.runtime.exec("shop-app-1", { cmd: ["mkdir", "-p", "/d/e"] });
    await expect(copyFromService(rig.runtime, target, "/d", path.join(local, "f"))).rejects.toMatchObject({ code: "E_CP" });
    expect((await stat(path.join(local, "f"))).isFile()).toBe(true);
  });
});

describe("wait", () => {
  it("blocks until the service's containers exit and returns the last exit code", async () => {
    const rig = verbsRig(COMPOSE);
    await rig.up({ services: ["job"] });
    const exits: number[] = [];
    const code = await waitServices(rig.deps, { projectName: "shop", services: ["job"], onExit: (_c, n) => exits.push(n) });
    expect(code).toBe(4);
    expect(exits).toEqual([4]);
  });

  it("--down-project takes the project down after the first exit", async () => {
    const rig = verbsRig(COMPOSE);
    await rig.up();
    const code = await waitServices(rig.deps, { projectName: "shop", project: rig.project, services: ["job", "app"], downProject: true });
    expect(code).toBe(4);
    expect(await rig.runtime.listContainers({ all: true })).toEqual([]);
  });

  it("fails when nothing is running", async () => {
    const rig = verbsRig(COMPOSE);
    await expect(waitServices(rig.deps, { projectName: "shop", services: ["job"] })).rejects.toMatchObject({ code: "E_NO_CONTAINER" });
  });
});

describe("run flag values", () => {
  it("-e takes bare names from the shell and leaves unset ones out; -l allows empty values", () => {
    expect(parseEnvFlags(["A=1", "B", "C", "D=x=y"], (n) => (n === "B" ? "from-shell" : undefined))).toEqual({ A: "1", B: "from-shell", D: "x=y" });
    expect(parseLabelFlags(["a=b", "c"])).toEqual({ a: "b", c: "" });
  });
});
