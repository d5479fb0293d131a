import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { RecordingSink } from "../engine/runtime/engine-events.js";
import { MemoryRuntime } from "../engine/memory/memory-runtime.js";
import type { BuildImageOptions } from "../engine/runtime/runtime.js";
import { upProject } from "../engine/verbs/up.js";
import { loadProject } from "../spec/load.js";
import { MemoryWatcher } from "./file-watcher.js";
import { formatWatchEvent, watchProject, type WatchEvent } from "./watch-project.js";

const LONG = ["sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1 & wait $!; done"];

/** A memory runtime whose builds can be held until released. */
class GatedRuntime extends MemoryRuntime {
  gate: Promise<void> | undefined;
  started = 0;
  override async buildImage(options: BuildImageOptions): Promise<{ imageId: string }> {
    this.started++;
    const entries = [];
    for await (const chunk of options.context as AsyncIterable<Uint8Array>) entries.push(chunk);
    await this.gate;
    return super.buildImage({ ...options, context: (async function* () { yield* entries; })() });
  }
}

async function setup(compose: string, files: Record<string, string> = {}) {
  const dir = await mkdtemp(path.join(os.tmpdir(), "tsc-watch-"));
  await writeFile(path.join(dir, "compose.yaml"), compose);
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  const loaded = loadProject({ workingDir: dir, env: {}, projectName: "w" });
  const runtime = new GatedRuntime({ images: [{ ref: "base:latest", cmd: LONG }] });
  const deps = { runtime, sink: new RecordingSink() };
  const origin = { projectDir: dir, configFiles: loaded.files };
  await upProject(deps, { project: loaded.project, origin });
  const events: WatchEvent[] = [];
  let watcher: MemoryWatcher | undefined;
  const start = async (extra: { prune?: boolean } = {}) => {
    const session = await watchProject(deps, {
      ...extra,
      project: loaded.project,
      origin,
      debounceMs: 5,
      onEvent: (e) => events.push(e),
      createWatcher: (paths, ignored) => (watcher = new MemoryWatcher(paths, ignored)),
    });
    await session.ready;
    return session;
  };
  const until = async (pred: (e: WatchEvent) => boolean, count = 1) => {
    for (let i = 0; i < 300; i++) {
      if (events.filter(pred).length >= count) return;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`timed out; events: ${events.map(formatWatchEvent).join("; ")}`);
  };
  const cat = async (container: string, file: string) => (await runtime.exec(container, { cmd: ["cat", file] })).stdout;
  return { dir, runtime, events, start, until, cat, watcher: () => watcher!, project: loaded.project };
}

const SYNC = `services:
  web:
    image: base
    develop:
      watch:
        - path: ./src
          action: sync
          target: /app
          ignore: [node_modules]
`;

describe("watchProject", () => {
  it("syncs changed and deleted files into the running container", async () => {
    const t = await setup(SYNC, { "src/a.txt": "one" });
    const session = await t.start();
    expect(t.watcher().paths).toEqual([path.join(t.dir, "src")]);
    expect(t.events.map(formatWatchEvent)).toEqual(["web: watching ./src → /app (sync)"]);
    t.watcher().emit("add", path.join(t.dir, "src/a.txt"));
    await t.until((e) => e.kind === "synced");
    expect(await t.cat("w-web-1", "/app/a.txt")).toBe("one");
    expect(t.events.find((e) => e.kind === "synced")?.message).toMatch(/^synced 1 file \(3 B\) in \d+ ms$/);
    t.watcher().emit("unlink", path.join(t.dir, "src/a.txt"));
    await t.until((e) => e.kind === "synced", 2);
    expect((await t.runtime.exec("w-web-1", { cmd: ["sh", "-c", "test -e /app/a.txt && echo yes || echo no"] })).stdout).toBe("no\n");
    expect(t.watcher().emit("add", path.join(t.dir, "src/node_modules/x.js"))).toBe(false);
    expect(t.watcher().emit("add", path.join(t.dir, "elsewhere.txt"))).toBe(false);
    expect(t.watcher().emit("addDir", t.dir)).toBe(true);
    await session.close();
    expect(t.watcher().closed).toBe(true);
  });

  it("refuses a project without develop.watch", async () => {
    const t = await setup("services:\n  web:\n    image: base\n");
    await expect(t.start()).rejects.toMatchObject({ code: "E_WATCH_NO_RULES" });
  });

  it("initial_sync copies the whole path before ready", async () => {
    const t = await setup(SYNC.replace("ignore: [node_modules]", "initial_sync: true\n          ignore: [node_modules]"), { "src/a.txt": "A", "src/d/b.txt": "B", "src/node_modules/m.js": "M" });
    const session = await t.start();
    expect(await t.cat("w-web-1", "/app/d/b.txt")).toBe("B");
    expect(await t.cat("w-web-1", "/app/node_modules/m.js")).toBe("");
    expect(t.events.find((e) => e.kind === "synced")?.files).toBe(2);
    await session.close();
  });

  it("a rebuild in flight absorbs further changes and runs once more; a failed build keeps the container and the session", async () => {
    const compose = `services:
  api:
    build: ./api
    develop:
      watch:
        - path: ./api
          action: rebuild
        - path: ./conf
          action: sync+restart
          target: /conf
`;
    const t = await setup(compose, { "api/Dockerfile": "FROM base\nENV V=1\n", "conf/c.txt": "c1" });
    const session = await t.start();
    expect(t.watcher().paths).toEqual([path.join(t.dir, "api"), path.join(t.dir, "conf")]);
    const first = (await t.runtime.inspectContainer("w-api-1")).id;
    let release: () => void = () => undefined;
    t.runtime.gate = new Promise((r) => (release = r));
    const buildsBefore = t.runtime.builds.length;
    const startedBefore = t.runtime.started;
    await writeFile(path.join(t.dir, "api/Dockerfile"), "FROM base\nENV V=2\n");
    t.watcher().emit("change", path.join(t.dir, "api/Dockerfile"));
    for (let i = 0; i < 200 && t.runtime.started === startedBefore; i++) await new Promise((r) => setTimeout(r, 10));
    expect(t.runtime.started).toBe(startedBefore + 1);
    for (const f of ["a", "b", "c"]) {
      t.watcher().emit("add", path.join(t.dir, `api/${f}.txt`));
      await new Promise((r) => setTimeout(r, 20));
    }
    release();
    await t.until((e) => e.kind === "rebuilt", 2);
    await new Promise((r) => setTimeout(r, 50));
    expect(t.events.filter((e) => e.kind === "rebuilt")).toHaveLength(2);
    expect(t.runtime.builds.length - buildsBefore).toBe(2);
    const second = (await t.runtime.inspectContainer("w-api-1")).id;
    expect(second).not.toBe(first);

    t.runtime.gate = undefined;
    await writeFile(path.join(t.dir, "api/Dockerfile"), "FROM base\nRUN false\n");
    t.watcher().emit("change", path.join(t.dir, "api/Dockerfile"));
    await t.until((e) => e.kind === "error");
    expect(t.events.find((e) => e.kind === "error")?.message).toMatch(/^rebuild failed: /);
    expect((await t.runtime.inspectContainer("w-api-1")).id).toBe(second);

    await writeFile(path.join(t.dir, "conf/c.txt"), "c2");
    t.watcher().emit("change", path.join(t.dir, "conf/c.txt"));
    await t.until((e) => e.kind === "restarted");
    expect(await t.cat("w-api-1", "/conf/c.txt")).toBe("c2");
    await session.close();
  });

  it("sync+exec runs the hook with its user, working_dir and environment after syncing", async () => {
    const compose = `services:
  web:
    image: base
    develop:
      watch:
        - path: ./src
          action: sync+exec
          target: /app
          exec:
            command: ["sh", "-c", "echo $$GREETING > hook.out && pwd >> hook.out"]
            working_dir: /app
            environment:
              GREETING: hi
        - path: ./bad
          action: sync+exec
          target: /bad
          exec:
            command: ["sh", "-c", "echo nope >&2; exit 3"]
`;
    const t = await setup(compose, { "src/a.txt": "a", "bad/b.txt": "b" });
    const session = await t.start();
    t.watcher().emit("change", path.join(t.dir, "src/a.txt"));
    await t.until((e) => e.kind === "executed");
    expect(await t.cat("w-web-1", "/app/hook.out")).toBe("hi\n/app\n");
    t.watcher().emit("change", path.join(t.dir, "bad/b.txt"));
    await t.until((e) => e.kind === "error");
    expect(t.events.find((e) => e.kind === "error")?.message).toBe('"sh -c echo nope >&2; exit 3" exited with code 3: nope');
    await session.close();
  });

  it("watches a path under another watched path through the outer watch", async () => {
    const t = await setup(SYNC + "        - path: .\n          action: restart\n", { "src/a.txt": "a" });
    const session = await t.start();
    expect(t.watcher().paths).toEqual([t.dir]);
    t.watcher().emit("change", path.join(t.dir, "src/a.txt"));
    await t.until((e) => e.kind === "synced");
    expect(t.events.some((e) => e.kind === "restarted")).toBe(false);
    await session.close();
  });

  it("warns about a bind-mounted sync path and watches the rest", async () => {
    const compose = SYNC.replace("    image: base\n", "    image: base\n    volumes:\n      - ./src:/app\n") + `        - path: ./other
          action: restart
`;
    const t = await setup(compose, { "src/a.txt": "a", "other/o.txt": "o" });
    const session = await t.start();
    expect(t.events.map(formatWatchEvent)).toEqual([
      `web: path ${path.join(t.dir, "src")} is also bind-mounted at /app, so it is not watched`,
      "web: watching ./other (restart)",
    ]);
    await session.close();
  });
});

describe("watchProject session", () => {
  it("close() waits for the action under way; an aborted signal ends the session", async () => {
    const compose = `services:
  api:
    build: ./api
    develop:
      watch:
        - path: ./api
          action: rebuild
`;
    const t = await setup(compose, { "api/Dockerfile": "FROM base\n" });
    const session = await t.start();
    let release: () => void = () => undefined;
    t.runtime.gate = new Promise((r) => (release = r));
    const started = t.runtime.started;
    await writeFile(path.join(t.dir, "api/Dockerfile"), "FROM base\nENV X=1\n");
    t.watcher().emit("change", path.join(t.dir, "api/Dockerfile"));
    for (let i = 0; i < 200 && t.runtime.started === started; i++) await new Promise((r) => setTimeout(r, 10));
    let closed = false;
    const closing = session.close().then(() => (closed = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(closed).toBe(false);
    release();
    await closing;
    expect(t.events.filter((e) => e.kind === "rebuilt")).toHaveLength(1);
    await session.done;

    const controller = new AbortController();
    const t2 = await setup(SYNC);
    const s2 = await watchProject({ runtime: t2.runtime, sink: new RecordingSink() }, {
      project: t2.project,
      origin: { projectDir: t2.dir, configFiles: [] },
      signal: controller.signal,
      onEvent: () => undefined,
      createWatcher: (paths) => new MemoryWatcher(paths),
    });
    controller.abort();
    await s2.done;
  });
});

describe("watchProject prune", () => {
  it("removes the image a rebuild left dangling, only with prune", async () => {
    const compose = `services:
  api:
    build: ./api
    develop:
      watch:
        - path: ./api
          action: rebuild
`;
    for (const prune of [false, true]) {
      const t = await setup(compose, { "api/Dockerfile": "FROM base\n" });
      const session = await t.start({ prune });
      const old = (await t.runtime.inspectContainer("w-api-1")).imageId;
      await writeFile(path.join(t.dir, "api/Dockerfile"), "FROM base\nENV N=2\n");
      t.watcher().emit("change", path.join(t.dir, "api/Dockerfile"));
      await t.until((e) => e.kind === "rebuilt");
      await session.close();
      expect((await t.runtime.inspectContainer("w-api-1")).imageId).not.toBe(old);
      expect(await t.runtime.inspectImage(old), `prune: ${prune}`).toEqual(prune ? undefined : expect.objectContaining({ id: old, repoTags: [] }));
    }
  });
});
