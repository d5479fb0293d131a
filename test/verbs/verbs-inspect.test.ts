import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { engineOrSkip } from "../helpers/engine.js";
import { compose, eventually, expectExit, fixture, Projects, startCompose } from "../kits/up-kit.js";

const engine = await engineOrSkip("inspection verbs");
const projects = new Projects(() => engine?.runtime);
const dir = fixture("verbs-inspect");
const project = projects.next("tsc-verbs-see");
const run = (args: readonly string[]) => compose(dir, project, ["-f", "compose.yaml", ...args]);

function httpGet(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path: "/index.html", timeout: 5000 }, (res) => {
      let body = "";
      res.setEncoding("utf8").on("data", (c: string) => (body += c));
      res.on("end", () => resolve(body));
    });
    req.on("error", reject);
    req.end();
  });
}

describe.skipIf(!engine)("inspection verbs on a real engine", () => {
  beforeAll(async () => {
    expectExit(await run(["up", "-d"]), 0);
    await engine!.runtime.waitContainer(`${project}-job-1`);
    await eventually(async () => {
      const lines: string[] = [];
      for await (const l of engine!.runtime.logs(`${project}-worker-2`)) lines.push(l.text);
      return lines.length >= 3;
    }, "worker output");
  });
  afterAll(async () => {
    await projects.cleanup();
  });

  it("ps prints Compose's table of running containers, sorted by name", async () => {
    const r = await run(["ps"]);
    expectExit(r, 0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^NAME +IMAGE +COMMAND +SERVICE +CREATED +STATUS +PORTS$/);
    expect(lines.slice(1).map((l) => l.split(/ +/)[0])).toEqual([`${project}-web-1`, `${project}-worker-1`, `${project}-worker-2`]);
    // As Compose: an argument with a space single-quoted, the whole cut to 20 and quoted.
    expect(lines[1]).toMatch(/tscompose-busybox:latest +"sh -c 'mkdir -p \/ww…" +web +.* ago +Up .*0\.0\.0\.0:\d+->80\/tcp/);
    // The columns line up: every row has SERVICE where the header has it.
    const at = lines[0]?.indexOf("SERVICE") ?? -1;
    for (const l of lines.slice(1)) expect(l.slice(at).split(" ")[0]).toMatch(/^(web|worker)$/);
  });

  it("ps -a adds the exited one-shot; --status, -q, --services and --format json", async () => {
    const all = await run(["ps", "-a", "--format", "json"]);
    expectExit(all, 0);
    const entries = all.stdout.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(entries.map((e) => e["Service"])).toEqual(["job", "web", "worker", "worker"]);
    expect(entries[0]).toMatchObject({ Name: `${project}-job-1`, State: "exited", ExitCode: 3, Project: project, Health: "" });
    expect(entries[1]).toMatchObject({ State: "running", Publishers: expect.arrayContaining([expect.objectContaining({ URL: "0.0.0.0", TargetPort: 80, Protocol: "tcp" })]) });

    const exited = await run(["ps", "--status", "exited", "-q"]);
    // -q prints full ids, --format json 12 characters (as Compose).
    expect(exited.stdout.trim()).toMatch(/^[0-9a-f]{64}$/);
    expect(exited.stdout.trim().slice(0, 12)).toBe(entries[0]?.["ID"]);
    const services = await run(["ps", "--services"]);
    expect(services.stdout).toBe("web\nworker\n");
    const filtered = await run(["ps", "--filter", "status=running", "--services"]);
    expect(filtered.stdout).toBe("web\nworker\n");
    const bad = await run(["ps", "--status", "sleeping"]);
    expectExit(bad, 2);
    expect(bad.stderr).toContain('invalid status "sleeping"');
  });

  it("logs shows each container's output with Compose's prefixes; stderr on stderr", async () => {
    const r = await run(["logs", "worker", "job"]);
    expectExit(r, 0);
    // As Compose, the prefix column widens as containers first print.
    expect(r.stdout).toBe(["job-1  | job ran", "worker-1  | line one", "worker-1  | line two", "worker-2  | line one", "worker-2  | line two", ""].join("\n"));
    expect(r.stderr).toBe("worker-1  | warned\nworker-2  | warned\n");

    const tail = await run(["logs", "--no-log-prefix", "--index", "2", "--tail", "2", "worker"]);
    const shown = (tail.stdout + tail.stderr).trim().split("\n");
    expect(shown).toHaveLength(2);
    expect(["line one", "line two", "warned"]).toEqual(expect.arrayContaining(shown));
    const stamped = await run(["logs", "-t", "job"]);
    expect(stamped.stdout).toMatch(/^job-1 {2}\| \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z job ran\n$/);
    const unknown = await run(["logs", "nope"]);
    expectExit(unknown, 2);
    expect(unknown.stderr).toContain("no such service: nope");
  });

  it("logs -f keeps following until the containers stop", async () => {
    const live = startCompose(dir, project, ["logs", "-f", "worker"]);
    await live.waitFor(/worker-2 +\| line two/);
    expectExit(await compose(dir, project, ["stop", "-t", "5", "worker"]), 0);
    const done = await live.done;
    expect(done.code).toBe(0);
    expect(done.stdout).toMatch(/worker-1 exited with code 0/);
    expect(done.stdout).toMatch(/worker-2 exited with code 0/);
    expectExit(await compose(dir, project, ["start", "worker"]), 0);
  });

  it("port prints the published address, which answers", async () => {
    const r = await run(["port", "web", "80"]);
    expectExit(r, 0);
    const m = /^0\.0\.0\.0:(\d+)\n$/.exec(r.stdout);
    expect(m, r.stdout).not.toBeNull();
    const details = await engine!.runtime.inspectContainer(`${project}-web-1`);
    expect(details.ports.map((p) => p.hostPort)).toContain(Number(m?.[1]));
    expect(await httpGet(Number(m?.[1]))).toBe("hello\n");

    const missing = await run(["port", "web", "81"]);
    expectExit(missing, 1);
    expect(missing.stderr).toContain(`no port 81/tcp is published for container ${project}-web-1 (published: 80/tcp)`);
  });

  it("ls lists the project by label with its states and config file", async () => {
    const table = await run(["ls", "--filter", `name=^${project}$`]);
    expectExit(table, 0);
    const [header, row] = table.stdout.split("\n");
    expect(header).toMatch(/^NAME +STATUS +CONFIG FILES$/);
    expect(row).toMatch(new RegExp(`^${project} +running\\(3\\) +${dir}/compose.yaml$`));
    expect(row?.indexOf("running")).toBe(header?.indexOf("STATUS"));
    const json = await run(["ls", "-a", "--format", "json", "--filter", `name=^${project}$`]);
    expect(JSON.parse(json.stdout)).toEqual([{ Name: project, Status: "exited(1), running(3)", ConfigFiles: `${dir}/compose.yaml` }]);
    const quiet = await run(["ls", "-q"]);
    expect(quiet.stdout.split("\n")).toContain(project);
  });

  it("top shows the processes of every running container", async () => {
    const r = await run(["top", "worker"]);
    expectExit(r, 0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^SERVICE +# +UID +PID +PPID +C +STIME +TTY +TIME +CMD$/);
    expect(lines.filter((l) => /^worker +1 .*sh -c echo line one/.test(l))).toHaveLength(1);
    expect(lines.filter((l) => /^worker +2 .*sh -c echo line one/.test(l))).toHaveLength(1);
  });

  it("images lists the image of each container", async () => {
    const table = await run(["images", "web"]);
    expectExit(table, 0);
    expect(table.stdout.split("\n")[1]).toMatch(new RegExp(`^${project}-web-1 +tscompose-busybox +latest +linux/\\w+ +[0-9a-f]{12} +[\\d.]+[kMG]?B +.* ago$`));
    const json = JSON.parse((await run(["images", "--format", "json"])).stdout) as Record<string, unknown>[];
    expect(json.map((i) => i["ContainerName"])).toEqual([`${project}-job-1`, `${project}-web-1`, `${project}-worker-1`, `${project}-worker-2`]);
    const image = await engine!.runtime.inspectImage("tscompose-busybox:latest");
    expect((await run(["images", "-q"])).stdout).toBe(`${image?.id.replace("sha256:", "")}\n`);
  });

  it("events --json streams the project's container events until interrupted", async () => {
    const live = startCompose(dir, project, ["events", "--json", "web"]);
    await new Promise((r) => setTimeout(r, 1000));
    expectExit(await compose(dir, project, ["restart", "-t", "5", "web"]), 0);
    await live.waitFor(/"action":"restart"/);
    live.child.kill("SIGINT");
    const done = await live.done;
    expect(done.code).toBe(130);
    const events = done.stdout.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(events.map((e) => e["action"])).toEqual(expect.arrayContaining(["kill", "die", "stop", "start", "restart"]));
    const start = events.find((e) => e["action"] === "start");
    expect(start).toMatchObject({ type: "container", service: "web", attributes: expect.objectContaining({ name: `${project}-web-1` }) });
    expect(Object.keys(start ?? {})).toEqual(["action", "attributes", "id", "service", "time", "type"]);
  });
});
