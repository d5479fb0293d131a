import { spawn } from "node:child_process";
import { get } from "node:http";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DockerRuntime } from "../../engine/docker/docker-runtime.js";
import { LABELS } from "../../engine/runtime/labels.js";
import { cleanupProject, TEST_IMAGE, uniqueProject } from "../helpers/engine.js";
import { compose, expectExit, fixture, freePort } from "../kits/up-kit.js";

// Podman's Docker-compatible service (scripts/podman-engine.sh starts it): the engine smoke set.
// Runs when TSCOMPOSE_ENGINE=podman, or outside CI when the socket answers; under CI=true with
// TSCOMPOSE_ENGINE=podman a missing Podman fails the file instead of skipping it.
const HOST = process.env.TSCOMPOSE_PODMAN_HOST ?? "unix:///run/podman/podman.sock";
const wanted = process.env.TSCOMPOSE_ENGINE === "podman";
const DIR = fixture("engine-podman");

async function probe(): Promise<DockerRuntime | undefined> {
  const runtime = new DockerRuntime({ host: HOST });
  let why: string;
  try {
    const identity = await runtime.identify();
    if (identity.kind !== "podman") why = `${HOST} answers but is ${identity.kind}, not Podman`;
    else if (!(await runtime.inspectImage(TEST_IMAGE))) why = `Podman at ${HOST} has no ${TEST_IMAGE}; run scripts/podman-engine.sh`;
    else return runtime;
  } catch (error) {
    why = (error as Error).message;
  }
  if (wanted && process.env.CI === "true") throw new Error(`engine-podman: TSCOMPOSE_ENGINE=podman under CI=true but Podman is not usable: ${why}`);
  if (wanted) console.warn(`\n[skipped] engine-podman: ${why}\n  Run scripts/podman-engine.sh (as root).\n`);
  return undefined;
}

// Under CI the file belongs to the Podman smoke run alone: a Podman service left over from another
// run must not decide what the Docker run tests.
const runtime = wanted || process.env.CI !== "true" ? await probe() : undefined;
const env = { DOCKER_HOST: HOST };
const projects: string[] = [];
const next = (tag: string) => {
  const name = uniqueProject(`tsc-pm-${tag}`);
  projects.push(name);
  return name;
};

function fetchText(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    get(url, (res) => {
      let body = "";
      res.setEncoding("utf8").on("data", (c: string) => (body += c));
      res.on("end", () => resolve(body));
    }).on("error", reject);
  });
}

async function lookup(container: string, name: string): Promise<string[]> {
  const r = await runtime!.exec(container, { cmd: ["timeout", "10", "nslookup", name] });
  const answer = r.stdout.split(/\n\s*\n/).slice(1).join("\n");
  return [...answer.matchAll(/^Address:\s*(\S+)/gm)].map((m) => m[1] ?? "");
}

async function leftovers(project: string): Promise<string[]> {
  const labels = { [LABELS.project]: project };
  const [containers, networks, volumes] = await Promise.all([runtime!.listContainers({ all: true, labels }), runtime!.listNetworks({ labels }), runtime!.listVolumes({ labels })]);
  return [...containers.map((c) => `container ${c.name}`), ...networks.map((n) => `network ${n.name}`), ...volumes.map((v) => `volume ${v.name}`)];
}

describe.skipIf(!runtime)("Podman's Docker-compatible service", () => {
  afterAll(async () => {
    await Promise.allSettled(projects.map((p) => cleanupProject(runtime!, p)));
  });

  // One stack for the checks that only read it; each check is its own test (per-check counts).
  const stack = next("stack");
  let port = 0;
  const up = (async () => {
    port = await freePort();
    const started = Date.now();
    const result = await compose(DIR, stack, ["up", "-d", "--wait", "--wait-timeout", "60"], { env: { ...env, PORT: String(port) }, timeoutMs: 90_000 });
    return { result, ms: Date.now() - started };
  })();

  it("up -d --wait brings the stack up, the healthcheck run by tscompose gating it", async () => {
    const { result, ms } = await up;
    expectExit(result, 0);
    console.info(`[podman] up -d --wait: ${ms} ms`);
    const db = await runtime!.inspectContainer(`${stack}-db-1`);
    expect(db.state.health).toBe("healthy");
    expect(db.state.lastHealthLog?.exitCode).toBe(0);
  });

  it("a healthy dependency: web starts only after db is healthy", async () => {
    expectExit((await up).result, 0);
    const db = await runtime!.inspectContainer(`${stack}-db-1`);
    const web = await runtime!.inspectContainer(`${stack}-web-1`);
    const firstCheck = Date.parse(db.state.lastHealthLog?.start ?? "");
    expect(web.state.status).toBe("running");
    // The first passing check is logged no later than web's start (later checks only move it forward).
    expect(Date.parse(web.state.startedAt ?? "")).toBeGreaterThan(Date.parse(db.state.startedAt ?? ""));
    expect(firstCheck).toBeGreaterThan(0);
  });

  it("ps shows the health tscompose's checks recorded", async () => {
    expectExit((await up).result, 0);
    const r = await compose(DIR, stack, ["ps", "--format", "json"], { env });
    expectExit(r, 0);
    const rows = r.stdout.trim().split("\n").map((l) => JSON.parse(l) as { Service: string; Health: string; Status: string });
    const db = rows.find((row) => row.Service === "db");
    expect(db?.Health).toBe("healthy");
    expect(db?.Status).toContain("(healthy)");
  });

  it("DNS: a service finds another by its service name and by a network alias", async () => {
    expectExit((await up).result, 0);
    const ip = (await runtime!.inspectContainer(`${stack}-db-1`)).networks[`${stack}_default`]?.ipv4Address?.replace(/\/\d+$/, "");
    expect(ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(await lookup(`${stack}-client-1`, "db")).toContain(ip);
    expect(await lookup(`${stack}-client-1`, "store.internal")).toContain(ip);
  });

  it("a named volume is shared between services", async () => {
    expectExit((await up).result, 0);
    const r = await runtime!.exec(`${stack}-client-1`, { cmd: ["cat", "/data/seed"] });
    expect(r.stdout.trim()).toBe("seeded");
    expect((await runtime!.listVolumes({ names: [`${stack}_data`] })).map((v) => v.name)).toEqual([`${stack}_data`]);
  });

  it("a published port answers on the host", async () => {
    expectExit((await up).result, 0);
    expect((await fetchText(`http://127.0.0.1:${port}/`)).trim()).toBe("hello-podman");
  });

  it("exec passes output and exit code through", async () => {
    expectExit((await up).result, 0);
    const r = await compose(DIR, stack, ["exec", "-T", "client", "sh", "-c", "echo in-exec; exit 3"], { env });
    expect(r.code).toBe(3);
    expect(r.stdout).toContain("in-exec");
  });

  it("run --rm returns the one-off's exit code (5) and leaves no container", async () => {
    expectExit((await up).result, 0);
    const started = Date.now();
    const r = await compose(DIR, stack, ["run", "--rm", "--no-deps", "client", "sh", "-c", "echo one-off; exit 5"], { env });
    console.info(`[podman] run --rm: ${Date.now() - started} ms`);
    expect(r.code, r.stderr).toBe(5);
    expect(r.stdout).toContain("one-off");
    const oneOffs = await runtime!.listContainers({ all: true, labels: { [LABELS.project]: stack, [LABELS.oneoff]: "True" } });
    expect(oneOffs.map((c) => c.name)).toEqual([]);
  });

  it("cp copies a file into a container and back out", async () => {
    expectExit((await up).result, 0);
    const tmp = await import("node:fs/promises").then(async (fs) => ({ fs, dir: await fs.mkdtemp(path.join((await import("node:os")).tmpdir(), "tsc-pm-cp-")) }));
    await tmp.fs.writeFile(path.join(tmp.dir, "in.txt"), "copied-in\n");
    expectExit(await compose(DIR, stack, ["cp", path.join(tmp.dir, "in.txt"), "client:/tmp/in.txt"], { env }), 0);
    expect((await runtime!.exec(`${stack}-client-1`, { cmd: ["cat", "/tmp/in.txt"] })).stdout).toBe("copied-in\n");
    expectExit(await compose(DIR, stack, ["cp", "client:/tmp/in.txt", path.join(tmp.dir, "out.txt")], { env }), 0);
    expect(await tmp.fs.readFile(path.join(tmp.dir, "out.txt"), "utf8")).toBe("copied-in\n");
    await tmp.fs.rm(tmp.dir, { recursive: true, force: true });
  });

  it("down removes containers and networks, keeps the named volume; down -v removes it", async () => {
    expectExit((await up).result, 0);
    const project = next("down");
    expectExit(await compose(DIR, project, ["up", "-d"], { env: { ...env, PORT: String(await freePort()) } }), 0);
    expectExit(await compose(DIR, project, ["down", "-t", "0"], { env }), 0);
    expect(await leftovers(project)).toEqual([`volume ${project}_data`]);
    expectExit(await compose(DIR, project, ["down", "-v"], { env }), 0);
    expect(await leftovers(project)).toEqual([]);
  });

  it("the API's cleanup removes the stack when the process ends", async () => {
    const project = next("api");
    const child = path.join(fixture("api-cleanup"), "child.mjs");
    const end = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const p = spawn(process.execPath, [child, project, "normal"], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, DOCKER_HOST: HOST }, timeout: 90_000, killSignal: "SIGKILL" });
      let stdout = "";
      let stderr = "";
      p.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
      p.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
      p.on("error", reject);
      p.on("close", (code) => resolve({ code, stdout, stderr }));
    });
    expect(end.stdout, end.stderr).toContain("UP\n");
    expect(end.code, end.stderr).toBe(0);
    expect(await leftovers(project)).toEqual([]);
  });
});
