import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_PATH, assertCliBuilt, type CliResult } from "../helpers/cli.js";
import { engineOrSkip } from "../helpers/engine.js";
import { compose, eventually, expectExit, fixture, Projects, startCompose } from "../kits/up-kit.js";

const engine = await engineOrSkip("stats and attach");
const projects = new Projects(() => engine?.runtime);
const dir = fixture("verbs-stats-attach");
const rt = () => engine!.runtime;

/** The docker CLI's `stats --format json` fields, in the order it prints them. */
const JSON_FIELDS = ["BlockIO", "CPUPerc", "Container", "ID", "MemPerc", "MemUsage", "Name", "NetIO", "PIDs"];
const SIZES = /^\d+(\.\d+)?(e\+\d\d)?(B|kB|MB|GB|TB) \/ \d+(\.\d+)?(e\+\d\d)?(B|kB|MB|GB|TB)$/;
const MEM = /^\d+(\.\d+)?(B|KiB|MiB|GiB|TiB) \/ \d+(\.\d+)?(B|KiB|MiB|GiB|TiB|PiB|EiB)$/;

const jsonRows = (stdout: string) => stdout.trimEnd().split("\n").filter(Boolean).map((l) => JSON.parse(l) as Record<string, string>);

/** `tscompose -p PROJECT ARGS` with stdin left open for the test to write to. */
function startWithStdin(project: string, args: readonly string[]) {
  assertCliBuilt();
  const env: Record<string, string> = {};
  for (const key of ["PATH", "HOME", "DOCKER_HOST"] as const) if (process.env[key] !== undefined) env[key] = process.env[key] ?? "";
  const child = spawn(process.execPath, ["--", CLI_PATH, "--progress", "plain", "-p", project, ...args], { cwd: dir, env, stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
  child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
  child.stdin.on("error", () => undefined);
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
  const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
  void done.finally(() => clearTimeout(timer));
  return { child, stdout: () => stdout, done };
}

describe.skipIf(!engine)("stats on a real engine", () => {
  const project = projects.next("tsc-stats");
  const run = (args: readonly string[]) => compose(dir, project, args);

  beforeAll(async () => {
    expectExit(await run(["up", "-d", "busy", "once"]), 0);
    await eventually(async () => (await rt().inspectContainer(`${project}-once-1`)).state.status === "exited", "once to exit");
  });
  afterAll(async () => {
    await projects.cleanup();
  });

  it("--no-stream prints docker stats' table of the project's running containers, and only them", async () => {
    const r = await run(["stats", "--no-stream"]);
    expectExit(r, 0);
    const [header, ...lines] = r.stdout.trimEnd().split("\n");
    expect(header).toMatch(/^CONTAINER ID {3}NAME {3,}CPU % {3,}MEM USAGE \/ LIMIT {3,}MEM % {3,}NET I\/O {3,}BLOCK I\/O {3,}PIDS$/);
    const rows = lines.map((l) => l.split(/ {3,}/));
    expect(rows.map((cells) => cells[1])).toEqual([`${project}-busy-1`]);
    const [id, , cpu, mem, memPerc, net, block, pids] = rows[0] ?? [];
    expect(id).toBe((await rt().inspectContainer(`${project}-busy-1`)).id.slice(0, 12));
    expect(cpu).toMatch(/^\d+\.\d\d%$/);
    expect(mem).toMatch(MEM);
    expect(memPerc).toMatch(/^\d+\.\d\d%$/);
    expect(net).toMatch(SIZES);
    expect(block).toMatch(SIZES);
    expect(Number(pids)).toBeGreaterThanOrEqual(1);
  });

  it("--format json prints one object per container with the docker CLI's fields and sane values", async () => {
    const r = await run(["stats", "--no-stream", "--format", "json", "--no-trunc"]);
    expectExit(r, 0);
    const rows = jsonRows(r.stdout);
    expect(rows).toHaveLength(1);
    const row = rows[0] ?? {};
    const busy = await rt().inspectContainer(`${project}-busy-1`);
    expect(Object.keys(row)).toEqual(JSON_FIELDS);
    expect(row).toMatchObject({ Name: `${project}-busy-1`, ID: busy.id, Container: busy.id.slice(0, 12) });
    expect(Number(row["PIDs"])).toBeGreaterThanOrEqual(1);
    expect(Number.parseFloat(row["CPUPerc"] ?? "")).toBeGreaterThanOrEqual(0);
    expect(row["CPUPerc"]).toMatch(/^\d+\.\d\d%$/);
    expect(row["MemUsage"]).toMatch(MEM);
    expect(Number.parseFloat(row["MemPerc"] ?? "")).toBeLessThan(100);
    expect(row["NetIO"]).toMatch(SIZES);
  });

  it("-a includes the stopped container (as zeros); naming a service keeps to it", async () => {
    const all = await run(["stats", "--no-stream", "-a", "--format", "json"]);
    expectExit(all, 0);
    const rows = jsonRows(all.stdout);
    expect(rows.map((row) => row["Name"])).toEqual([`${project}-busy-1`, `${project}-once-1`]);
    expect(rows[1]).toMatchObject({ CPUPerc: "0.00%", MemUsage: "0B / 0B", MemPerc: "0.00%", NetIO: "0B / 0B", BlockIO: "0B / 0B", PIDs: "0" });
    const once = await run(["stats", "--no-stream", "-a", "--format", "json", "once"]);
    expectExit(once, 0);
    expect(jsonRows(once.stdout).map((row) => row["Name"])).toEqual([`${project}-once-1`]);
  });

  it("without --no-stream prints a new table about every second until Ctrl-C, then exits 0", async () => {
    const live = startCompose(dir, project, ["stats"]);
    await live.waitFor(/CONTAINER ID[\s\S]*CONTAINER ID[\s\S]*busy-1/, 30_000);
    live.child.kill("SIGINT");
    const r = await live.done;
    expectExit(r, 0);
    // Not a terminal: whole tables one after another, no cursor movement.
    expect(r.stdout).not.toContain("\x1b[");
    expect(r.stdout.split("\n").filter((l) => l.includes(`${project}-busy-1`)).length).toBeGreaterThanOrEqual(2);
  });
});

describe.skipIf(!engine)("attach on a real engine", () => {
  // Its own list: the stats block's cleanup empties the shared one before these tests run.
  const attachProjects = new Projects(() => engine?.runtime);
  const project = attachProjects.next("tsc-attach");
  const run = (args: readonly string[], timeoutMs?: number) => compose(dir, project, args, timeoutMs ? { timeoutMs } : {});

  beforeAll(async () => {
    expectExit(await run(["up", "-d", "busy", "cat", "proxy"]), 0);
  });
  afterAll(async () => {
    await attachProjects.cleanup();
  });

  it("shows a service's lines as it prints them and exits with its exit code", async () => {
    expectExit(await run(["up", "-d", "ticker"]), 0);
    const r = await run(["attach", "ticker"], 60_000);
    expectExit(r, 3);
    const lines = r.stdout.split("\n").filter(Boolean);
    expect(lines.length).toBeGreaterThanOrEqual(3);
    const numbers = lines.map((l) => Number(/^tick (\d+)$/.exec(l)?.[1]));
    expect(numbers.every((n, i) => i === 0 || n === (numbers[i - 1] ?? 0) + 1)).toBe(true);
    expect(lines.at(-1)).toBe("tick 25");
  });

  it("sends piped stdin to a service with an open stdin (cat), byte for byte", async () => {
    const live = startWithStdin(project, ["attach", "cat"]);
    live.child.stdin.write("hello from stdin\n");
    await eventually(async () => live.stdout().includes("hello from stdin\n"), "cat to echo stdin", 30_000);
    await rt().killContainer(`${project}-cat-1`);
    const r = await live.done;
    expectExit(r, 137);
    expect(r.stdout).toBe("hello from stdin\n");
  });

  it("sends Ctrl-C to the container by default (--sig-proxy); with --sig-proxy=false Ctrl-C detaches", async () => {
    const proxied = startCompose(dir, project, ["attach", "proxy"]);
    await proxied.waitFor(/waiting/);
    proxied.child.kill("SIGINT");
    const r = await proxied.done;
    expectExit(r, 42);
    expect(r.stdout).toContain("got INT\n");

    expectExit(await run(["start", "proxy"]), 0);
    const detached = startCompose(dir, project, ["attach", "--sig-proxy=false", "proxy"]);
    await detached.waitFor(/waiting/);
    detached.child.kill("SIGINT");
    const d = await detached.done;
    expectExit(d, 130);
    expect(d.stdout).not.toContain("got INT");
    expect((await rt().inspectContainer(`${project}-proxy-1`)).state.running).toBe(true);
  });

  it("fails with exit 1 for an --index out of range and for a service that is not running", async () => {
    const index = await run(["attach", "--index", "5", "busy"]);
    expectExit(index, 1);
    expect(index.stderr).toContain('service "busy" has no running container with index 5');
    const stopped = await run(["attach", "once"]);
    expectExit(stopped, 1);
    expect(stopped.stderr).toContain('service "once" is not running');
  });
});
