import { createServer, type Server } from "node:net";
import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { engineOrSkip, PROJECT_LABEL } from "../helpers/engine.js";
import { compose, containersOf, docker, expectExit, fixture, foreignContainer, freePort, Projects } from "../kits/up-kit.js";

const engine = await engineOrSkip("up: faults");
const projects = new Projects(() => engine?.runtime);
/** Things a test made outside tscompose (no labels): removed after each test. */
const foreign = { containers: [] as string[], networks: [] as string[], images: [] as string[] };
const servers: Server[] = [];

function hold(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server));
    servers.push(server);
  });
}

/** `name:status` of every container of the project. */
async function states(project: string): Promise<string[]> {
  return (await containersOf(engine!.runtime, project)).map((c) => `${c.name.replace(`${project}-`, "")}:${c.status}`).sort();
}

describe.skipIf(!engine)("up: faults", () => {
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
    await projects.cleanup();
    await Promise.allSettled(foreign.containers.splice(0).map((c) => docker("rm", "-f", c)));
    await Promise.allSettled(foreign.networks.splice(0).map((n) => docker("network", "rm", n)));
    await Promise.allSettled(foreign.images.splice(0).map((i) => docker("rmi", i)));
  });

  it("a host port already in use: the error names the service and the port, and up converges once it is free", async () => {
    const project = projects.next("tsc-fault-port");
    const dir = fixture("up-fault-port");
    const port = await freePort();
    const server = await hold(port);
    const env = { WEB_PORT: String(port) };

    const r = await compose(dir, project, ["up", "-d"], { env });
    expectExit(r, 1);
    expect(r.stderr).toMatch(new RegExp(`error: service "web": container ${project}-web-1 could not be started: .*127\\.0\\.0\\.1:${port}.*address already in use`));
    expect(r.stderr).toMatch(/hint: Another container or process already uses that host port/);
    expect(await states(project)).toEqual(["db-1:running", "web-1:created"]);

    await new Promise((resolve) => server.close(resolve));
    expectExit(await compose(dir, project, ["up", "-d"], { env }), 0);
    expect(await states(project)).toEqual(["db-1:running", "web-1:running"]);
  });

  it("a missing external network: the error names it and the service, nothing is created, and up converges once it exists", async () => {
    const project = projects.next("tsc-fault-extnet");
    const dir = fixture("up-fault-external-network");
    const network = `${project}-shared`;
    const env = { SHARED_NETWORK: network };

    const r = await compose(dir, project, ["up", "-d"], { env });
    expectExit(r, 1);
    expect(r.stderr).toContain(`error: network ${network} declared as external, but could not be found (needed by service "api")`);
    expect(r.stderr).toContain(`docker network create ${network}`);
    expect(await states(project)).toEqual([]);
    expect(await engine!.runtime.listNetworks({ names: [network, `${project}_default`] })).toEqual([]);

    foreign.networks.push(network);
    expect((await docker("network", "create", network)).code).toBe(0);
    expectExit(await compose(dir, project, ["up", "-d"], { env }), 0);
    expect(Object.keys((await engine!.runtime.inspectContainer(`${project}-api-1`)).networks)).toEqual([network]);
    // An external network is never the project's to remove.
    expectExit(await compose(dir, project, ["down"], { env }), 0);
    expect(await engine!.runtime.listNetworks({ names: [network] })).toHaveLength(1);
  });

  it("a container name taken by a foreign container: the error names the service, the foreign container is untouched, and up converges once the name is free", async () => {
    const project = projects.next("tsc-fault-name");
    const dir = fixture("up-fault-name-taken");
    const name = `${project}-database`;
    const env = { DB_NAME: name };
    foreign.containers.push(name);
    const id = await foreignContainer(name);

    const r = await compose(dir, project, ["up", "-d"], { env });
    expectExit(r, 1);
    expect(r.stderr).toMatch(new RegExp(`error: service "db": container ${name} could not be created: .*already in use`));
    expect(r.stderr).toContain(`hint: Remove or rename the existing container named ${name}, or give service "db" another container_name.`);
    const still = await engine!.runtime.inspectContainer(name);
    expect({ id: still.id, status: still.state.status, project: still.labels[PROJECT_LABEL] }).toEqual({ id, status: "running", project: undefined });

    await docker("rm", "-f", name);
    expectExit(await compose(dir, project, ["up", "-d"], { env }), 0);
    expect(await states(project)).toEqual([`${project}-database:running`.replace(`${project}-`, ""), "web-1:running"].sort());
  });

  it("a missing image that cannot be pulled: the error names the service, the image and the registry, and up converges once the image is there", async () => {
    const project = projects.next("tsc-fault-image");
    const dir = fixture("up-fault-missing-image");
    const image = `tsc-e2e-missing-${randomBytes(4).toString("hex")}:1.0`;
    const env = { CACHE_IMAGE: image };

    const r = await compose(dir, project, ["up", "-d"], { env });
    expectExit(r, 1);
    expect(r.stderr).toContain(`error: service "cache": pulling image ${image} failed: the registry could not be reached or refused it`);
    expect(await states(project)).toEqual([]);

    foreign.images.push(image);
    expect((await docker("tag", "tscompose-busybox:latest", image)).code).toBe(0);
    expectExit(await compose(dir, project, ["up", "-d"], { env }), 0);
    expect(await states(project)).toEqual(["cache-1:running", "web-1:running"]);
  });

  it("a dependency that exits at once: the error names it and shows its last log lines, and up converges once it is fixed", async () => {
    const project = projects.next("tsc-fault-exit");
    const dir = fixture("up-fault-dependency-exits");

    const r = await compose(dir, project, ["up", "-d"], { env: { DB_MODE: "broken" } });
    expectExit(r, 1);
    const db = `${project}-db-1`;
    expect(r.stderr).toContain(`error: service "web": dependency failed to start: container ${db} exited (3)`);
    // Its last words, under a heading (stdout and stderr are copied separately by the engine,
    // so their relative order is the engine's, as `docker logs` shows it).
    const block = r.stderr.slice(r.stderr.indexOf(`last 2 log lines of ${db}:`));
    expect(block).toMatch(/^last 2 log lines of \S+:\n {4}\S.*\n {4}\S.*\n/);
    expect(block.split("\n").slice(1, 3).map((l) => l.trim()).sort()).toEqual(["db: fatal: /etc/db.conf: no such file", "db: reading /etc/db.conf"]);
    expect(await states(project)).toEqual(["db-1:exited", "web-1:created"]);

    expectExit(await compose(dir, project, ["up", "-d"], { env: { DB_MODE: "ok" } }), 0);
    expect(await states(project)).toEqual(["db-1:running", "web-1:running"]);
  });

  it("a dependency that turns unhealthy: the error names it with its probe output and log lines, and up converges once it is fixed", async () => {
    const project = projects.next("tsc-fault-unhealthy");
    const dir = fixture("up-fault-dependency-unhealthy");

    const r = await compose(dir, project, ["up", "-d"], { env: { DB_MODE: "broken" } });
    expectExit(r, 1);
    const db = `${project}-db-1`;
    expect(r.stderr).toContain(`error: service "web": dependency failed to start: container ${db} is unhealthy (last check: exit 1, "db: not accepting connections")`);
    expect(r.stderr).toMatch(new RegExp(`last 1 log line of ${db}:\\n\\s+db: listening`));
    expect(await states(project)).toEqual(["db-1:running", "web-1:created"]);

    expectExit(await compose(dir, project, ["up", "-d"], { env: { DB_MODE: "ok" } }), 0);
    expect(await states(project)).toEqual(["db-1:running", "web-1:running"]);
    expect((await engine!.runtime.inspectContainer(db)).state.health).toBe("healthy");
  });
});
