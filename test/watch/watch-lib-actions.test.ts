import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { engineOrSkip, TEST_IMAGE } from "../helpers/engine.js";
import { formatWatchEvent } from "../../watch/watch-project.js";
import { LONG, WatchLibRig } from "./watch-lib-kit.js";

const engine = await engineOrSkip("watch-lib: rebuild, restart, exec, initial sync");
const rig = new WatchLibRig(() => engine?.runtime);

describe.skipIf(!engine)("watch-lib: rebuild, restart, exec, initial sync", () => {
  afterEach(async () => {
    await rig.cleanup();
  });
  afterAll(async () => {
    await rig.cleanup(true);
  });

  it("a rebuild path change recreates the service with the new image and restarts dependants; a failed build leaves it running", async () => {
    const name = rig.projects.next("tsc-w-rebuild");
    rig.images.push(`${name}-api`);
    const dir = await rig.projectDir({
      "compose.yaml": `services:
  api:
    build: ./api
    command: ${LONG}
    develop:
      watch:
        - path: ./api
          action: rebuild
  worker:
    image: ${TEST_IMAGE}
    command: ${LONG}
    depends_on:
      api:
        condition: service_started
        restart: true
`,
      "api/Dockerfile": `FROM ${TEST_IMAGE}\nCOPY version /version\n`,
      "api/version": "v1\n",
    });
    const api = `${name}-api-1`;
    const worker = `${name}-worker-1`;
    const { until, events } = await rig.upAndWatch(dir, name);
    const before = await engine!.runtime.inspectContainer(api);
    rig.images.push(before.imageId); // left dangling by the rebuild
    const workerStart = (await engine!.runtime.inspectContainer(worker)).state.startedAt;

    await writeFile(path.join(dir, "api/version"), "v2\n");
    const rebuilt = await until((e) => e.kind === "rebuilt");
    expect(formatWatchEvent(rebuilt)).toMatch(/^api: rebuilt and recreated in \d+(\.\d)? m?s$/);
    const after = await engine!.runtime.inspectContainer(api);
    expect(after.id).not.toBe(before.id);
    expect(await rig.sh(api, "cat /version")).toBe("v2\n");
    await until((e) => e.kind === "restarted" && e.service === "worker");
    expect((await engine!.runtime.inspectContainer(worker)).state.startedAt).not.toBe(workerStart);

    await writeFile(path.join(dir, "api/Dockerfile"), `FROM ${TEST_IMAGE}\nRUN false\n`);
    const failed = await until((e) => e.kind === "error");
    expect(failed.message).toMatch(/^rebuild failed: /);
    const untouched = await engine!.runtime.inspectContainer(api);
    expect(untouched.id).toBe(after.id);
    expect(untouched.state.status).toBe("running");
    expect(events.filter((e) => e.kind === "rebuilt")).toHaveLength(1);
  });

  it("initial_sync copies the path at start; sync+restart restarts after copying; sync+exec runs its command", async () => {
    const name = rig.projects.next("tsc-w-actions");
    const dir = await rig.projectDir({
      "compose.yaml": `services:
  web:
    image: ${TEST_IMAGE}
    command: ${LONG}
    develop:
      watch:
        - path: ./init
          action: sync
          target: /init
          initial_sync: true
        - path: ./conf
          action: sync+restart
          target: /conf
        - path: ./hook
          action: sync+exec
          target: /hook
          exec:
            command: ["sh", "-c", "cat /hook/h.txt > done.txt"]
            working_dir: /hook
`,
      "init/a/b.txt": "initial",
      "conf/c.txt": "c1",
      "hook/h.txt": "h1",
    });
    const web = `${name}-web-1`;
    const { until } = await rig.upAndWatch(dir, name);
    expect(await rig.sh(web, "cat /init/a/b.txt")).toBe("initial");
    const started = (await engine!.runtime.inspectContainer(web)).state.startedAt;

    await writeFile(path.join(dir, "conf/c.txt"), "c2");
    await until((e) => e.kind === "restarted");
    expect(await rig.sh(web, "cat /conf/c.txt")).toBe("c2");
    expect((await engine!.runtime.inspectContainer(web)).state.startedAt).not.toBe(started);

    await writeFile(path.join(dir, "hook/h.txt"), "h2");
    const executed = await until((e) => e.kind === "executed");
    expect(executed.message).toMatch(/^ran "sh -c cat \/hook\/h.txt > done.txt" in \d+/);
    expect(await rig.sh(web, "cat /hook/done.txt")).toBe("h2");
  });
});
