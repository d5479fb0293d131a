import { afterEach, describe, expect, it } from "vitest";
import type { DockerRuntime } from "../../engine/docker/docker-runtime.js";
import { referenceComposeOrSkip, runDocker } from "../helpers/reference-compose.js";
import { engineOrSkip } from "../helpers/engine.js";
import { containersOf, expectExit, fixture, Projects, runBin } from "../kits/up-kit.js";

/**
 * Issue 11: a service joined to another service's namespaces (`network_mode`/`pid: service:db`)
 * is labelled by Docker Compose 2.40 with the hash of the service where `service:db` reads
 * `container:<db's container id>`. Both tools must write and compare that same label, so that
 * switching tools mid-flight recreates nothing, and a recreated db takes its joiners along.
 */
const DIR = fixture("up-service-namespace");
const HASH_LABEL = "com.docker.compose.config-hash";

const engine = await engineOrSkip("service: namespaces across tools");
const reference = engine ? await referenceComposeOrSkip("service: namespaces across tools") : undefined;
const projects = new Projects(() => engine?.runtime);

const dockerCompose = (project: string, ...args: string[]) => runDocker(["compose", "-p", project, ...args], { cwd: DIR });
const tscUp = (project: string, ...args: string[]) => runBin("tsc-up", DIR, ["--progress", "plain", "-p", project, ...args]);
const tscompose = (project: string, ...args: string[]) => runBin("tscompose", DIR, ["--progress", "plain", "-p", project, ...args]);

/** Each container as `name id StartedAt hash`, sorted: a recreate changes the id, a restart StartedAt. */
async function state(runtime: DockerRuntime, project: string): Promise<string[]> {
  const out: string[] = [];
  for (const c of await containersOf(runtime, project)) {
    const d = await runtime.inspectContainer(c.id);
    out.push(`${c.name} ${c.id.slice(0, 12)} ${d.state.startedAt ?? ""} ${c.labels[HASH_LABEL] ?? "(no hash)"}`);
  }
  return out.sort();
}

describe.skipIf(!engine || !reference)(`network_mode/pid: service:X with Docker Compose ${reference ?? ""}`, () => {
  const runtime = () => engine!.runtime;
  afterEach(() => projects.cleanup());

  it("tsc-up -d after docker compose up -d recreates and restarts nothing", async () => {
    const p = projects.next("tsc-ns-c2t");
    expectExit(await dockerCompose(p, "up", "-d"), 0);
    const before = await state(runtime(), p);
    expect(before).toHaveLength(2);
    expectExit(await tscUp(p, "-d"), 0);
    expect(await state(runtime(), p), "containers after tsc-up -d (docker compose made them)").toEqual(before);
  });

  it("docker compose up -d after tsc-up -d recreates and restarts nothing: tsc-up wrote Compose's label", async () => {
    const p = projects.next("tsc-ns-t2c");
    expectExit(await tscUp(p, "-d"), 0);
    const before = await state(runtime(), p);
    const app = (await runtime().inspectContainer(`${p}-app-1`)).labels[HASH_LABEL];
    const plain = await tscompose(p, "config", "--hash", "app");
    expectExit(plain, 0);
    // config --hash keeps the unresolved hash (as Compose's does); the label is the resolved one.
    expect(plain.stdout).not.toContain(app);
    expectExit(await dockerCompose(p, "up", "-d"), 0);
    expect(await state(runtime(), p), "containers after docker compose up -d (tsc-up made them)").toEqual(before);
  });

  it("a changed db recreates db and app in both tools alike, and the other tool then changes nothing", async () => {
    const p = projects.next("tsc-ns-chg");
    expectExit(await dockerCompose(p, "up", "-d"), 0);
    const first = await state(runtime(), p);
    const up = await tscUp(p, "-f", "compose.yaml", "-f", "db-changed.yaml", "-d");
    expectExit(up, 0);
    const after = await state(runtime(), p);
    for (const [i, line] of after.entries()) expect(line.split(" ")[1], `recreated: ${line}`).not.toBe(first[i]?.split(" ")[1]);
    const app = await runtime().inspectContainer(`${p}-app-1`);
    expect(app.labels[HASH_LABEL], "app's label follows db's new id").not.toBe(first.find((l) => l.startsWith(`${p}-app-1`))?.split(" ")[3]);
    expectExit(await dockerCompose(p, "-f", "compose.yaml", "-f", "db-changed.yaml", "up", "-d"), 0);
    expect(await state(runtime(), p), "containers after docker compose up -d (tsc-up recreated them)").toEqual(after);
    expectExit(await tscUp(p, "-f", "compose.yaml", "-f", "db-changed.yaml", "-d"), 0);
    expect(await state(runtime(), p), "containers after a second tsc-up -d").toEqual(after);
  });
});
