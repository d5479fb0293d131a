import { describe, expect, it } from "vitest";
import { MemoryRuntime } from "./memory-runtime.js";
import { collectAll, expectRuntimeError } from "../../test/contracts/runtime-contract-helpers.js";
import { runtimeContract } from "../../test/contracts/runtime-contract.js";

const IMAGE = "tscompose-busybox:latest";

runtimeContract("MemoryRuntime", {
  create: () => new MemoryRuntime({ images: [{ ref: IMAGE }] }),
  image: IMAGE,
});

describe("MemoryRuntime beyond the contract", () => {
  it("gives the same ids for the same seed and calls", async () => {
    const ids = async () => {
      const rt = new MemoryRuntime({ images: [{ ref: IMAGE }], seed: "s" });
      return [await rt.createNetwork({ name: "n" }), await rt.createContainer({ image: IMAGE, name: "c1" })];
    };
    expect(await ids()).toEqual(await ids());
  });

  it("kills a container that ignores SIGTERM after the stop timeout", async () => {
    const rt = new MemoryRuntime({ images: [{ ref: IMAGE }] });
    const id = await rt.createContainer({ image: IMAGE, cmd: ["sleep", "100"] });
    await rt.startContainer(id);
    await rt.stopContainer(id, { timeoutSeconds: 0.05 });
    expect((await rt.inspectContainer(id)).state.exitCode).toBe(137);
    const actions = rt.eventLog().filter((e) => e.id === id).map((e) => `${e.action}${e.attributes.signal ? `:${e.attributes.signal}` : ""}`);
    expect(actions).toEqual(["create", "start", "kill:15", "kill:9", "die", "stop"]);
  });

  it("mounts the pretend host filesystem and refuses a missing bind source", async () => {
    const rt = new MemoryRuntime({ images: [{ ref: IMAGE }] });
    rt.hostFs.mkdirp("/work/app");
    rt.hostFs.writeFile("/work/app/index.html", Buffer.from("hi from host\n"));
    const id = await rt.createContainer({ image: IMAGE, cmd: ["cat", "/srv/index.html"], mounts: [{ type: "bind", source: "/work/app", target: "/srv", readOnly: true }] });
    await rt.startContainer(id);
    expect(await rt.waitContainer(id)).toBe(0);
    expect((await collectAll(rt.logs(id))).map((l) => l.text)).toEqual(["hi from host"]);
    await expectRuntimeError(rt.createContainer({ image: IMAGE, mounts: [{ type: "bind", source: "/nope", target: "/x", createHostPath: false }] }), "other");
    await expectRuntimeError(rt.createContainer({ image: IMAGE, mounts: [{ type: "bind", source: "/nope", target: "/x", createHostPath: true, propagation: "rslave" }] }), "other");
    await rt.createContainer({ image: IMAGE, mounts: [{ type: "bind", source: "/made", target: "/x", createHostPath: true }] });
    expect(rt.hostFs.get("/made")?.type).toBe("dir");
    // No bind options at all (Compose's long syntax without `bind:`) is a Binds string: created too.
    await rt.createContainer({ image: IMAGE, mounts: [{ type: "bind", source: "/made-too", target: "/x" }] });
    expect(rt.hostFs.get("/made-too")?.type).toBe("dir");
  });

  it("pulls only what its registry holds", async () => {
    const rt = new MemoryRuntime({ registry: [{ ref: "redis:7" }] });
    await rt.pullImage("redis:7");
    expect((await rt.inspectImage("redis:7"))?.repoTags).toEqual(["redis:7"]);
    await expectRuntimeError(rt.pullImage("nope"), "not-found");
  });

  it("refuses a host port already published by a running container, leaving nothing allocated", async () => {
    const rt = new MemoryRuntime({ images: [{ ref: IMAGE }] });
    const spec = { image: IMAGE, cmd: ["sleep", "100"], portBindings: [{ containerPort: 80, hostPort: "8080" }] };
    const a = await rt.createContainer(spec);
    const b = await rt.createContainer(spec);
    await rt.startContainer(a);
    const error = await expectRuntimeError(rt.startContainer(b), "other");
    expect(error.message).toContain("port is already allocated");
    expect((await rt.inspectContainer(b)).state.status).toBe("created");
    await rt.removeContainer(a, { force: true });
    await rt.startContainer(b);
    expect((await rt.inspectContainer(b)).ports).toEqual([{ containerPort: 80, protocol: "tcp", hostIp: "0.0.0.0", hostPort: 8080 }]);
    await rt.removeContainer(b, { force: true });
  });

  it("emits network events and replays history from `since`", async () => {
    const rt = new MemoryRuntime({ images: [{ ref: IMAGE }] });
    const since = new Date(Date.now() - 1000);
    const net = await rt.createNetwork({ name: "n1", labels: { p: "x" } });
    const id = await rt.createContainer({ image: IMAGE, networks: [{ network: "n1" }] });
    await rt.disconnectNetwork("n1", id);
    await rt.removeContainer(id);
    await rt.removeNetwork(net);
    const controller = new AbortController();
    const seen = [];
    for await (const e of rt.events({ since, filters: { type: ["network"] }, signal: controller.signal })) {
      seen.push(e.action);
      if (e.action === "destroy") controller.abort();
    }
    expect(seen).toEqual(["create", "disconnect", "destroy"]);
  });
});
