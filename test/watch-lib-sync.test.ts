import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { RecordingSink } from "../engine/engine-events.js";
import { upProject } from "../engine/up.js";
import { loadProject } from "../spec/load.js";
import { formatWatchEvent, watchProject, type WatchEvent, type WatchSession } from "../watch/watch-project.js";
import { engineOrSkip, TEST_IMAGE } from "./helpers/engine.js";
import { execIn, Projects } from "./up-kit.js";

const engine = await engineOrSkip("watch-lib: sync into running containers");
const projects = new Projects(() => engine?.runtime);
const sessions: WatchSession[] = [];
const images: string[] = [];
const dirs: string[] = [];

const LONG = `["sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1 & wait $$!; done"]`;

/** Writes the files of a project into a fresh temporary directory. */
async function projectDir(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "tsc-watch-lib-"));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  return dir;
}

/** Brings the project up on the real engine, then starts watching it with the real chokidar watcher. */
async function upAndWatch(dir: string, name: string) {
  const loaded = loadProject({ workingDir: dir, env: {}, projectName: name });
  const deps = { runtime: engine!.runtime, sink: new RecordingSink() };
  const origin = { projectDir: dir, configFiles: loaded.files };
  await upProject(deps, { project: loaded.project, origin });
  const events: WatchEvent[] = [];
  const session = await watchProject(deps, { project: loaded.project, origin, onEvent: (e) => events.push(e) });
  sessions.push(session);
  await session.ready;
  const until = async (pred: (e: WatchEvent) => boolean, count = 1): Promise<void> => {
    for (let i = 0; i < 600; i++) {
      if (events.filter(pred).length >= count) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`timed out waiting for a watch event; got: ${events.map(formatWatchEvent).join("; ")}`);
  };
  return { events, until, session };
}

async function sh(container: string, script: string): Promise<string> {
  const r = await execIn(engine!.runtime, container, ["sh", "-c", script]);
  return r.stdout + r.stderr;
}

describe.skipIf(!engine)("watch-lib: sync into running containers", () => {
  afterEach(async () => {
    await Promise.allSettled(sessions.splice(0).map((s) => s.close()));
    await projects.cleanup();
    await Promise.allSettled(images.splice(0).map((i) => engine!.runtime.removeImage(i, { force: true })));
  });
  afterAll(async () => {
    await Promise.allSettled(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  it("syncs new, changed and deleted files, honouring the rule's ignore and the context's .dockerignore, owned by a non-root user", async () => {
    const name = projects.next("tsc-w-sync");
    images.push(`${name}-web`);
    const dir = await projectDir({
      "compose.yaml": `services:
  web:
    build: ./app
    user: "1000:1000"
    command: ${LONG}
    develop:
      watch:
        - path: ./app/src
          action: sync
          target: /srv/src
          ignore: ["*.log"]
`,
      "app/Dockerfile": `FROM ${TEST_IMAGE}\n`,
      "app/.dockerignore": "**/*.secret\n",
      "app/src/keep.txt": "keep",
    });
    const web = `${name}-web-1`;
    const { until } = await upAndWatch(dir, name);
    const src = path.join(dir, "app/src");
    await writeFile(path.join(src, "debug.log"), "ignored by the rule");
    await writeFile(path.join(src, "key.secret"), "ignored by .dockerignore");
    await mkdir(path.join(src, "sub"));
    await writeFile(path.join(src, "sub/new.txt"), "new file");
    await eventually(async () => expect(await sh(web, "cat /srv/src/sub/new.txt")).toBe("new file"));
    expect(await sh(web, "ls /srv/src")).toBe("sub\n");
    expect(await sh(web, "stat -c %u:%g /srv/src/sub/new.txt /srv/src/sub")).toBe("1000:1000\n1000:1000\n");
    await until((e) => e.kind === "synced");

    await writeFile(path.join(src, "sub/new.txt"), "changed");
    await eventually(async () => expect(await sh(web, "cat /srv/src/sub/new.txt")).toBe("changed"));
    await rm(path.join(src, "sub/new.txt"));
    await eventually(async () => expect(await sh(web, "ls /srv/src/sub")).toBe(""));
    // The container's user can change what it was given.
    expect(await sh(web, "echo mine > /srv/src/sub/own.txt && cat /srv/src/sub/own.txt")).toBe("mine\n");
  });

  it("files synced into a container whose user is a name get that account's uid and gid", async () => {
    const name = projects.next("tsc-w-named");
    images.push(`${name}-web`);
    const dir = await projectDir({
      "compose.yaml": `services:
  web:
    build: ./app
    command: ${LONG}
    develop:
      watch:
        - path: ./app/src
          action: sync
          target: /home/app/src
`,
      "app/Dockerfile": `FROM ${TEST_IMAGE}\nCOPY passwd group /etc/\nUSER app\n`,
      "app/passwd": "root:x:0:0:root:/root:/bin/sh\napp:x:1234:2345::/home/app:/bin/sh\n",
      "app/group": "root:x:0:\napp:x:2345:\n",
      "app/src/.keep": "",
    });
    const web = `${name}-web-1`;
    await upAndWatch(dir, name);
    await mkdir(path.join(dir, "app/src/pkg"));
    await writeFile(path.join(dir, "app/src/pkg/mod.txt"), "module");
    await eventually(async () => expect(await sh(web, "cat /home/app/src/pkg/mod.txt")).toBe("module"));
    expect(await sh(web, "stat -c %u:%g /home/app/src/pkg/mod.txt /home/app/src/pkg; id -u")).toBe("1234:2345\n1234:2345\n1234\n");
  });

  it("a branch switch of 5,000 files goes in one or a few tars", async () => {
    const name = projects.next("tsc-w-many");
    const dir = await projectDir({
      "compose.yaml": `services:
  web:
    image: ${TEST_IMAGE}
    command: ${LONG}
    develop:
      watch:
        - path: ./src
          action: sync
          target: /srv
`,
      "src/.keep": "",
    });
    const web = `${name}-web-1`;
    const { events } = await upAndWatch(dir, name);
    for (let d = 0; d < 50; d++) {
      await mkdir(path.join(dir, `src/d${d}`));
      await Promise.all(Array.from({ length: 100 }, (_, f) => writeFile(path.join(dir, `src/d${d}/f${f}.txt`), `${d}/${f}`)));
    }
    await eventually(async () => expect(await sh(web, "find /srv -type f | wc -l")).toBe("5000\n"), 60_000);
    const synced = events.filter((e) => e.kind === "synced");
    expect(synced.reduce((n, e) => n + (e.files ?? 0), 0)).toBeGreaterThanOrEqual(5000);
    expect(synced.length).toBeLessThanOrEqual(10);
    expect(await sh(web, "cat /srv/d49/f99.txt")).toBe("49/99");
  });

  it("stores symlinks as links, including one pointing outside the watched path", async () => {
    const name = projects.next("tsc-w-link");
    const dir = await projectDir({
      "compose.yaml": `services:
  web:
    image: ${TEST_IMAGE}
    command: ${LONG}
    develop:
      watch:
        - path: ./src
          action: sync
          target: /srv
`,
      "src/a.txt": "a",
      "outside.txt": "host secret",
    });
    const web = `${name}-web-1`;
    await upAndWatch(dir, name);
    await symlink("../outside.txt", path.join(dir, "src/up"));
    await symlink("/etc/passwd", path.join(dir, "src/abs"));
    await eventually(async () => expect(await sh(web, "readlink /srv/up; readlink /srv/abs")).toBe("../outside.txt\n/etc/passwd\n"));
    expect(await sh(web, "test -L /srv/up && echo link")).toBe("link\n");
    expect(await sh(web, "cat /srv/up 2>/dev/null || echo dangling")).toBe("dangling\n");
  });
});

/** Retries an assertion until it passes (file events and syncs are asynchronous). */
async function eventually(check: () => Promise<void>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
