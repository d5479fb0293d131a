import { afterEach, describe, expect, it } from "vitest";
import { engineOrSkip } from "../helpers/engine.js";
import { Projects } from "../kits/up-kit.js";
import { expectFile, fileIn, LONG_RUNNING_YAML, ready, remove, stopLive, WatchTests, write } from "../kits/watch-kit.js";

const engine = await engineOrSkip("watch: sync");
const projects = new Projects(() => engine?.runtime);
const tests = new WatchTests();
const images: string[] = [];

/** A built service `app` (root) syncing ./src to /app, and an image-only service `nonroot` (uid 1000) syncing ./pre to /home/app with initial_sync. */
function syncProject(): string {
  return tests.dir({
    "compose.yaml": `services:
  app:
    build: .
    command: ${LONG_RUNNING_YAML}
    develop:
      watch:
        - path: ./src
          target: /app
          action: sync
          ignore: ["*.log"]
  nonroot:
    image: tscompose-busybox:latest
    user: "1000:1000"
    command: ${LONG_RUNNING_YAML}
    develop:
      watch:
        - path: ./pre
          target: /home/app
          action: sync
          initial_sync: true
`,
    Dockerfile: "FROM tscompose-busybox:latest\nRUN mkdir -p /app\n",
    ".dockerignore": "src/secret.txt\n",
    "src/keep.txt": "kept\n",
    "pre/existing.txt": "was there before watch started\n",
  });
}

describe.skipIf(!engine)("watch: sync", () => {
  afterEach(async () => {
    await tests.cleanup();
    await projects.cleanup();
    await Promise.allSettled(images.splice(0).map((i) => engine!.runtime.removeImage(i, { force: true })));
  });

  it("new, changed and deleted files reach the container; .dockerignore and the rule's ignore are respected", async () => {
    const project = projects.next("tsc-w-sync");
    images.push(`${project}-app`);
    const dir = syncProject();
    const app = `${project}-app-1`;
    const live = tests.start(dir, project, ["watch", "app"]);
    await live.waitFor(ready(project), 90_000);

    write(dir, "src/new.txt", "one\n");
    await expectFile(engine!.runtime, app, "/app/new.txt", "one\n");
    write(dir, "src/new.txt", "two\n");
    write(dir, "src/sub/deep.txt", "deep\n");
    await expectFile(engine!.runtime, app, "/app/new.txt", "two\n");
    await expectFile(engine!.runtime, app, "/app/sub/deep.txt", "deep\n");
    remove(dir, "src/new.txt");
    await expectFile(engine!.runtime, app, "/app/new.txt", undefined);

    // Ignored files go in the same batch as a marker: once the marker is there, the batch is done.
    write(dir, "src/secret.txt", "secret\n");
    write(dir, "src/debug.log", "log\n");
    write(dir, "src/marker.txt", "marker\n");
    await expectFile(engine!.runtime, app, "/app/marker.txt", "marker\n");
    expect(await fileIn(engine!.runtime, app, "/app/secret.txt")).toBeUndefined();
    expect(await fileIn(engine!.runtime, app, "/app/debug.log")).toBeUndefined();

    expect(live.output().stdout).toMatch(/\d\d:\d\d:\d\d app: synced 1 file \(4 B\) in \d+ ms/);
    expect(await stopLive(live)).toBe(0);
    // Compose's behaviour: Ctrl-C ends watching and leaves the containers running.
    expect((await engine!.runtime.inspectContainer(app)).state.running).toBe(true);
  });

  it("initial_sync copies files that existed before watching; a non-root container's user owns synced files", async () => {
    const project = projects.next("tsc-w-initial");
    const dir = syncProject();
    const c = `${project}-nonroot-1`;
    const live = tests.start(dir, project, ["watch", "nonroot"]);
    await live.waitFor(ready(project), 90_000);
    await expectFile(engine!.runtime, c, "/home/app/existing.txt", "was there before watch started\n");

    write(dir, "pre/new.txt", "fresh\n");
    await expectFile(engine!.runtime, c, "/home/app/new.txt", "fresh\n");
    const owner = await engine!.runtime.exec(c, { cmd: ["stat", "-c", "%u:%g", "/home/app/new.txt", "/home/app/existing.txt"] });
    expect(owner.stdout).toBe("1000:1000\n1000:1000\n");
    // The user can change what was synced.
    const append = await engine!.runtime.exec(c, { cmd: ["sh", "-c", "echo more >> /home/app/new.txt"], user: "1000:1000" });
    expect(append.exitCode).toBe(0);
    expect(await stopLive(live)).toBe(0);
  });
});
