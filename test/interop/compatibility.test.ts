import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { referenceComposeOrSkip, runDocker } from "../helpers/reference-compose.js";
import { engineOrSkip } from "../helpers/engine.js";
import { compose, containersOf, docker, expectExit, fixture, Projects, runBin } from "../kits/up-kit.js";

/**
 * Compose's compatibility mode (`--compatibility`, `COMPOSE_COMPATIBILITY`): docker-compose v1's
 * `<project>_<service>_<n>` container names, `<project>_<service>` image names and
 * `<project>_<service>_run_<id>` one-offs, the same in both tools, so scripts written against v1
 * names keep working and either tool takes over the other's project.
 */
const DIR = fixture("compatibility-names");
const engine = await engineOrSkip("compatibility names");
const reference = engine ? await referenceComposeOrSkip("compatibility names") : undefined;
const projects = new Projects(() => engine?.runtime);
const images: string[] = [];
const tempDirs: string[] = [];

/** A copy of the fixture in a directory named `project`, for runs without `-p` (the project is the directory's name). */
function copyNamed(project: string): string {
  const parent = mkdtempSync(path.join(tmpdir(), "tsc-compat-"));
  tempDirs.push(parent);
  const dir = path.join(parent, project);
  cpSync(DIR, dir, { recursive: true });
  return dir;
}

const dockerCompose = (project: string, ...args: string[]) => runDocker(["compose", "-p", project, ...args], { cwd: DIR });

/** Service containers (not one-offs) as `name id`, sorted. */
async function serviceContainers(project: string): Promise<string[]> {
  const list = await containersOf(engine!.runtime, project);
  return list
    .filter((c) => c.labels["com.docker.compose.oneoff"] !== "True")
    .map((c) => `${c.name} ${c.id}`)
    .sort();
}

/** `logs` output lines, sorted (the two services' lines interleave in either order). */
const logLines = (stdout: string) => stdout.split("\n").filter((l) => l.includes("says hello")).map((l) => l.replace(/\s+\|/, " |")).sort();

describe.skipIf(!engine || !reference)("compatibility names (docker-compose v1's `_`), beside Docker Compose", () => {
  afterEach(async () => {
    await projects.cleanup();
    await Promise.allSettled(images.splice(0).map((i) => docker("rmi", "-f", i)));
    for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it("COMPOSE_COMPATIBILITY=1 tsc-up names containers and images with `_`; docker compose --compatibility up keeps them; logs agree", async () => {
    const p = projects.next("tsc-compat");
    images.push(`${p}_built`);
    expectExit(await runBin("tsc-up", DIR, ["--progress", "plain", "-p", p, "-d"], { COMPOSE_COMPATIBILITY: "1" }), 0);
    const ours = await serviceContainers(p);
    expect(ours.map((c) => c.split(" ")[0])).toEqual([`${p}_app_1`, `${p}_built_1`]);
    const image = await docker("image", "inspect", "--format", "{{.Id}}", `${p}_built`);
    expectExit(image, 0);

    expectExit(await dockerCompose(p, "--compatibility", "up", "-d"), 0);
    expect(await serviceContainers(p), "containers after docker compose --compatibility up -d (same names and ids)").toEqual(ours);

    // Without -p: given -p, Compose 2.40.3 prefixes compatibility-mode logs with the whole name
    // (`<project>_app_1`), without it `app_1`, as for `-` names; tscompose always gives the latter.
    const dir = copyNamed(p);
    const theirs = await runDocker(["compose", "--compatibility", "logs", "--no-color"], { cwd: dir });
    const mine = await runBin("tscompose", dir, ["--compatibility", "logs", "--no-color"]);
    expectExit(mine, 0);
    expect(logLines(mine.stdout)).toEqual(["app_1 | app says hello", "built_1 | built says hello"]);
    expect(logLines(mine.stdout)).toEqual(logLines(theirs.stdout));
    expect(logLines((await compose(DIR, p, ["--compatibility", "logs", "--no-color"])).stdout)).toEqual(logLines(mine.stdout));
  });

  it("tscompose --compatibility up keeps what docker compose --compatibility up made, and its one-offs are named <project>_<service>_run_<id>", async () => {
    const p = projects.next("tsc-compat-c");
    images.push(`${p}_built`);
    expectExit(await dockerCompose(p, "--compatibility", "up", "-d"), 0);
    const theirs = await serviceContainers(p);
    expect(theirs.map((c) => c.split(" ")[0])).toEqual([`${p}_app_1`, `${p}_built_1`]);
    const up = await compose(DIR, p, ["--compatibility", "up", "-d"]);
    expectExit(up, 0);
    expect(up.stderr).not.toMatch(/Recreat|Creat/);
    expect(await serviceContainers(p)).toEqual(theirs);

    const run = await compose(DIR, p, ["--compatibility", "run", "-d", "app", "true"]);
    expectExit(run, 0);
    const oneoff = (await containersOf(engine!.runtime, p)).find((c) => c.labels["com.docker.compose.oneoff"] === "True");
    expect(oneoff?.name).toMatch(new RegExp(`^${p}_app_run_[0-9a-f]{12}$`));
  });

  it("without the flag, names keep Compose v2's `-`", async () => {
    const p = projects.next("tsc-compat-off");
    images.push(`${p}-built`);
    expectExit(await compose(DIR, p, ["up", "-d"], { env: { COMPOSE_COMPATIBILITY: "yes" } }), 0);
    // Compose reads `yes` as no (only 1, t, true and y, in any case, mean yes).
    expect((await serviceContainers(p)).map((c) => c.split(" ")[0])).toEqual([`${p}-app-1`, `${p}-built-1`]);
  });
});
