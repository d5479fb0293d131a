import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { engineOrSkip } from "../helpers/engine.js";
import { compose, containersOf, expectExit, fixture, idsByName, Projects, runBin } from "../kits/up-kit.js";

const engine = await engineOrSkip("version, volumes and scale");
const projects = new Projects(() => engine?.runtime);
const VERSION = (JSON.parse(readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../package.json"), "utf8")) as { version: string }).version;

describe("version (no project file, no engine)", () => {
  // An empty directory and an engine address where nothing listens: version needs neither.
  const empty = mkdtempSync(path.join(tmpdir(), "tsc-version-"));
  const env = { DOCKER_HOST: `unix://${path.join(empty, "no-engine.sock")}` };
  afterAll(() => rmSync(empty, { recursive: true, force: true }));

  it("prints `tscompose version X`, --short the number, --format json an object", async () => {
    const pretty = await runBin("tscompose", empty, ["version"], env);
    expectExit(pretty, 0);
    expect(pretty.stdout).toBe(`tscompose version ${VERSION}\n`);
    const short = await runBin("tscompose", empty, ["version", "--short"], env);
    expectExit(short, 0);
    expect(short.stdout).toBe(`${VERSION}\n`);
    const json = await runBin("tscompose", empty, ["version", "--format", "json"], env);
    expectExit(json, 0);
    expect(json.stdout).toBe(`{"version":"${VERSION}"}\n`);
  });

  it("an unknown format is bad usage", async () => {
    const bad = await runBin("tscompose", empty, ["version", "--format", "yaml"], env);
    expectExit(bad, 2);
    expect(bad.stderr).toContain("yaml");
  });
});

describe.skipIf(!engine)("volumes and scale on a real engine", () => {
  afterAll(async () => {
    await projects.cleanup();
  });

  it("volumes lists the project's named volume after up (-q, --format json), and nothing of another project", async () => {
    const dir = fixture("verbs-volumes");
    const mine = projects.next("tsc-verbs-vol");
    const other = projects.next("tsc-verbs-vol-other");
    expectExit(await compose(dir, mine, ["up", "-d"]), 0);
    expectExit(await compose(dir, other, ["up", "-d"]), 0);
    const run = (args: readonly string[]) => compose(dir, mine, ["-f", "compose.yaml", "volumes", ...args]);

    const table = await run([]);
    expectExit(table, 0);
    expect(table.stdout.trimEnd().split("\n")).toEqual(["DRIVER    VOLUME NAME", `local     ${mine}_data`]);

    const quiet = await run(["-q"]);
    expect(quiet.stdout).toBe(`${mine}_data\n`);

    const json = await run(["--format", "json"]);
    expectExit(json, 0);
    const entries = json.stdout.trimEnd().split("\n").map((l) => JSON.parse(l) as Record<string, string>);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ Name: `${mine}_data`, Driver: "local", Scope: "local", Links: "N/A", Size: "N/A" });
    expect(entries[0]?.["Labels"]).toContain(`com.docker.compose.project=${mine}`);
    expect(entries[0]?.["Mountpoint"]).toMatch(/\/_data$/);

    // Services: only what their containers mount; an unknown service of the file is bad usage.
    expect((await run(["-q", "app"])).stdout).toBe(`${mine}_data\n`);
    expect((await run(["-q", "plain"])).stdout).toBe("");
    const unknown = await run(["nosuch"]);
    expectExit(unknown, 2);
    expect(unknown.stderr).toContain("no such service: nosuch");
  });

  it("volumes works from labels when the compose file is gone", async () => {
    const dir = fixture("verbs-volumes");
    const project = projects.next("tsc-verbs-vol-nofile");
    expectExit(await compose(dir, project, ["up", "-d"]), 0);
    const empty = mkdtempSync(path.join(tmpdir(), "tsc-volumes-"));
    try {
      const r = await compose(dir, project, ["volumes", "-q"], { cwd: empty });
      expectExit(r, 0);
      expect(r.stdout).toBe(`${project}_data\n`);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it("scale web=3 runs three numbered replicas; scale web=1 removes 2 and 3 and keeps 1", async () => {
    const dir = fixture("verbs-scale");
    const project = projects.next("tsc-verbs-scale");
    expectExit(await compose(dir, project, ["scale", "web=3"]), 0);
    const up = await containersOf(engine!.runtime, project);
    expect(up.map((c) => `${c.name}:${c.status}`)).toEqual([`${project}-db-1:running`, ...[1, 2, 3].map((n) => `${project}-web-${n}:running`)]);
    const before = await idsByName(engine!.runtime, project);

    expectExit(await compose(dir, project, ["scale", "web=1"]), 0);
    expect(await idsByName(engine!.runtime, project)).toEqual({
      [`${project}-db-1`]: before[`${project}-db-1`],
      [`${project}-web-1`]: before[`${project}-web-1`],
    });
  });

  it("scale --no-deps leaves a stopped dependency stopped", async () => {
    const dir = fixture("verbs-scale");
    const project = projects.next("tsc-verbs-scale-nodeps");
    expectExit(await compose(dir, project, ["up", "-d"]), 0);
    expectExit(await compose(dir, project, ["stop", "db"]), 0);
    expectExit(await compose(dir, project, ["scale", "--no-deps", "web=2"]), 0);
    const state = (await containersOf(engine!.runtime, project)).map((c) => `${c.name}:${c.status}`);
    expect(state).toEqual([`${project}-db-1:exited`, `${project}-web-1:running`, `${project}-web-2:running`]);
  });

  it.each([["web"], ["web=x"], ["web=-1"], ["nosuch=2"]])("scale %s is bad usage: exit 2, nothing created", async (arg) => {
    const dir = fixture("verbs-scale");
    const project = projects.next("tsc-verbs-scale-bad");
    const r = await compose(dir, project, ["scale", arg]);
    expectExit(r, 2);
    expect(r.stderr).toMatch(arg.startsWith("nosuch") ? /no such service: nosuch/ : new RegExp(`invalid scale specifier "${arg}"`));
    expect(await containersOf(engine!.runtime, project)).toEqual([]);
  });

  it("scale without arguments is bad usage", async () => {
    const r = await compose(fixture("verbs-scale"), projects.next("tsc-verbs-scale-none"), ["scale"]);
    expectExit(r, 2);
    expect(r.stderr).toContain("missing required argument");
  });
});
