import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import type { DockerRuntime } from "../../engine/docker/docker-runtime.js";
import type { CliResult } from "../helpers/cli.js";
import { referenceComposeOrSkip, runDocker } from "../helpers/reference-compose.js";
import { engineOrSkip, PROJECT_LABEL } from "../helpers/engine.js";
import { leftovers } from "../kits/ci-kit.js";
import { compose, containersOf, expectExit, Projects, runBin } from "../kits/up-kit.js";

/**
 * Issue 11, part 2: tscompose and Docker Compose 2.40 take over each other's projects. One
 * realistic stack (test/interop/stack) is brought up by one tool and driven by the other; state is
 * read back from the engine. Needs the reference `docker compose` on the same engine.
 */
const STACK = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "stack");
const HASH_LABEL = "com.docker.compose.config-hash";
const SERVICES = ["db", "web", "worker"];

const engine = await engineOrSkip("interop with Docker Compose");
const reference = engine ? await referenceComposeOrSkip("interop with Docker Compose") : undefined;
const projects = new Projects(() => engine?.runtime);

/** The reference: `docker compose -p PROJECT ARGS` in the stack directory. */
const dockerCompose = (project: string, ...args: string[]) => runDocker(["compose", "-p", project, ...args], { cwd: STACK });
/** Ours: `tscompose --progress plain -p PROJECT ARGS` in the stack directory. */
const tscompose = (project: string, ...args: string[]) => compose(STACK, project, args);
/** Ours: the `tsc-up` shim. */
const tscUp = (project: string, ...args: string[]) => runBin("tsc-up", STACK, ["--progress", "plain", "-p", project, ...args]);

/** One engine object as a recreate or restart would show it: its identity, and the label a hash mismatch shows in. */
interface ObjectState {
  readonly id: string;
  /** A container's State.StartedAt; a volume's CreatedAt (volumes have no id). */
  readonly since: string;
  readonly hash: string;
  readonly service: string;
}

/** Every container, network and volume of the project, as `kind name` → state. */
async function snapshot(runtime: DockerRuntime, project: string): Promise<Map<string, ObjectState>> {
  const labels = { [PROJECT_LABEL]: project };
  const out = new Map<string, ObjectState>();
  for (const c of await containersOf(runtime, project)) {
    const d = await runtime.inspectContainer(c.id);
    out.set(`container ${c.name}`, { id: c.id, since: d.state.startedAt ?? "", hash: c.labels[HASH_LABEL] ?? "(none)", service: c.labels["com.docker.compose.service"] ?? "?" });
  }
  for (const n of await runtime.listNetworks({ labels })) out.set(`network ${n.name}`, { id: n.id, since: n.created, hash: n.labels[HASH_LABEL] ?? "(none)", service: "" });
  for (const v of await runtime.listVolumes({ labels })) out.set(`volume ${v.name}`, { id: v.name, since: v.createdAt ?? "", hash: v.labels[HASH_LABEL] ?? "(none)", service: "" });
  return out;
}

/** What changed between two snapshots, one sentence per object (empty when nothing did). */
function changes(before: Map<string, ObjectState>, after: Map<string, ObjectState>): string[] {
  const out: string[] = [];
  for (const [key, was] of before) {
    const now = after.get(key);
    const who = `${key}${was.service ? ` (service ${was.service})` : ""}`;
    const hashes = `${HASH_LABEL} ${was.hash} -> ${now?.hash ?? "?"}`;
    if (!now) out.push(`${who} was removed`);
    else if (now.id !== was.id) out.push(`${who} was recreated: id ${was.id.slice(0, 12)} -> ${now.id.slice(0, 12)}; ${hashes}`);
    else if (now.since !== was.since) out.push(`${who} was ${key.startsWith("container") ? "restarted: StartedAt" : "recreated: CreatedAt"} ${was.since} -> ${now.since}`);
  }
  for (const key of after.keys()) if (!before.has(key)) out.push(`${key} was created`);
  return out;
}

/** The `… Recreate…` progress lines of an `up` (both tools print `Container NAME  Recreate`). */
const recreateLines = (r: CliResult) => `${r.stdout}\n${r.stderr}`.split("\n").filter((l) => /\bRecreat/.test(l));

/** `ps --format json` output (one JSON object per line, as both tools print) → `Name service`, sorted. */
function psRows(r: CliResult): string[] {
  expectExit(r, 0);
  return r.stdout
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as { Name: string; Service: string })
    .map((row) => `${row.Name} ${row.Service}`)
    .sort();
}

/** The lines a service printed, as a `logs --no-color` shows them (`web-1  | text`), prefixes removed. */
function logLines(r: CliResult, service: string): string[] {
  const prefix = new RegExp(`^${service}-1\\s*\\| ?`);
  return r.stdout
    .split("\n")
    .filter((l) => prefix.test(l))
    .map((l) => l.replace(prefix, ""));
}

/** What each service of the stack prints when it starts. */
const EXPECTED_LOGS: Record<string, string[]> = { db: ["db: starting", "db: ready"], web: ["web: serving"], worker: ["worker: started for db"] };

/**
 * Runs a `logs --no-color` until every service's start-up lines are in it (a container can be
 * running, even healthy, a moment before its last echo), then checks each service's lines.
 */
async function expectLogs(tool: string, logs: () => Promise<CliResult>): Promise<void> {
  const complete = (r: CliResult) => r.code === 0 && SERVICES.every((s) => logLines(r, s).length >= (EXPECTED_LOGS[s]?.length ?? 0));
  let r = await logs();
  for (let i = 0; i < 20 && !complete(r); i++) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    r = await logs();
  }
  expectExit(r, 0);
  for (const s of SERVICES) expect(logLines(r, s), `${tool} logs: the lines of service ${s}`).toEqual(EXPECTED_LOGS[s]);
}

/** Checks the project's three service containers are running (and web and db healthy). */
async function expectStackUp(runtime: DockerRuntime, project: string, by: string): Promise<void> {
  const list = await containersOf(runtime, project);
  const states = list.filter((c) => c.labels["com.docker.compose.oneoff"] !== "True").map((c) => `${c.name}:${c.status}`);
  expect(states, `containers after ${by}`).toEqual(SERVICES.map((s) => `${project}-${s}-1:running`));
}

describe.skipIf(!engine || !reference)(`interop with Docker Compose ${reference ?? ""}`, () => {
  const runtime = () => engine!.runtime;
  afterEach(() => projects.cleanup());

  it("tsc-up -d after docker compose up -d recreates and restarts nothing, and keeps networks and the volume", async () => {
    const p = projects.next("tsc-ix-c2t");
    expectExit(await dockerCompose(p, "up", "-d", "--wait"), 0);
    await expectStackUp(runtime(), p, "docker compose up -d --wait");
    const before = await snapshot(runtime(), p);
    const up = await tscUp(p, "-d");
    expectExit(up, 0);
    expect(changes(before, await snapshot(runtime(), p)), "objects tsc-up -d changed in a project docker compose brought up (expected none)").toEqual([]);
    expect(recreateLines(up), "tsc-up -d output after docker compose up -d").toEqual([]);
  });

  it("docker compose up -d after tsc-up -d recreates and restarts nothing, and keeps networks and the volume", async () => {
    const p = projects.next("tsc-ix-t2c");
    expectExit(await tscUp(p, "-d", "--wait"), 0);
    await expectStackUp(runtime(), p, "tsc-up -d --wait");
    const before = await snapshot(runtime(), p);
    const up = await dockerCompose(p, "up", "-d");
    expectExit(up, 0);
    expect(changes(before, await snapshot(runtime(), p)), "objects docker compose up -d changed in a project tsc-up brought up (expected none)").toEqual([]);
  });

  it("docker compose up -d --wait after tsc-up -d --wait exits 0 and says nothing is recreated", async () => {
    const p = projects.next("tsc-ix-wait");
    expectExit(await tscUp(p, "-d", "--wait"), 0);
    const up = await dockerCompose(p, "up", "-d", "--wait");
    expectExit(up, 0);
    expect(recreateLines(up), "docker compose up -d --wait output after tsc-up -d --wait (expected no Recreate line)").toEqual([]);
    await expectStackUp(runtime(), p, "docker compose up -d --wait");
  });

  it("docker compose ps, logs and down -v work on a project tsc-up brought up", async () => {
    const p = projects.next("tsc-ix-cps");
    expectExit(await tscUp(p, "-d", "--wait"), 0);
    const expected = SERVICES.map((s) => `${p}-${s}-1 ${s}`);
    expect(psRows(await dockerCompose(p, "ps", "--format", "json")), "docker compose ps --format json on a tscompose project").toEqual(expected);
    expect(psRows(await tscompose(p, "ps", "--format", "json")), "tscompose ps --format json on the same project").toEqual(expected);
    await expectLogs("docker compose", () => dockerCompose(p, "logs", "--no-color"));
    expectExit(await dockerCompose(p, "down", "-v"), 0);
    expect(await leftovers(runtime(), p), "containers, networks and volumes left by docker compose down -v").toEqual([]);
  });

  it("tscompose ps, logs and down -v work on a project docker compose brought up", async () => {
    const p = projects.next("tsc-ix-tps");
    expectExit(await dockerCompose(p, "up", "-d", "--wait"), 0);
    const expected = SERVICES.map((s) => `${p}-${s}-1 ${s}`);
    expect(psRows(await tscompose(p, "ps", "--format", "json")), "tscompose ps --format json on a Compose project").toEqual(expected);
    expect(psRows(await dockerCompose(p, "ps", "--format", "json")), "docker compose ps --format json on the same project").toEqual(expected);
    await expectLogs("tscompose", () => tscompose(p, "logs", "--no-color"));
    const before = await leftovers(runtime(), p);
    expect(before, "what docker compose up created").toEqual([...SERVICES.map((s) => `container ${p}-${s}-1`), `network ${p}_back`, `network ${p}_default`, `volume ${p}_data`]);
    expectExit(await tscompose(p, "down", "-v"), 0);
    expect(await leftovers(runtime(), p), "containers, networks and volumes left by tscompose down -v").toEqual([]);
  });

  // Measured with Compose 2.40.3: `ps` hides one-off containers (running or not) and `ps -a`
  // lists them; `down` (even with --remove-orphans) leaves a running one-off, and the network it
  // is attached to ("Resource is still in use", exit 0).
  it("a docker compose run -d one-off is listed by tscompose ps -a only, as by docker compose, and removed by tscompose down", async () => {
    const p = projects.next("tsc-ix-c1o");
    expectExit(await dockerCompose(p, "up", "-d", "--wait"), 0);
    expectExit(await dockerCompose(p, "run", "-d", "worker"), 0);
    const oneoff = (await containersOf(runtime(), p)).find((c) => c.labels["com.docker.compose.oneoff"] === "True");
    expect(oneoff?.name, "the one-off docker compose run -d worker started").toMatch(new RegExp(`^${p}-worker-run-[0-9a-f]{12}$`));
    const services = SERVICES.map((s) => `${p}-${s}-1 ${s}`);
    expect(psRows(await dockerCompose(p, "ps", "--format", "json")), "docker compose ps (one-off hidden)").toEqual(services);
    expect(psRows(await tscompose(p, "ps", "--format", "json")), "tscompose ps, as docker compose ps").toEqual(services);
    const all = [...services, `${oneoff!.name} worker`].sort();
    expect(psRows(await dockerCompose(p, "ps", "-a", "--format", "json")), "docker compose ps -a (one-off listed)").toEqual(all);
    expect(psRows(await tscompose(p, "ps", "-a", "--format", "json")), "tscompose ps -a, as docker compose ps -a").toEqual(all);
    expectExit(await tscompose(p, "down", "-v"), 0);
    expect(await leftovers(runtime(), p), "what tscompose down -v left of a Compose project with a running one-off").toEqual([]);
  });

  it("a tscompose run -d one-off is listed by docker compose ps -a only, and docker compose down treats it as its own", async () => {
    const p = projects.next("tsc-ix-t1o");
    expectExit(await tscUp(p, "-d", "--wait"), 0);
    expectExit(await tscompose(p, "run", "-d", "worker"), 0);
    const oneoff = (await containersOf(runtime(), p)).find((c) => c.labels["com.docker.compose.oneoff"] === "True");
    expect(oneoff?.name, "the one-off tscompose run -d worker started").toMatch(new RegExp(`^${p}-worker-run-[0-9a-f]{12}$`));
    const services = SERVICES.map((s) => `${p}-${s}-1 ${s}`);
    expect(psRows(await dockerCompose(p, "ps", "--format", "json")), "docker compose ps (one-off hidden)").toEqual(services);
    expect(psRows(await tscompose(p, "ps", "--format", "json")), "tscompose ps, as docker compose ps").toEqual(services);
    const all = [...services, `${oneoff!.name} worker`].sort();
    expect(psRows(await dockerCompose(p, "ps", "-a", "--format", "json")), "docker compose ps -a (one-off listed)").toEqual(all);
    expect(psRows(await tscompose(p, "ps", "-a", "--format", "json")), "tscompose ps -a, as docker compose ps -a").toEqual(all);
    // Compose keeps a running one-off of a declared service on down; a container it took for a
    // service container (a wrong oneoff label) would be removed.
    expectExit(await dockerCompose(p, "down", "-v"), 0);
    expect(await leftovers(runtime(), p), "what docker compose down -v left: the running one-off and its network, as for its own one-offs").toEqual([`container ${oneoff!.name}`, `network ${p}_back`]);
  });
});
