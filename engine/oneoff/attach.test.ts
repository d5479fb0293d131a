import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { attachSession, attachTarget } from "./attach.js";
import { VERBS_FOREVER, verbsRig, capture } from "../../test/kits/verbs-kit.js";

const COMPOSE = `
name: shop
services:
  app:
    image: tscompose-busybox:latest
    command: ["sh", "-c", "${VERBS_FOREVER}"]
    scale: 2
  talk:
    image: tscompose-busybox:latest
    command: ["sh", "-c", "trap 'echo bye; echo gone >&2; exit 3' USR1; echo hi; ${VERBS_FOREVER}"]
  reader:
    image: tscompose-busybox:latest
    stdin_open: true
    command: ["sh", "-c", "read line; echo \\"got $$line\\"; exit 7"]
  job:
    image: tscompose-busybox:latest
    command: ["sh", "-c", "exit 0"]
`;

async function shop() {
  const rig = verbsRig(COMPOSE);
  await rig.up();
  await rig.runtime.waitContainer("shop-job-1");
  return rig;
}

describe("attach", () => {
  it("picks the service's running container (or --index) and refuses what docker attach refuses", async () => {
    const rig = await shop();
    const rt = rig.runtime;
    const q = { projectName: "shop" };
    expect(await attachTarget(rt, { ...q, service: "reader" })).toMatchObject({ name: "shop-reader-1", tty: false, openStdin: true });
    expect(await attachTarget(rt, { ...q, service: "app", index: 2 })).toMatchObject({ name: "shop-app-2", openStdin: false });
    await expect(attachTarget(rt, { ...q, service: "job" })).rejects.toMatchObject({ code: "E_NO_CONTAINER", message: 'service "job" is not running' });
    await expect(attachTarget(rt, { ...q, service: "app", index: 5 })).rejects.toMatchObject({ code: "E_NO_CONTAINER", message: 'service "app" has no running container with index 5' });
    await rt.pauseContainer("shop-app-1");
    await expect(attachTarget(rt, { ...q, service: "app" })).rejects.toMatchObject({ code: "E_CONTAINER_PAUSED" });
  });

  it("relays the output from then on, per stream, and ends with the container's exit code", async () => {
    const rig = await shop();
    const target = await attachTarget(rig.runtime, { projectName: "shop", service: "talk" });
    const [out, err] = [capture(), capture()];
    const session = attachSession(rig.runtime, target, { streams: { stdout: out.stream, stderr: err.stream } });
    await new Promise((r) => setTimeout(r, 20));
    await rig.runtime.killContainer("shop-talk-1", { signal: "SIGUSR1" });
    expect(await session).toEqual({ kind: "exited", exitCode: 3 });
    expect([out.text(), err.text()]).toEqual(["bye\n", "gone\n"]);
  });

  it("sends stdin to a container with an open stdin", async () => {
    const rig = await shop();
    const target = await attachTarget(rig.runtime, { projectName: "shop", service: "reader" });
    const out = capture();
    const stdin = new PassThrough();
    const session = attachSession(rig.runtime, target, { stdin, streams: { stdout: out.stream } });
    stdin.write("hello\n");
    expect(await session).toEqual({ kind: "exited", exitCode: 7 });
    expect(out.text()).toBe("got hello\n");
  });

  it("detaches on abort and leaves the container running", async () => {
    const rig = await shop();
    const target = await attachTarget(rig.runtime, { projectName: "shop", service: "app" });
    const controller = new AbortController();
    const session = attachSession(rig.runtime, target, { streams: { stdout: capture().stream }, signal: controller.signal });
    await new Promise((r) => setTimeout(r, 20));
    controller.abort();
    expect(await session).toEqual({ kind: "detached" });
    expect((await rig.runtime.inspectContainer("shop-app-1")).state.running).toBe(true);
  });
});
