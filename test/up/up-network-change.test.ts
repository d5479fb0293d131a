import { afterEach, describe, expect, it } from "vitest";
import type { DockerRuntime } from "../../engine/docker/docker-runtime.js";
import type { CliResult } from "../helpers/cli.js";
import { referenceComposeOrSkip, runDocker } from "../helpers/reference-compose.js";
import { engineOrSkip } from "../helpers/engine.js";
import { containersOf, expectExit, fixture, Projects, runBin } from "../kits/up-kit.js";

/**
 * Issue 11: a declared network whose config (labels, driver_opts) changed is recreated, as Docker
 * Compose 2.40 does it (measured on 2.40.3): the containers attached are stopped and detached, the
 * network removed and created again with the new hash label, the containers attached to the new
 * network (their ids kept) and started. tscompose also keeps their DNS aliases, which Compose drops.
 */
const DIR = fixture("up-network-change");
const CHANGED = ["-f", "compose.yaml", "-f", "back-changed.yaml"];
const HASH_LABEL = "com.docker.compose.config-hash";

const engine = await engineOrSkip("a changed network is recreated");
const reference = engine ? await referenceComposeOrSkip("a changed network is recreated") : undefined;
const projects = new Projects(() => engine?.runtime);

const dockerCompose = (project: string, ...args: string[]) => runDocker(["compose", "-p", project, ...args], { cwd: DIR });
const tscUp = (project: string, ...args: string[]) => runBin("tsc-up", DIR, ["--progress", "plain", "-p", project, ...args]);

/** Each container as `name id StartedAt`, sorted. */
async function containers(runtime: DockerRuntime, project: string): Promise<string[]> {
  const out: string[] = [];
  for (const c of await containersOf(runtime, project)) out.push(`${c.name} ${c.id.slice(0, 12)} ${(await runtime.inspectContainer(c.id)).state.startedAt ?? ""}`);
  return out.sort();
}

/** The network's id, hash label, and attached containers with their aliases. */
async function network(runtime: DockerRuntime, project: string) {
  const net = await runtime.inspectNetwork(`${project}_back`);
  const attached: string[] = [];
  for (const c of await containersOf(runtime, project)) {
    const endpoint = (await runtime.inspectContainer(c.id)).networks[net.name];
    if (endpoint) attached.push(`${c.name} ${endpoint.networkId === net.id ? "on the network" : `on ${endpoint.networkId.slice(0, 12)}`}`);
  }
  return { id: net.id, hash: net.labels[HASH_LABEL], revision: net.labels["revision"], attached: attached.sort() };
}

const lines = (r: CliResult) => `${r.stdout}\n${r.stderr}`;

describe.skipIf(!engine || !reference)(`a changed network (Docker Compose ${reference ?? ""} alongside)`, () => {
  const runtime = () => engine!.runtime;
  afterEach(() => projects.cleanup());

  async function expectRecreated(p: string, firstUp: () => Promise<CliResult>): Promise<void> {
    expectExit(await firstUp(), 0);
    const before = await network(runtime(), p);
    const ids = (await containers(runtime(), p)).map((l) => l.split(" ").slice(0, 2).join(" "));
    const up = await tscUp(p, ...CHANGED, "-d");
    expectExit(up, 0);
    const after = await network(runtime(), p);
    expect(after.id, "the network was created again").not.toBe(before.id);
    expect(after.revision).toBe("2");
    expect(after.hash).not.toBe(before.hash);
    expect(after.attached, "containers attached to the new network").toEqual([`${p}-a-1 on the network`, `${p}-b-1 on the network`]);
    expect((await containers(runtime(), p)).map((l) => l.split(" ").slice(0, 2).join(" ")), "container ids kept, as Compose keeps them").toEqual(ids);
    expect(lines(up)).toMatch(new RegExp(`Network ${p}_back\\s+Removed`));
    for (const s of ["a", "b"]) {
      const c = await runtime().inspectContainer(`${p}-${s}-1`);
      expect(c.state.status).toBe("running");
      expect(c.networks[`${p}_back`]?.aliases ?? [], `${s}'s aliases on the new network`).toContain(s);
    }
    // Converged: a re-up by either tool changes nothing.
    const converged = await containers(runtime(), p);
    expectExit(await tscUp(p, ...CHANGED, "-d"), 0);
    expectExit(await dockerCompose(p, ...CHANGED, "up", "-d"), 0);
    expect(await containers(runtime(), p), "containers after re-ups by both tools").toEqual(converged);
    expect((await network(runtime(), p)).id, "network after re-ups by both tools").toBe(after.id);
  }

  it("tsc-up -d recreates a network whose labels and driver_opts changed, keeping and reattaching its containers", async () => {
    const p = projects.next("tsc-net-t2t");
    await expectRecreated(p, () => tscUp(p, "-d"));
  });

  it("tsc-up -d does the same on a project docker compose brought up", async () => {
    const p = projects.next("tsc-net-c2t");
    await expectRecreated(p, () => dockerCompose(p, "up", "-d"));
  });

  it("an unchanged network is kept by tsc-up after docker compose up, and the reverse", async () => {
    const p = projects.next("tsc-net-same");
    expectExit(await dockerCompose(p, "up", "-d"), 0);
    const first = await network(runtime(), p);
    expectExit(await tscUp(p, "-d"), 0);
    expectExit(await dockerCompose(p, "up", "-d"), 0);
    expect((await network(runtime(), p)).id).toBe(first.id);
  });
});
