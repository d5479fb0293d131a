import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { engineOrSkip, probeEngine } from "../helpers/engine.js";
import { compose, containersOf, expectExit, fixture, Projects, startCompose } from "../kits/up-kit.js";

/**
 * Restarting the engine stops every container on it and breaks whatever else uses it, so this
 * file runs only with TSCOMPOSE_DISRUPTIVE=1 (`.ci/run` sets it). It needs the engine to be the
 * local `dockerd` that scripts/engine.sh starts (its pid in /var/run/docker.pid); afterAll
 * starts it again whatever happened. Outside CI it also refuses an engine that is running other
 * containers: a network created by someone else while dockerd 20.10 shuts down can be stored
 * half-made, and dockerd then panics at every start (libnetwork `reservePools`: index out of
 * range) until that network's record is fixed in /var/lib/docker/network/files/local-kv.db.
 */
const ENGINE_SCRIPT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../scripts/engine.sh");
const PID_FILE = "/var/run/docker.pid";
const disruptive = process.env.TSCOMPOSE_DISRUPTIVE === "1";
if (!disruptive) console.warn("\n[skipped] up: engine restarted mid-way: set TSCOMPOSE_DISRUPTIVE=1 to run it (it restarts dockerd)\n");
const engine = disruptive ? await engineOrSkip("up: engine restarted mid-way") : undefined;
const others = engine && process.env.CI !== "true" ? (await engine.runtime.listContainers()).map((c) => c.name) : [];
const restartable = engine !== undefined && existsSync(PID_FILE) && others.length === 0;
if (engine && !existsSync(PID_FILE)) console.warn(`\n[skipped] up: engine restarted mid-way: no ${PID_FILE}, so the engine is not a local dockerd this test can restart\n`);
if (others.length > 0) console.warn(`\n[skipped] up: engine restarted mid-way: the engine is busy with other containers (${others.slice(0, 5).join(", ")}…); it restarts only an idle engine outside CI\n`);
const projects = new Projects(() => engine?.runtime);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Stops the local dockerd (SIGTERM, as a service manager would) and waits for it to exit. */
async function stopEngine(): Promise<void> {
  const pid = Number(readFileSync(PID_FILE, "utf8").trim());
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) return;
  process.kill(pid, "SIGTERM");
  const until = Date.now() + 60_000;
  while (alive(pid)) {
    if (Date.now() > until) throw new Error(`dockerd (pid ${pid}) did not exit within 60 s of SIGTERM`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Starts the engine again with the project's script (which waits until it answers). */
function startEngine(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", [ENGINE_SCRIPT], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`scripts/engine.sh exited with ${code}:\n${stderr}`))));
  });
}

describe.skipIf(!restartable)("up: engine restarted mid-way", () => {
  afterAll(async () => {
    if (!("runtime" in (await probeEngine()))) await startEngine();
    await projects.cleanup();
  }, 120_000);

  it("fails with an error naming the service, exit 1, and the next up converges", async () => {
    const project = projects.next("tsc-restart");
    const dir = fixture("up-engine-restart");
    // db turns healthy only after a minute: the engine goes down while up waits for it.
    const live = startCompose(dir, project, ["up", "-d"], { DB_DELAY: "60" });
    await live.waitFor(/Container \S+-db-1 +Waiting/);
    await stopEngine();
    await startEngine();
    // Whatever the CLI noticed (a dropped event stream, refused calls, its containers stopped by
    // the shutdown), it must end on its own: no hang on a stream that will never deliver.
    const guard = setTimeout(() => live.child.kill("SIGKILL"), 60_000);
    const failed = await live.done.finally(() => clearTimeout(guard));

    expectExit(failed, 1);
    // Either the engine's shutdown stopped db while up waited for it (the usual case: the event
    // stream is still open; when its `kill` event is not seen before `die`, the stop reads as a
    // plain exit), or the calls failed while the engine was down.
    const db = `${project}-db-1`;
    expect(failed.stderr).toMatch(
      new RegExp(`error: service "web": (dependency failed to start: container ${db} (was stopped by signal \\d+|exited \\(\\d+\\))|.*cannot reach the Docker Engine|.*lost the engine's event stream)`),
    );
    expect(failed.stderr).not.toMatch(/unexpected error|at .*\.js:\d+/);

    expectExit(await compose(dir, project, ["up", "-d"], { env: { DB_DELAY: "1" } }), 0);
    const list = await containersOf(engine!.runtime, project);
    expect(list.map((c) => `${c.name}:${c.status}`)).toEqual(["cache", "db", "web"].map((s) => `${project}-${s}-1:running`));
    expect((await engine!.runtime.listNetworks({ names: [`${project}_default`] })).filter((n) => n.name === `${project}_default`)).toHaveLength(1);
  });
});
