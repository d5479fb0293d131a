import { afterEach, describe, expect, it } from "vitest";
import { engineOrSkip } from "../helpers/engine.js";
import { eventually, Projects } from "../kits/up-kit.js";
import { expectFile, LONG_RUNNING_YAML, ready, stopLive, WatchTests, write } from "../kits/watch-kit.js";

const engine = await engineOrSkip("watch: rebuild, restart, exec");
const projects = new Projects(() => engine?.runtime);
const tests = new WatchTests();
const images: string[] = [];

function actionsProject(): string {
  return tests.dir({
    "compose.yaml": `services:
  api:
    build: .
    command: ${LONG_RUNNING_YAML}
    develop:
      watch:
        - path: ./version.txt
          action: rebuild
  worker:
    image: tscompose-busybox:latest
    command: ${LONG_RUNNING_YAML}
    develop:
      watch:
        - path: ./conf
          target: /conf
          action: sync+restart
  hook:
    image: tscompose-busybox:latest
    command: ${LONG_RUNNING_YAML}
    develop:
      watch:
        - path: ./hook
          target: /hook
          action: sync+exec
          exec:
            command: ["sh", "-c", "cat /hook/in.txt > /hook-ran.txt"]
`,
    Dockerfile: "FROM tscompose-busybox:latest\nCOPY version.txt /version.txt\n",
    "version.txt": "v1\n",
    "conf/app.conf": "a=1\n",
    "hook/in.txt": "first\n",
  });
}

describe.skipIf(!engine)("watch: rebuild, restart, exec", () => {
  afterEach(async () => {
    await tests.cleanup();
    await projects.cleanup();
    await Promise.allSettled(images.splice(0).map((i) => engine!.runtime.removeImage(i, { force: true })));
  });

  it("a change to a rebuild path rebuilds the image and recreates the container with it and prunes the old one (--quiet: no build output)", async () => {
    const project = projects.next("tsc-w-rebuild");
    images.push(`${project}-api`);
    const dir = actionsProject();
    const api = `${project}-api-1`;
    const live = tests.start(dir, project, ["watch", "--quiet", "api"]);
    await live.waitFor(ready(project), 90_000);
    const before = await engine!.runtime.inspectContainer(api);

    write(dir, "version.txt", "v2\n");
    await live.waitFor(/api: rebuilt/, 90_000);
    await expectFile(engine!.runtime, api, "/version.txt", "v2\n");
    const after = await engine!.runtime.inspectContainer(api);
    expect(after.id).not.toBe(before.id);
    expect(after.imageId).not.toBe(before.imageId);
    expect(after.state.running).toBe(true);
    // --prune (Compose's default): the replaced image, now dangling, is removed.
    await eventually(async () => (await engine!.runtime.inspectImage(before.imageId)) === undefined, "the replaced image to be pruned", 10_000);
    expect(await stopLive(live)).toBe(0);
    const { stdout, stderr } = live.output();
    expect(stdout + stderr).not.toMatch(/Step \d+\/\d+ :/);
    expect(stdout).toMatch(/api: rebuilt and recreated in \d/);
  });

  it("sync+restart copies the files and restarts the container; sync+exec copies them and runs the hook", async () => {
    const project = projects.next("tsc-w-restart");
    const dir = actionsProject();
    const worker = `${project}-worker-1`;
    const hook = `${project}-hook-1`;
    const live = tests.start(dir, project, ["watch", "worker", "hook"]);
    await live.waitFor(ready(project), 90_000);
    const started = (await engine!.runtime.inspectContainer(worker)).state.startedAt;

    write(dir, "conf/app.conf", "a=2\n");
    write(dir, "hook/in.txt", "second\n");
    await expectFile(engine!.runtime, hook, "/hook-ran.txt", "second\n");
    await eventually(async () => (await engine!.runtime.inspectContainer(worker)).state.startedAt !== started, "the worker to be restarted");
    await expectFile(engine!.runtime, worker, "/conf/app.conf", "a=2\n");
    await live.waitFor(/worker: .*restarted|worker: restarted/);
    await live.waitFor(/hook: .*(executed|ran)/);
    expect(await stopLive(live)).toBe(0);
  });
});
