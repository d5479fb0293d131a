import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packTar, unpackTar } from "../../engine/oneoff/archive.js";
import { LOOP, collectAll, eventsUntil, expectRuntimeError, type ContractContext, Captured } from "./runtime-contract-helpers.js";
import { exportCommitContract } from "./runtime-contract-export-commit.js";
import { networkContract } from "./runtime-contract-resources.js";
import { statsAttachContract } from "./runtime-contract-stats.js";
import type { Runtime } from "../../engine/runtime/runtime.js";
import type { LogLine, RuntimeEvent } from "../../engine/runtime/runtime-types.js";

/** What a contract run needs: a way to make the runtime, and the image its containers use. */
export interface ContractSetup {
  /** Builds (or returns) the runtime under test; called once per suite. */
  readonly create: () => Runtime | Promise<Runtime>;
  /** An image with busybox's `sh`, `sleep`, `cat`, `nslookup` (`tscompose-busybox:latest`). */
  readonly image: string;
  /** Skip the whole suite (the caller has already said why). */
  readonly skip?: boolean;
}

/**
 * Defines the Runtime contract suite: the behaviour every Runtime must share with Docker. Runs
 * against the real engine (DockerRuntime) and the MemoryRuntime, so the fake cannot drift.
 */
export function runtimeContract(suiteName: string, setup: ContractSetup): void {
  describe.skipIf(setup.skip === true)(`Runtime contract: ${suiteName}`, () => {
    let runtime: Runtime | undefined;
    const project = `tsc-contract-${randomBytes(4).toString("hex")}`;
    const labels = { "com.docker.compose.project": project };
    const ctx: ContractContext = {
      runtime: () => {
        if (!runtime) throw new Error("runtime not created");
        return runtime;
      },
      image: setup.image,
      project,
      labels,
      name: (suffix) => `${project}-${suffix}`,
      container: (suffix, spec = {}) =>
        ctx.runtime().createContainer({ image: setup.image, ...spec, name: ctx.name(suffix), labels: { ...labels, ...spec.labels } }),
    };

    beforeAll(async () => {
      runtime = await setup.create();
    });

    afterAll(async () => {
      if (!runtime) return;
      const rt = runtime;
      for (const c of await rt.listContainers({ all: true, labels })) await rt.removeContainer(c.id, { force: true, volumes: true }).catch(() => undefined);
      for (const n of await rt.listNetworks({ labels })) await rt.removeNetwork(n.id).catch(() => undefined);
      for (const v of await rt.listVolumes({ labels })) await rt.removeVolume(v.name, { force: true }).catch(() => undefined);
      for (const i of await rt.listImages({ reference: project })) {
        for (const tag of i.repoTags) if (tag.startsWith(`${project}:`)) await rt.removeImage(tag).catch(() => undefined);
      }
    });

    it("answers ping and reports a version", async () => {
      await ctx.runtime().ping();
      const v = await ctx.runtime().version();
      expect(v.version).not.toBe("");
      expect(v.description).toContain(v.version);
    });

    containerContract(ctx);
    ioContract(ctx);
    networkContract(ctx);
    statsAttachContract(ctx);
    exportCommitContract(ctx);
  });
}

function containerContract(ctx: ContractContext): void {
  it("creates, starts, inspects, stops and removes a container", async () => {
    const rt = ctx.runtime();
    const id = await ctx.container("life", { cmd: LOOP, env: { FOO: "bar" }, labels: { "tsc.test": "life" } });
    let info = await rt.inspectContainer(id);
    expect(info).toMatchObject({ id, name: ctx.name("life"), state: { status: "created", running: false } });
    expect(info.labels).toMatchObject({ ...ctx.labels, "tsc.test": "life" });
    expect(info.config.env).toContain("FOO=bar");
    expect(info.imageId).toMatch(/^sha256:/);
    expect((await rt.inspectContainer(ctx.name("life"))).id).toBe(id);

    await rt.startContainer(id);
    info = await rt.inspectContainer(id);
    expect(info.state).toMatchObject({ status: "running", running: true });
    expect(info.state.startedAt).toBeDefined();
    await rt.startContainer(id); // already running: a no-op

    await rt.stopContainer(id, { timeoutSeconds: 5 });
    info = await rt.inspectContainer(id);
    expect(info.state).toMatchObject({ status: "exited", running: false, exitCode: 0 });
    expect(info.state.finishedAt).toBeDefined();
    await rt.stopContainer(id); // already stopped: a no-op

    await rt.removeContainer(id);
    await expectRuntimeError(rt.inspectContainer(id), "not-found");
  });

  it("refuses a second container with the same name", async () => {
    await ctx.container("twin");
    const error = await expectRuntimeError(ctx.container("twin"), "conflict");
    expect(error.status).toBe(409);
  });

  it("lists containers by label, running only unless asked for all", async () => {
    const rt = ctx.runtime();
    const a = await ctx.container("list-a", { cmd: LOOP, labels: { "tsc.role": "a" } });
    const b = await ctx.container("list-b", { cmd: LOOP, labels: { "tsc.role": "b" } });
    await rt.startContainer(a);
    const running = await rt.listContainers({ labels: { ...ctx.labels, "tsc.role": true } });
    expect(running.map((c) => c.id)).toEqual([a]);
    const all = await rt.listContainers({ all: true, labels: { ...ctx.labels, "tsc.role": true } });
    expect(all.map((c) => c.id).sort()).toEqual([a, b].sort());
    const onlyB = await rt.listContainers({ all: true, labels: { "tsc.role": "b", ...ctx.labels } });
    expect(onlyB.map((c) => c.id)).toEqual([b]);
    expect(onlyB[0]).toMatchObject({ name: ctx.name("list-b"), status: "created", image: ctx.image });
    const byName = await rt.listContainers({ all: true, names: [ctx.name("list-a")] });
    expect(byName.map((c) => c.id)).toEqual([a]);
    expect(await rt.listContainers({ all: true, names: [ctx.name("list")] })).toEqual([]);
    await rt.removeContainer(a, { force: true });
    await rt.removeContainer(b);
  });

  it("refuses to remove a running container without force", async () => {
    const rt = ctx.runtime();
    const id = await ctx.container("busy", { cmd: LOOP });
    await rt.startContainer(id);
    await expectRuntimeError(rt.removeContainer(id), "conflict");
    await rt.removeContainer(id, { force: true });
    await expectRuntimeError(rt.inspectContainer(id), "not-found");
  });

  it("pauses, unpauses, renames, restarts and kills", async () => {
    const rt = ctx.runtime();
    const id = await ctx.container("ops", { cmd: LOOP });
    await rt.startContainer(id);
    await rt.pauseContainer(id);
    expect((await rt.inspectContainer(id)).state).toMatchObject({ status: "paused", paused: true });
    await rt.unpauseContainer(id);
    expect((await rt.inspectContainer(id)).state.status).toBe("running");
    await rt.renameContainer(id, ctx.name("ops2"));
    expect((await rt.inspectContainer(ctx.name("ops2"))).id).toBe(id);
    await expectRuntimeError(rt.inspectContainer(ctx.name("ops")), "not-found");
    const before = (await rt.inspectContainer(id)).state.startedAt;
    await rt.restartContainer(id, { timeoutSeconds: 5 });
    const after = await rt.inspectContainer(id);
    expect(after.state.running).toBe(true);
    expect(after.state.startedAt).not.toBe(before);
    await rt.killContainer(id);
    expect(await rt.waitContainer(id)).toBe(137);
    await expectRuntimeError(rt.killContainer(id), "conflict");
  });

  it("resizes a running container's TTY; a container that is not running is a conflict", async () => {
    const rt = ctx.runtime();
    const id = await ctx.container("tty", { cmd: LOOP, tty: true });
    await expectRuntimeError(rt.resizeContainerTty(id, { rows: 30, columns: 100 }), "conflict");
    await rt.startContainer(id);
    await rt.resizeContainerTty(id, { rows: 30, columns: 100 });
    await rt.removeContainer(id, { force: true });
  });

  it("waits for the exit code", async () => {
    const rt = ctx.runtime();
    const id = await ctx.container("exit3", { cmd: ["sh", "-c", "exit 3"] });
    await rt.startContainer(id);
    expect(await rt.waitContainer(id)).toBe(3);
    expect((await rt.inspectContainer(id)).state).toMatchObject({ status: "exited", exitCode: 3 });
    expect(await rt.waitContainer(id)).toBe(3); // not running: answers at once
  });

  it("publishes a port on an ephemeral host port", async () => {
    const rt = ctx.runtime();
    const id = await ctx.container("ports", { cmd: LOOP, portBindings: [{ containerPort: 8080 }], exposedPorts: ["9090/tcp"] });
    await rt.startContainer(id);
    const ports = (await rt.inspectContainer(id)).ports;
    const published = ports.find((p) => p.containerPort === 8080 && p.hostPort !== undefined);
    expect(published?.protocol).toBe("tcp");
    expect(published?.hostPort).toBeGreaterThan(0);
    expect(ports.some((p) => p.containerPort === 9090 && p.hostPort === undefined)).toBe(true);
    await rt.removeContainer(id, { force: true });
  });

  it("maps unknown objects to not-found", async () => {
    const rt = ctx.runtime();
    const missing = ctx.name("missing");
    await expectRuntimeError(rt.inspectContainer(missing), "not-found");
    await expectRuntimeError(rt.startContainer(missing), "not-found");
    await expectRuntimeError(rt.removeContainer(missing), "not-found");
    await expectRuntimeError(rt.inspectNetwork(missing), "not-found");
    await expectRuntimeError(rt.inspectVolume(missing), "not-found");
    await expectRuntimeError(rt.createContainer({ image: `${missing}:latest`, labels: ctx.labels }), "not-found");
    expect(await rt.inspectImage(`${missing}:latest`)).toBeUndefined();
  });
}

function ioContract(ctx: ContractContext): void {
  it("demultiplexes logs into stdout and stderr lines", async () => {
    const rt = ctx.runtime();
    const id = await ctx.container("logs", { cmd: ["sh", "-c", "echo out1; echo err1 >&2; echo out2"] });
    await rt.startContainer(id);
    expect(await rt.waitContainer(id)).toBe(0);
    const lines = await collectAll(rt.logs(id));
    const by = (s: LogLine["stream"]) => lines.filter((l) => l.stream === s).map((l) => l.text);
    expect(by("stdout")).toEqual(["out1", "out2"]);
    expect(by("stderr")).toEqual(["err1"]);
    const stamped = await collectAll(rt.logs(id, { timestamps: true }));
    expect(stamped).toHaveLength(3);
    for (const l of stamped) expect(Number.isNaN(Date.parse(l.time ?? ""))).toBe(false);
    // Order across stdout and stderr is the engine's (two pipes race); tail follows that order.
    expect(await collectAll(rt.logs(id, { tail: 1 }))).toEqual(lines.slice(-1));
  });

  it("follows logs until the container exits", async () => {
    const rt = ctx.runtime();
    const id = await ctx.container("follow", { cmd: ["sh", "-c", "echo first; sleep 1; echo second"] });
    await rt.startContainer(id);
    const lines = await collectAll(rt.logs(id, { follow: true }));
    expect(lines.map((l) => l.text)).toEqual(["first", "second"]);
  });

  it("stops following logs when aborted", async () => {
    const rt = ctx.runtime();
    const id = await ctx.container("abort", { cmd: ["sh", "-c", `echo ready; ${LOOP[2]}`] });
    await rt.startContainer(id);
    const controller = new AbortController();
    const lines: string[] = [];
    for await (const line of rt.logs(id, { follow: true, signal: controller.signal })) {
      lines.push(line.text);
      controller.abort();
    }
    expect(lines).toEqual(["ready"]);
    expect((await rt.inspectContainer(id)).state.running).toBe(true);
    await rt.removeContainer(id, { force: true });
  });

  it("runs exec to completion with output and exit code", async () => {
    const rt = ctx.runtime();
    const id = await ctx.container("exec", { cmd: LOOP });
    await rt.startContainer(id);
    const result = await rt.exec(id, { cmd: ["sh", "-c", "echo hi; echo oops >&2; exit 7"] });
    expect(result).toEqual({ exitCode: 7, stdout: "hi\n", stderr: "oops\n" });
    const piped = await rt.exec(id, { cmd: ["cat"], stdin: Buffer.from("from stdin\n") });
    expect(piped).toMatchObject({ exitCode: 0, stdout: "from stdin\n" });
    await rt.stopContainer(id, { timeoutSeconds: 5 });
    await expectRuntimeError(rt.exec(id, { cmd: ["true"] }), "conflict");
  });

  it("attaches before start: stdin reaches the process, output comes back byte for byte, per stream", async () => {
    const rt = ctx.runtime();
    const piped = await ctx.container("attach-in", { cmd: ["cat"], stdinOpen: true, attach: true });
    const out = new Captured();
    const attached = await rt.attachContainer(piped, { stdin: Buffer.from("line one\nno newline"), streams: { stdout: out } });
    await rt.startContainer(piped);
    await attached.done;
    expect(await rt.waitContainer(piped)).toBe(0);
    expect(out.text()).toBe("line one\nno newline");

    const split = await ctx.container("attach-out", { cmd: ["sh", "-c", "echo to-out; echo to-err >&2; exit 3"] });
    const [o, e] = [new Captured(), new Captured()];
    const second = await rt.attachContainer(split, { streams: { stdout: o, stderr: e } });
    await rt.startContainer(split);
    await second.done;
    expect(await rt.waitContainer(split)).toBe(3);
    expect([o.text(), e.text()]).toEqual(["to-out\n", "to-err\n"]);
  });

  it("awaitExit registered before start sees even an instant exit, and its removal when auto-removed", async () => {
    const rt = ctx.runtime();
    const quick = await ctx.container("exit-quick", { cmd: ["sh", "-c", "exit 5"] });
    const { exit } = await rt.awaitExit(quick, { condition: "next-exit" });
    await rt.startContainer(quick);
    expect(await exit).toBe(5);
    const auto = await ctx.container("exit-removed", { cmd: ["sh", "-c", "exit 6"], autoRemove: true });
    const removal = await rt.awaitExit(auto, { condition: "removed" });
    await rt.startContainer(auto);
    expect(await removal.exit).toBe(6);
    await expectRuntimeError(rt.inspectContainer(auto), "not-found");
  });

  it("puts an archive and reads it back", async () => {
    const rt = ctx.runtime();
    const id = await ctx.container("archive", { cmd: LOOP });
    await rt.startContainer(id);
    const tar = await packTar([{ name: "hello.txt", type: "file", content: Buffer.from("hello archive\n") }]);
    await rt.putArchive(id, "/tmp", tar);
    expect((await rt.exec(id, { cmd: ["cat", "/tmp/hello.txt"] })).stdout).toBe("hello archive\n");
    const { stat, tar: back } = await rt.getArchive(id, "/tmp/hello.txt");
    expect(stat).toMatchObject({ name: "hello.txt", size: 14 });
    const entries = await unpackTar(back);
    expect(entries.map((e) => [e.name, Buffer.from(e.content ?? []).toString()])).toEqual([["hello.txt", "hello archive\n"]]);
    await expectRuntimeError(rt.putArchive(id, "/no/such/dir", tar), "not-found");
    await expectRuntimeError(rt.getArchive(id, "/tmp/none.txt"), "not-found");
  });

  it("reports start and die events with the exit code", async () => {
    const rt = ctx.runtime();
    const since = new Date();
    const id = await ctx.container("events", { cmd: ["sh", "-c", "exit 5"] });
    await rt.startContainer(id);
    await rt.waitContainer(id);
    const seen = await eventsUntil(rt, since, { type: ["container"], label: ctx.labels }, (e) => e.id === id && e.action === "die");
    const mine = seen.filter((e) => e.id === id).map((e) => e.action);
    expect(mine).toEqual(expect.arrayContaining(["create", "start", "die"]));
    expect(mine.indexOf("start")).toBeLessThan(mine.indexOf("die"));
    const die = seen.find((e) => e.id === id && e.action === "die");
    expect(die?.attributes).toMatchObject({ exitCode: "5", name: ctx.name("events"), ...ctx.labels });
    expect(die?.timeNano).toBeGreaterThan(since.getTime() * 1e6 - 2e9);
  });

  it("runs healthchecks and reports health_status events", async () => {
    const rt = ctx.runtime();
    const since = new Date();
    const healthcheck = { intervalNs: 200e6, timeoutNs: 5e9, retries: 1 };
    const ok = await ctx.container("healthy", { cmd: LOOP, healthcheck: { test: ["CMD-SHELL", "echo fine"], ...healthcheck } });
    const bad = await ctx.container("unhealthy", { cmd: LOOP, healthcheck: { test: ["CMD", "false"], ...healthcheck } });
    expect((await rt.inspectContainer(ok)).config.hasHealthcheck).toBe(true);
    await rt.startContainer(ok);
    await rt.startContainer(bad);
    const statuses = (seen: RuntimeEvent[], id: string) => seen.filter((e) => e.id === id && e.action === "health_status").map((e) => e.status);
    const seen = await eventsUntil(rt, since, { type: ["container"], event: ["health_status"], label: ctx.labels }, (_e, all) =>
      statuses(all, ok).includes("healthy") && statuses(all, bad).includes("unhealthy"),
    );
    expect(statuses(seen, ok)).toContain("healthy");
    expect(statuses(seen, bad)).toContain("unhealthy");
    const info = await rt.inspectContainer(ok);
    expect(info.state.health).toBe("healthy");
    expect(info.state.lastHealthLog).toMatchObject({ exitCode: 0, output: "fine\n" });
    expect((await rt.inspectContainer(bad)).state).toMatchObject({ health: "unhealthy", lastHealthLog: { exitCode: 1 } });
    await rt.removeContainer(ok, { force: true });
    await rt.removeContainer(bad, { force: true });
  });
}
