import { afterAll, describe, expect, it } from "vitest";
import type { RuntimeEvent } from "../../engine/runtime/runtime.js";
import { runCli } from "../helpers/cli.js";
import { engineOrSkip, PROJECT_LABEL } from "../helpers/engine.js";
import { compose, containersOf, eventTime, eventually, expectExit, fixture, Projects, projectEvents, startCompose } from "../kits/up-kit.js";

const engine = await engineOrSkip("run");
const projects = new Projects(() => engine?.runtime);
const dir = fixture("oneoff-run");
const FOREVER = "trap 'exit 0' TERM; while :; do sleep 1 & wait $!; done";

/**
 * The project's container events since `sinceMs`, and the action the engine names a removal by
 * (Docker: `destroy`; Podman: `remove`). Podman 4.3's file event log drops past events when
 * `until` is already past (its reader stops at once: containers/podman#29579), so there the
 * window ends a second ahead, and the reader takes every event, then stops.
 */
async function engineEvents(project: string, sinceMs: number): Promise<{ events: RuntimeEvent[]; removal: string }> {
  const runtime = engine!.runtime;
  if ((await runtime.identify()).kind !== "podman") return { events: await projectEvents(runtime, project, sinceMs), removal: "destroy" };
  const events: RuntimeEvent[] = [];
  const filters = { type: ["container"], label: { [PROJECT_LABEL]: project } };
  for await (const e of runtime.events({ since: sinceMs / 1000, until: (Date.now() + 1000) / 1000, filters })) events.push(e);
  return { events, removal: "remove" };
}

/**
 * When `container` became healthy (ms). Docker: its health_status healthy event. Podman without
 * systemd: tscompose had its checks run, and Podman 4.3 emits health_status as a check begins, with
 * the status of the check before, so no event says healthy until a further check; the engine's
 * state holds it: healthy, at the end of the last check it logged (nobody checks it after the wait).
 */
async function healthyAt(project: string, container: string, events: readonly RuntimeEvent[]): Promise<number> {
  const runtime = engine!.runtime;
  const identity = await runtime.identify();
  if (identity.kind !== "podman") return eventTime(events, container, "health_status", "healthy");
  expect(identity.healthchecks).toBe("none");
  const d = await runtime.inspectContainer(container);
  expect(d.state.health).toBe("healthy");
  expect(d.labels[PROJECT_LABEL]).toBe(project);
  return Date.parse(d.state.lastHealthLog?.end ?? "");
}

describe.skipIf(!engine)("run on a real engine", () => {
  afterAll(async () => {
    await projects.cleanup();
  });

  it("starts the health-gated dependency first, passes output through, exits with the command's code, and --rm leaves nothing", async () => {
    const project = projects.next("tsc-run-rm");
    const since = Date.now();
    const r = await compose(dir, project, ["run", "--rm", "job", "sh", "-c", "echo out $GREETING; echo err >&2; exit 3"]);
    expectExit(r, 3);
    expect(r.stdout).toBe("out hello\n");
    expect(r.stderr).toContain("err\n");
    const left = await containersOf(engine!.runtime, project);
    expect(left.map((c) => c.name)).toEqual([`${project}-db-1`]);
    const { events, removal } = await engineEvents(project, since);
    const oneOff = events.find((e) => e.action === "start" && /-job-run-[0-9a-f]{12}$/.test(e.attributes["name"] ?? ""))?.attributes["name"];
    expect(oneOff).toMatch(new RegExp(`^${project}-job-run-[0-9a-f]{12}$`));
    expect(await healthyAt(project, `${project}-db-1`, events)).toBeLessThanOrEqual(eventTime(events, oneOff!, "start"));
    expect(events.some((e) => e.attributes["name"] === oneOff && e.action === removal)).toBe(true);
  });

  it("feeds piped stdin to the one-off and passes its output back byte for byte", async () => {
    const project = projects.next("tsc-run-stdin");
    const r = await runCli({ cwd: dir, args: ["-p", project, "run", "--rm", "-T", "--no-deps", "job", "sh", "-c", "cat; echo; wc -l"], stdin: "line one\nlast line, no newline" });
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("line one\nlast line, no newline\n0\n");
    expect(await containersOf(engine!.runtime, project)).toEqual([]);
  });

  it("takes --env-from-file (with -e winning) and --cap-add", async () => {
    const project = projects.next("tsc-run-envfile");
    const caps = "grep CapEff /proc/self/status";
    const r = await compose(dir, project, ["run", "--rm", "--no-deps", "--env-from-file", "run.env", "-e", "GREETING=flag", "job", "sh", "-c", `echo $FROM_FILE $GREETING; ${caps}`]);
    expectExit(r, 0);
    const [first, plainCaps] = r.stdout.split("\n");
    expect(first).toBe("yes flag");
    const added = await compose(dir, project, ["run", "--rm", "--no-deps", "--cap-add", "NET_ADMIN", "job", "sh", "-c", caps]);
    expectExit(added, 0);
    // NET_ADMIN is capability 12: the effective set gains bit 0x1000.
    const bits = (line: string | undefined) => BigInt(`0x${line?.split(/\s+/)[1] ?? "0"}`);
    expect(bits(added.stdout.trim()) & 0x1000n).toBe(0x1000n);
    expect(bits(plainCaps) & 0x1000n).toBe(0n);

    const missing = await compose(dir, project, ["run", "--rm", "--no-deps", "--env-from-file", "nope.env", "job"]);
    expectExit(missing, 2);
    expect(missing.stderr).toContain("--env-from-file nope.env");
    expect(await containersOf(engine!.runtime, project)).toEqual([]);
  });

  it("runs the service's own command without arguments and keeps the container without --rm", async () => {
    const project = projects.next("tsc-run-keep");
    const r = await compose(dir, project, ["run", "--no-deps", "job"]);
    expectExit(r, 0);
    expect(r.stdout).toBe("job-default\n");
    const left = await containersOf(engine!.runtime, project);
    // --no-deps: db was not started.
    expect(left.map((c) => c.labels["com.docker.compose.service"])).toEqual(["job"]);
    expect(left[0]).toMatchObject({ status: "exited" });
    expect(left[0]?.labels).toMatchObject({ "com.docker.compose.oneoff": "True", "com.docker.compose.project": project });
    expect(left[0]?.labels["com.docker.compose.slug"]).toMatch(/^[0-9a-f]{64}$/);
  });

  it("publishes the service's ports only with --service-ports", async () => {
    const project = projects.next("tsc-run-ports");
    const plain = await compose(dir, project, ["run", "-d", "--no-deps", "--name", `${project}-plain`, "job", "sh", "-c", FOREVER]);
    expectExit(plain, 0);
    const ported = await compose(dir, project, ["run", "-d", "--no-deps", "--name", `${project}-ported`, "--service-ports", "job", "sh", "-c", FOREVER]);
    expectExit(ported, 0);
    expect(ported.stdout.trim()).toMatch(/^[0-9a-f]{64}$/);
    const plainPorts = (await engine!.runtime.inspectContainer(`${project}-plain`)).ports.filter((p) => p.hostPort !== undefined);
    const published = (await engine!.runtime.inspectContainer(`${project}-ported`)).ports.filter((p) => p.hostPort !== undefined);
    expect(plainPorts).toEqual([]);
    expect(published.some((p) => p.containerPort === 80 && (p.hostPort ?? 0) > 0)).toBe(true);
  });

  it("applies -e, -w, -u and --entrypoint", async () => {
    const project = projects.next("tsc-run-flags");
    const r = await compose(dir, project, ["run", "--rm", "--no-deps", "-e", "GREETING=bye", "-e", "EXTRA=1", "-w", "/bin", "-u", "1234", "--entrypoint", "sh -c", "job", "echo $GREETING $EXTRA; pwd; id -u"]);
    expectExit(r, 0);
    expect(r.stdout).toBe("bye 1\n/bin\n1234\n");
  });

  it("-t gives the one-off a TTY even when stdout is not a terminal; -it is accepted; -t with -T is bad usage", async () => {
    const project = projects.next("tsc-run-tty");
    const probe = ["sh", "-c", "[ -t 1 ] && echo tty || echo no-tty"];
    const forced = await compose(dir, project, ["run", "--rm", "--no-deps", "-t", "job", ...probe]);
    expectExit(forced, 0);
    // A TTY turns the newline into CR LF.
    expect(forced.stdout).toBe("tty\r\n");
    const piped = await runCli({ cwd: dir, args: ["--progress", "quiet", "-p", project, "run", "--rm", "--no-deps", "-t", "job", ...probe], stdin: "data\n" });
    expectExit(piped, 0);
    expect(piped.stdout).toBe("tty\r\n");
    expect(piped.stderr).toContain("stdin is not a terminal, so it is not forwarded to the one-off's TTY (-t); use -T to pipe input");
    const plain = await compose(dir, project, ["run", "--rm", "--no-deps", "job", ...probe]);
    expectExit(plain, 0);
    expect(plain.stdout).toBe("no-tty\n");
    const both = await compose(dir, project, ["run", "--rm", "--no-deps", "-t", "-T", "job", ...probe]);
    expectExit(both, 2);
    expect(both.stderr).toContain("--tty and --no-TTY can't be used together");
    expect((await containersOf(engine!.runtime, project)).filter((c) => c.name.includes("-run-"))).toEqual([]);
  });

  it("Ctrl-C stops the one-off, --rm still removes it, and the exit code is 130", async () => {
    const project = projects.next("tsc-run-int");
    const live = startCompose(dir, project, ["run", "--rm", "--no-deps", "job", "sh", "-c", FOREVER]);
    await eventually(async () => (await containersOf(engine!.runtime, project)).some((c) => c.status === "running"), "the one-off running");
    live.child.kill("SIGINT");
    const r = await live.done;
    expectExit(r, 130);
    expect(await containersOf(engine!.runtime, project)).toEqual([]);
  });
});
