import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { engineOrSkip, TEST_IMAGE } from "../helpers/engine.js";
import { compose, containersOf, eventTime, expectExit, fixture, projectEvents, Projects, runBin } from "../kits/up-kit.js";

const engine = await engineOrSkip("lifecycle verbs");
const projects = new Projects(() => engine?.runtime);
const dir = fixture("verbs-lifecycle");
const tempDirs: string[] = [];
const images: string[] = [];

/** Container name → state (`running`, `exited`, …). */
async function states(project: string): Promise<Record<string, string>> {
  return Object.fromEntries((await containersOf(engine!.runtime, project)).map((c) => [c.name.slice(project.length + 1), c.status]));
}

async function startedAt(name: string): Promise<string> {
  return (await engine!.runtime.inspectContainer(name)).state.startedAt ?? "";
}

describe.skipIf(!engine)("lifecycle verbs on a real engine", () => {
  afterEach(async () => {
    for (const d of tempDirs.splice(0)) rmSync(d, { recursive: true, force: true });
    await projects.cleanup();
  });
  afterAll(async () => {
    await Promise.allSettled(images.map((ref) => engine!.runtime.removeImage(ref)));
  });

  it("create makes the containers without starting them; start starts db first and api only once db is healthy", async () => {
    const project = projects.next("tsc-verbs-start");
    const since = Date.now() - 1000;
    expectExit(await compose(dir, project, ["-f", "compose.yaml", "create"]), 0);
    expect(await states(project)).toEqual({ "api-1": "created", "db-1": "created", "worker-1": "created" });

    const r = await compose(dir, project, ["-f", "compose.yaml", "start", "api"]);
    expectExit(r, 0);
    expect(r.stderr).toMatch(/Container .*-db-1\s+Healthy/);
    expect(await states(project)).toEqual({ "api-1": "running", "db-1": "running", "worker-1": "created" });
    const events = await projectEvents(engine!.runtime, project, since);
    const healthy = eventTime(events, `${project}-db-1`, "health_status", "healthy");
    expect(eventTime(events, `${project}-api-1`, "start")).toBeGreaterThanOrEqual(healthy);
  });

  it("stop stops dependants before their dependencies and keeps the containers; start brings them back", async () => {
    const project = projects.next("tsc-verbs-stop");
    expectExit(await compose(dir, project, ["up", "-d"]), 0);
    const since = Date.now();
    expectExit(await compose(dir, project, ["-f", "compose.yaml", "stop", "-t", "5"]), 0);
    expect(await states(project)).toEqual({ "api-1": "exited", "db-1": "exited", "worker-1": "exited" });
    const events = await projectEvents(engine!.runtime, project, since);
    const die = (s: string) => eventTime(events, `${project}-${s}-1`, "die");
    expect(die("worker")).toBeLessThanOrEqual(die("api"));
    expect(die("api")).toBeLessThanOrEqual(die("db"));

    expectExit(await compose(dir, project, ["start"]), 0);
    expect(await states(project)).toEqual({ "api-1": "running", "db-1": "running", "worker-1": "running" });
  });

  it("works from labels alone when the compose file is gone (COMPOSE_PROJECT_NAME in an empty directory)", async () => {
    const project = projects.next("tsc-verbs-nofile");
    expectExit(await compose(dir, project, ["up", "-d"]), 0);
    const empty = mkdtempSync(path.join(tmpdir(), "tsc-verbs-"));
    tempDirs.push(empty);
    const env = { COMPOSE_PROJECT_NAME: project };
    const ps = await runBin("tscompose", empty, ["ps", "--services"], env);
    expectExit(ps, 0);
    expect(ps.stdout.trim().split("\n").sort()).toEqual(["api", "db", "worker"]);
    const stop = await runBin("tscompose", empty, ["--progress", "plain", "stop", "api"], env);
    expectExit(stop, 0);
    expect(await states(project)).toEqual({ "api-1": "exited", "db-1": "running", "worker-1": "running" });
    expectExit(await runBin("tscompose", empty, ["--progress", "plain", "start"], env), 0);
    expect((await states(project))["api-1"]).toBe("running");
  });

  it("restart restarts the target and the services depending on it with restart: true, not others", async () => {
    const project = projects.next("tsc-verbs-restart");
    expectExit(await compose(dir, project, ["up", "-d"]), 0);
    const before = { db: await startedAt(`${project}-db-1`), api: await startedAt(`${project}-api-1`), worker: await startedAt(`${project}-worker-1`) };
    const r = await compose(dir, project, ["-f", "compose.yaml", "restart", "-t", "5", "api"]);
    expectExit(r, 0);
    expect(r.stderr).toMatch(/Container .*-api-1\s+Restarting/);
    expect(await startedAt(`${project}-api-1`)).not.toBe(before.api);
    expect(await startedAt(`${project}-worker-1`)).not.toBe(before.worker);
    expect(await startedAt(`${project}-db-1`)).toBe(before.db);

    const noDeps = await compose(dir, project, ["-f", "compose.yaml", "restart", "--no-deps", "api"]);
    expectExit(noDeps, 0);
    expect(noDeps.stderr).not.toMatch(/worker-1/);
  });

  it("kill sends SIGKILL by default and the given signal with -s; pause and unpause freeze and thaw", async () => {
    const project = projects.next("tsc-verbs-kill");
    expectExit(await compose(dir, project, ["up", "-d"]), 0);
    expectExit(await compose(dir, project, ["pause", "worker"]), 0);
    expect((await states(project))["worker-1"]).toBe("paused");
    expectExit(await compose(dir, project, ["unpause", "worker"]), 0);
    expect((await states(project))["worker-1"]).toBe("running");

    expectExit(await compose(dir, project, ["kill", "-s", "SIGTERM", "worker"]), 0);
    expect(await engine!.runtime.waitContainer(`${project}-worker-1`)).toBe(0);
    expectExit(await compose(dir, project, ["kill", "api"]), 0);
    expect(await engine!.runtime.waitContainer(`${project}-api-1`)).toBe(137);
    expect((await states(project))["db-1"]).toBe("running");
  });

  it("rm removes stopped containers only; rm -s -f -v stops first and removes the anonymous volumes", async () => {
    const project = projects.next("tsc-verbs-rm");
    expectExit(await compose(dir, project, ["up", "-d"]), 0);
    expectExit(await compose(dir, project, ["stop", "worker"]), 0);
    const asked = await compose(dir, project, ["rm"]);
    expectExit(asked, 0);
    expect(asked.stdout).toContain(`Going to remove ${project}-worker-1`);
    expect(Object.keys(await states(project))).toContain("worker-1");

    const forced = await compose(dir, project, ["rm", "-f"]);
    expectExit(forced, 0);
    expect(Object.keys(await states(project)).sort()).toEqual(["api-1", "db-1"]);

    const scratch = (await engine!.runtime.inspectContainer(`${project}-db-1`)).mounts.find((m) => m.destination === "/scratch")?.name ?? "";
    expect(scratch).toMatch(/^[0-9a-f]{64}$/);
    const all = await compose(dir, project, ["rm", "-s", "-f", "-v"]);
    expectExit(all, 0);
    expect(await states(project)).toEqual({});
    expect(await engine!.runtime.listVolumes({ names: [scratch] })).toEqual([]);
    const nothing = await compose(dir, project, ["rm", "-f"]);
    expectExit(nothing, 0);
    expect(nothing.stderr).toContain("No stopped containers");
  });

  it("down --rmi all removes the image the service names once its container is gone", async () => {
    const project = projects.next("tsc-verbs-rmi");
    const ref = `tsc-verbs-rmi-${randomBytes(4).toString("hex")}:1`;
    images.push(ref);
    await engine!.runtime.tagImage(TEST_IMAGE, ref.split(":")[0] ?? "", "1");
    const env = { RMI_IMAGE: ref };
    expectExit(await compose(fixture("verbs-rmi"), project, ["up", "-d"], { env }), 0);
    const local = await compose(fixture("verbs-rmi"), project, ["-f", "compose.yaml", "down", "--rmi", "local"], { env });
    expectExit(local, 0);
    expect(await engine!.runtime.inspectImage(ref)).toBeDefined();

    expectExit(await compose(fixture("verbs-rmi"), project, ["up", "-d"], { env }), 0);
    const all = await compose(fixture("verbs-rmi"), project, ["-f", "compose.yaml", "down", "--rmi", "all"], { env });
    expectExit(all, 0);
    expect(all.stderr).toMatch(new RegExp(`Image ${ref.replace(/[.:]/g, "\\$&")}\\s+Removed`));
    expect(await engine!.runtime.inspectImage(ref)).toBeUndefined();
    expect(await engine!.runtime.inspectImage(TEST_IMAGE)).toBeDefined();
  });
});
