import { PassThrough } from "node:stream";
import { expect, it } from "vitest";
import { collectAll, expectRuntimeError, LOOP, type ContractContext, Captured } from "./runtime-contract-helpers.js";

/**
 * Contract tests for `containerStats` and for `attachContainer` on a running container (part of
 * `runtimeContract`).
 */
export function statsAttachContract(ctx: ContractContext): void {
  it("samples a container's stats: zeros before it runs; PIDs, a memory limit and a primed CPU reading while it runs", async () => {
    const rt = ctx.runtime();
    const id = await ctx.container("stats", { cmd: LOOP });
    const idle = await rt.containerStats(id);
    expect(idle).toMatchObject({ id, name: ctx.name("stats"), pids: 0, memory: { usage: 0, limit: 0 } });
    expect(idle.read).toBeUndefined();
    await rt.startContainer(id);
    const s = await rt.containerStats(ctx.name("stats"));
    expect(s).toMatchObject({ id, name: ctx.name("stats") });
    expect(s.pids).toBeGreaterThanOrEqual(1);
    expect(s.memory.limit).toBeGreaterThan(0);
    expect(Number.isNaN(Date.parse(s.read ?? ""))).toBe(false);
    // Not a one-shot reading: the previous one is filled in, so a CPU % can be computed.
    expect(s.precpu.systemUsage).toBeGreaterThan(0);
    expect(s.cpu.systemUsage).toBeGreaterThan(s.precpu.systemUsage);
    expect(s.cpu.totalUsage).toBeGreaterThanOrEqual(s.precpu.totalUsage);
    expect(s.cpu.onlineCpus || s.cpu.percpuCount).toBeGreaterThan(0);
    await rt.removeContainer(id, { force: true });
    await expectRuntimeError(rt.containerStats(id), "not-found");
  });

  it("attaches to a running container: its output from then on, per stream, until it exits", async () => {
    const rt = ctx.runtime();
    const script = "trap 'echo to-out; echo to-err >&2; exit 4' USR1; echo started; while :; do sleep 1 & wait $!; done";
    const id = await ctx.container("attach-live", { cmd: ["sh", "-c", script] });
    await rt.startContainer(id);
    for (let i = 0; i < 100 && !(await collectAll(rt.logs(id))).some((l) => l.text === "started"); i++) await new Promise((r) => setTimeout(r, 50));
    const [out, err] = [new Captured(), new Captured()];
    const attached = await rt.attachContainer(id, { streams: { stdout: out, stderr: err } });
    await rt.killContainer(id, { signal: "SIGUSR1" });
    await attached.done;
    expect(await rt.waitContainer(id)).toBe(4);
    expect([out.text(), err.text()]).toEqual(["to-out\n", "to-err\n"]);
  });

  it("feeds stdin to a running container's open stdin", async () => {
    const rt = ctx.runtime();
    const id = await ctx.container("attach-stdin", { cmd: ["sh", "-c", 'read line; echo "got $line"; exit 5'], stdinOpen: true });
    await rt.startContainer(id);
    // Kept open: the end of stdin would end this attachment's output (the container's stdin stays open).
    const input = new PassThrough();
    const out = new Captured();
    const attached = await rt.attachContainer(id, { stdin: input, streams: { stdout: out } });
    input.write("hello\n");
    await attached.done;
    expect(await rt.waitContainer(id)).toBe(5);
    expect(out.text()).toBe("got hello\n");
  });

  it("detaches on abort, leaving the container running; refuses a paused one", async () => {
    const rt = ctx.runtime();
    const id = await ctx.container("attach-abort", { cmd: LOOP });
    await rt.startContainer(id);
    const controller = new AbortController();
    const attached = await rt.attachContainer(id, { streams: { stdout: new Captured() }, signal: controller.signal });
    controller.abort();
    await attached.done;
    expect((await rt.inspectContainer(id)).state.running).toBe(true);
    await rt.pauseContainer(id);
    await expectRuntimeError(rt.attachContainer(id, { streams: { stdout: new Captured() } }), "conflict");
    await rt.unpauseContainer(id);
    await rt.removeContainer(id, { force: true });
  });
}
