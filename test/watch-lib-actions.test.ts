import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { RecordingSink } from "../engine/engine-events.js";
import { upProject } from "../engine/up.js";
import { loadProject } from "../spec/load.js";
import { formatWatchEvent, watchProject, type WatchEvent, type WatchSession } from "../watch/watch-project.js";
import { engineOrSkip, TEST_IMAGE } from "./helpers/engine.js";
import { execIn, Projects } from "./up-kit.js";

const engine = await engineOrSkip("watch-lib: rebuild, restart, exec, initial sync");
const projects = new Projects(() => engine?.runtime);
const sessions: WatchSession[] = [];
const images: string[] = [];
const dirs: string[] = [];

const LONG = `["sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1 & wait $$!; done"]`;

async function projectDir(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "tsc-watch-lib-"));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  return dir;
}

async function upAndWatch(dir: string, name: string) {
  const loaded = loadProject({ workingDir: dir, env: {}, projectName: name });
  const deps = { runtime: engine!.runtime, sink: new RecordingSink() };
  const origin = { projectDir: dir, configFiles: loaded.files };
  await upProject(deps, { project: loaded.project, origin });
  const events: WatchEvent[] = [];
  const session = await watchProject(deps, { project: loaded.project, origin, onEvent: (e) => events.push(e) });
  sessions.push(session);
  await session.ready;
  const until = async (pred: (e: WatchEvent) => boolean, count = 1): Promise<WatchEvent> => {
    for (let i = 0; i < 1200; i++) {
      const found = events.filter(pred);
      if (found.length >= count) return found[count - 1]!;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`timed out waiting for a watch event; got: ${events.map(formatWatchEvent).join("; ")}`);
  };
  return { events, until };
}

async function sh(container: string, script: string): Promise<string> {
  const r = await execIn(engine!.runtime, container, ["sh", "-c", script]);
  return r.stdout + r.stderr;
}

describe.skipIf(!engine)("watch-lib: rebuild, restart, exec, initial sync", () => {
  afterEach(async () => {
    await Promise.allSettled(sessions.splice(0).map((s) => s.close()));
    await projects.cleanup();
    await Promise.allSettled(images.splice(0).map((i) => engine!.runtime.removeImage(i, { force: true })));
  });
  afterAll(async () => {
    await Promise.allSettled(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  it("a rebuild path change recreates the service with the new image and restarts dependants; a failed build leaves it running", async () => {
    const name = projects.next("tsc-w-rebuild");
    images.push(`${name}-api`);
    const dir = await projectDir({
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
    const { until, events } = await upAndWatch(dir, name);
    const before = await engine!.runtime.inspectContainer(api);
    images.push(before.imageId); // left dangling by the rebuild
    const workerStart = (await engine!.runtime.inspectContainer(worker)).state.startedAt;

    await writeFile(path.join(dir, "api/version"), "v2\n");
    const rebuilt = await until((e) => e.kind === "rebuilt");
    expect(formatWatchEvent(rebuilt)).toMatch(/^api: rebuilt and recreated in \d+(\.\d)? m?s$/);
    const after = await engine!.runtime.inspectContainer(api);
    expect(after.id).not.toBe(before.id);
    expect(await sh(api, "cat /version")).toBe("v2\n");
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
    const name = projects.next("tsc-w-actions");
    const dir = await projectDir({
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
    const { until } = await upAndWatch(dir, name);
    expect(await sh(web, "cat /init/a/b.txt")).toBe("initial");
    const started = (await engine!.runtime.inspectContainer(web)).state.startedAt;

    await writeFile(path.join(dir, "conf/c.txt"), "c2");
    await until((e) => e.kind === "restarted");
    expect(await sh(web, "cat /conf/c.txt")).toBe("c2");
    expect((await engine!.runtime.inspectContainer(web)).state.startedAt).not.toBe(started);

    await writeFile(path.join(dir, "hook/h.txt"), "h2");
    const executed = await until((e) => e.kind === "executed");
    expect(executed.message).toMatch(/^ran "sh -c cat \/hook\/h.txt > done.txt" in \d+/);
    expect(await sh(web, "cat /hook/done.txt")).toBe("h2");
  });
});
