import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { pidAlive } from "../../cli/watch/watch-lock.js";
import { engineOrSkip } from "../helpers/engine.js";
import { containersOf, expectExit, idsByName, Projects } from "../kits/up-kit.js";
import { expectFile, LONG_RUNNING_YAML, ready, stopLive, WatchTests, write } from "../kits/watch-kit.js";

const engine = await engineOrSkip("watch: the CLI (lock, detach, --no-up, up --watch)");
const projects = new Projects(() => engine?.runtime);
const tests = new WatchTests();
const images: string[] = [];

/** `app` syncs ./src to /app; `app` prints /version.txt at start and rebuilds on ./version.txt. */
function cliProject(): string {
  return tests.dir({
    "compose.yaml": `services:
  app:
    build: .
    command: ["sh", "-c", "cat /version.txt; trap 'exit 0' TERM; while :; do sleep 1 & wait $$!; done"]
    develop:
      watch:
        - path: ./src
          target: /app
          action: sync
        - path: ./version.txt
          action: rebuild
  other:
    image: tscompose-busybox:latest
    command: ${LONG_RUNNING_YAML}
`,
    Dockerfile: "FROM tscompose-busybox:latest\nCOPY version.txt /version.txt\n",
    "version.txt": "version-one\n",
    "src/a.txt": "a\n",
  });
}

describe.skipIf(!engine)("watch: the CLI (lock, detach, --no-up, up --watch)", () => {
  afterEach(async () => {
    await tests.cleanup();
    await projects.cleanup();
    await Promise.allSettled(images.splice(0).map((i) => engine!.runtime.removeImage(i, { force: true })));
  });

  it("a second watcher of the same project is refused with exit 1, naming the pid that holds it", async () => {
    const project = projects.next("tsc-w-lock");
    images.push(`${project}-app`);
    const dir = cliProject();
    const first = tests.start(dir, project, ["watch"]);
    await first.waitFor(ready(project), 90_000);

    for (const args of [["watch", "--no-up"], ["up", "--watch"]]) {
      const second = await tests.run(dir, project, args);
      expectExit(second, 1);
      expect(second.stderr).toContain(`project "${project}" is already being watched by pid ${first.child.pid}`);
      expect(second.stderr).toContain(`tscompose -p ${project} watch --stop`);
    }
    expect(await stopLive(first)).toBe(0);
    // The lock went with the watcher: a new one may start.
    expect(readdirSync(path.join(tests.stateDir, "tscompose")).filter((f) => f.endsWith(".lock"))).toEqual([]);
  });

  it("watch --detach runs the watcher in the background; watch --stop ends it", async () => {
    const project = projects.next("tsc-w-detach");
    images.push(`${project}-app`);
    const dir = cliProject();
    const none = await tests.run(dir, project, ["watch", "--stop"]);
    expectExit(none, 1);
    expect(none.stderr).toContain(`no watcher is running for project "${project}"`);

    const started = await tests.run(dir, project, ["watch", "--detach"]);
    expectExit(started, 0);
    const m = /in the background \(pid (\d+)\); log: (\S+)/.exec(started.stdout);
    expect(m, started.stdout).not.toBeNull();
    const pid = Number(m![1]);
    expect(pidAlive(pid)).toBe(true);
    expect(existsSync(m![2]!)).toBe(true);

    write(dir, "src/b.txt", "b\n");
    await expectFile(engine!.runtime, `${project}-app-1`, "/app/b.txt", "b\n");
    const again = await tests.run(dir, project, ["watch", "--detach"]);
    expectExit(again, 1);
    expect(again.stderr).toContain(`already being watched by pid ${pid}`);

    const stopped = await tests.run(dir, project, ["watch", "--stop"]);
    expectExit(stopped, 0);
    expect(stopped.stdout).toContain(`Stopped the watcher of project ${project} (pid ${pid})`);
    expect(pidAlive(pid)).toBe(false);
    expectExit(await tests.run(dir, project, ["watch", "--stop"]), 1);
  });

  it("watch --no-up watches the running containers without recreating or starting anything", async () => {
    const project = projects.next("tsc-w-noup");
    images.push(`${project}-app`);
    const dir = cliProject();
    expectExit(await tests.run(dir, project, ["up", "-d", "app"]), 0);
    const before = await idsByName(engine!.runtime, project);
    const live = tests.start(dir, project, ["watch", "--no-up"]);
    await live.waitFor(ready(project), 60_000);
    write(dir, "src/c.txt", "c\n");
    await expectFile(engine!.runtime, `${project}-app-1`, "/app/c.txt", "c\n");
    expect(await idsByName(engine!.runtime, project)).toEqual(before);
    expect(live.output().stderr).not.toMatch(/Container \S+ +(Created|Started|Recreated)/);
    expect(await stopLive(live)).toBe(0);
  });

  it("up --watch streams logs with the watch lines, follows a rebuilt container, and Ctrl-C stops both (exit 130)", async () => {
    const project = projects.next("tsc-w-upwatch");
    images.push(`${project}-app`);
    const dir = cliProject();
    const live = tests.start(dir, project, ["up", "--watch"]);
    await live.waitFor(ready(project), 90_000);
    await live.waitFor(/app-1 +\| version-one/);

    write(dir, "src/d.txt", "d\n");
    await expectFile(engine!.runtime, `${project}-app-1`, "/app/d.txt", "d\n");
    await live.waitFor(/app: synced 1 file/);
    write(dir, "version.txt", "version-two\n");
    await live.waitFor(/app-1 +\| version-two/, 90_000);

    live.child.kill("SIGINT");
    const r = await live.done;
    expectExit(r, 130);
    const states = (await containersOf(engine!.runtime, project)).map((c) => c.status);
    expect(states.every((s) => s !== "running")).toBe(true);
  });
});
