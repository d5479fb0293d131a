import { cpSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { engineOrSkip } from "../helpers/engine.js";
import { eventually, freePort, Projects } from "../kits/up-kit.js";
import { ready, stopLive, WatchTests, write } from "../kits/watch-kit.js";

const engine = await engineOrSkip("example: hot-reload");
const projects = new Projects(() => engine?.runtime);
const tests = new WatchTests();
const images: string[] = [];
const dirs: string[] = [];
const EXAMPLE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../examples/hot-reload");

async function page(port: number): Promise<string> {
  try {
    const r = await fetch(`http://127.0.0.1:${port}/index.html`);
    return r.ok ? await r.text() : `HTTP ${r.status}`;
  } catch (err) {
    return String(err);
  }
}

describe.skipIf(!engine)("example: hot-reload", () => {
  afterEach(async () => {
    await tests.cleanup();
    await projects.cleanup();
    await Promise.allSettled(images.splice(0).map((i) => engine!.runtime.removeImage(i, { force: true })));
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it("up --watch serves the site; an edited page is served at once, a worker change restarts the worker", async () => {
    const project = projects.next("tsc-w-example");
    images.push(`${project}-web`, `${project}-worker`);
    // A copy: the test edits files.
    const dir = mkdtempSync(path.join(os.tmpdir(), "tsc-hot-reload-"));
    dirs.push(dir);
    cpSync(EXAMPLE, dir, { recursive: true });
    const port = await freePort();
    const live = tests.start(dir, project, ["up", "--watch"], { BASE_IMAGE: "tscompose-busybox:latest", WEB_PORT: String(port) });
    await live.waitFor(ready(project), 120_000);
    await live.waitFor(/worker-1 +\| worker: worker ready/);
    await eventually(async () => (await page(port)).includes("Hello from tscompose"), "the site to be served");

    write(dir, "site/index.html", "<h1>Edited while running</h1>\n");
    await eventually(async () => (await page(port)).includes("Edited while running"), "the edited page to be served", 10_000);
    await live.waitFor(/web: synced 1 file/);

    write(dir, "worker/config.sh", 'MESSAGE="reconfigured"\n');
    await live.waitFor(/worker-1 +\| worker: reconfigured/, 30_000);

    expect(await stopLive(live)).toBe(130);
  });
});
