import { mkdir, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { engineOrSkip, TEST_IMAGE } from "../helpers/engine.js";
import { LONG, WatchLibRig } from "./watch-lib-kit.js";

const engine = await engineOrSkip("watch-lib: sync into running containers");
const rig = new WatchLibRig(() => engine?.runtime);

describe.skipIf(!engine)("watch-lib: sync into running containers", () => {
  afterEach(async () => {
    await rig.cleanup();
  });
  afterAll(async () => {
    await rig.cleanup(true);
  });

  it("syncs new, changed and deleted files, honouring the rule's ignore and the context's .dockerignore, owned by a non-root user", async () => {
    const name = rig.projects.next("tsc-w-sync");
    rig.images.push(`${name}-web`);
    const dir = await rig.projectDir({
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
    const { until } = await rig.upAndWatch(dir, name);
    const src = path.join(dir, "app/src");
    await writeFile(path.join(src, "debug.log"), "ignored by the rule");
    await writeFile(path.join(src, "key.secret"), "ignored by .dockerignore");
    await mkdir(path.join(src, "sub"));
    await writeFile(path.join(src, "sub/new.txt"), "new file");
    await eventually(async () => expect(await rig.sh(web, "cat /srv/src/sub/new.txt")).toBe("new file"));
    expect(await rig.sh(web, "ls /srv/src")).toBe("sub\n");
    expect(await rig.sh(web, "stat -c %u:%g /srv/src/sub/new.txt /srv/src/sub")).toBe("1000:1000\n1000:1000\n");
    await until((e) => e.kind === "synced");

    await writeFile(path.join(src, "sub/new.txt"), "changed");
    await eventually(async () => expect(await rig.sh(web, "cat /srv/src/sub/new.txt")).toBe("changed"));
    await rm(path.join(src, "sub/new.txt"));
    await eventually(async () => expect(await rig.sh(web, "ls /srv/src/sub")).toBe(""));
    // The container's user can change what it was given.
    expect(await rig.sh(web, "echo mine > /srv/src/sub/own.txt && cat /srv/src/sub/own.txt")).toBe("mine\n");
  });

  it("files synced into a container whose user is a name get that account's uid and gid", async () => {
    const name = rig.projects.next("tsc-w-named");
    rig.images.push(`${name}-web`);
    const dir = await rig.projectDir({
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
    await rig.upAndWatch(dir, name);
    await mkdir(path.join(dir, "app/src/pkg"));
    await writeFile(path.join(dir, "app/src/pkg/mod.txt"), "module");
    await eventually(async () => expect(await rig.sh(web, "cat /home/app/src/pkg/mod.txt")).toBe("module"));
    expect(await rig.sh(web, "stat -c %u:%g /home/app/src/pkg/mod.txt /home/app/src/pkg; id -u")).toBe("1234:2345\n1234:2345\n1234\n");
  });

  it("a branch switch of 5,000 files goes in one or a few tars", async () => {
    const name = rig.projects.next("tsc-w-many");
    const dir = await rig.projectDir({
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
    const { events } = await rig.upAndWatch(dir, name);
    for (let d = 0; d < 50; d++) {
      await mkdir(path.join(dir, `src/d${d}`));
      await Promise.all(Array.from({ length: 100 }, (_, f) => writeFile(path.join(dir, `src/d${d}/f${f}.txt`), `${d}/${f}`)));
    }
    await eventually(async () => expect(await rig.sh(web, "find /srv -type f | wc -l")).toBe("5000\n"), 60_000);
    const synced = events.filter((e) => e.kind === "synced");
    expect(synced.reduce((n, e) => n + (e.files ?? 0), 0)).toBeGreaterThanOrEqual(5000);
    expect(synced.length).toBeLessThanOrEqual(10);
    expect(await rig.sh(web, "cat /srv/d49/f99.txt")).toBe("49/99");
  });

  it("stores symlinks as links, including one pointing outside the watched path", async () => {
    const name = rig.projects.next("tsc-w-link");
    const dir = await rig.projectDir({
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
    await rig.upAndWatch(dir, name);
    await symlink("../outside.txt", path.join(dir, "src/up"));
    await symlink("/etc/passwd", path.join(dir, "src/abs"));
    await eventually(async () => expect(await rig.sh(web, "readlink /srv/up; readlink /srv/abs")).toBe("../outside.txt\n/etc/passwd\n"));
    expect(await rig.sh(web, "test -L /srv/up && echo link")).toBe("link\n");
    expect(await rig.sh(web, "cat /srv/up 2>/dev/null || echo dangling")).toBe("dangling\n");
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
