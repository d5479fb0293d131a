import { expect, it } from "vitest";
import { LOOP, collectAll, expectRuntimeError, type ContractContext } from "./runtime-contract-helpers.js";

/** Contract tests for networks, volumes and images (part of `runtimeContract`). */
export function networkContract(ctx: ContractContext): void {
  it("resolves a container by its DNS alias on a shared network, and not across networks", async () => {
    const rt = ctx.runtime();
    const net = ctx.name("net");
    const other = ctx.name("net-other");
    const netId = await rt.createNetwork({ name: net, labels: ctx.labels });
    await rt.createNetwork({ name: other, labels: ctx.labels });
    const info = await rt.inspectNetwork(net);
    expect(info).toMatchObject({ id: netId, name: net, driver: "bridge", internal: false, labels: ctx.labels });
    expect((await rt.listNetworks({ labels: ctx.labels, names: [net] })).map((n) => n.id)).toEqual([netId]);

    const db = await ctx.container("db", { cmd: LOOP, networks: [{ network: net, aliases: ["db-alias"] }] });
    const web = await ctx.container("web", { cmd: LOOP, networks: [{ network: net }] });
    const outsider = await ctx.container("outsider", { cmd: LOOP, networks: [{ network: other }] });
    for (const id of [db, web, outsider]) await rt.startContainer(id);

    const endpoint = (await rt.inspectContainer(db)).networks[net];
    expect(endpoint?.aliases).toContain("db-alias");
    expect(endpoint?.networkId).toBe(netId);
    expect(endpoint?.ipv4Address).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(Object.keys((await rt.inspectNetwork(net)).containers)).toEqual(expect.arrayContaining([db, web]));

    const found = await rt.exec(web, { cmd: ["nslookup", "db-alias"] });
    expect(found.exitCode).toBe(0);
    expect(found.stdout).toContain(endpoint?.ipv4Address ?? "?");
    const byName = await rt.exec(web, { cmd: ["nslookup", ctx.name("db")] });
    expect(byName.exitCode).toBe(0);
    const isolated = await rt.exec(outsider, { cmd: ["nslookup", "db-alias"] });
    expect(isolated.exitCode).not.toBe(0);
  });

  it("refuses to remove a network in use or to connect a container twice", async () => {
    const rt = ctx.runtime();
    const net = ctx.name("net-busy");
    await rt.createNetwork({ name: net, labels: ctx.labels });
    await expectRuntimeError(rt.createNetwork({ name: net, labels: ctx.labels }), "conflict");
    const id = await ctx.container("net-user", { cmd: LOOP });
    await rt.startContainer(id);
    await rt.connectNetwork(net, id, { aliases: ["late"] });
    expect((await rt.inspectContainer(id)).networks[net]?.aliases).toContain("late");
    // A running container's second endpoint on the same network is refused (403 from the engine).
    await expectRuntimeError(rt.connectNetwork(net, id), "conflict");
    await expectRuntimeError(rt.removeNetwork(net), "conflict");
    await rt.disconnectNetwork(net, id);
    expect((await rt.inspectContainer(id)).networks[net]).toBeUndefined();
    await rt.removeNetwork(net);
    await expectRuntimeError(rt.inspectNetwork(net), "not-found");
    await rt.removeContainer(id, { force: true });
  });

  it("keeps data in a named volume across containers and refuses to remove it while used", async () => {
    const rt = ctx.runtime();
    const vol = ctx.name("vol");
    const created = await rt.createVolume({ name: vol, labels: ctx.labels });
    expect(created).toMatchObject({ name: vol, driver: "local", labels: ctx.labels });
    expect((await rt.listVolumes({ labels: ctx.labels, names: [vol] })).map((v) => v.name)).toEqual([vol]);
    const mount = { type: "volume" as const, source: vol, target: "/data" };
    const writer = await ctx.container("vol-w", { cmd: ["sh", "-c", "echo persisted > /data/f"], mounts: [mount] });
    await rt.startContainer(writer);
    expect(await rt.waitContainer(writer)).toBe(0);
    await rt.removeContainer(writer);
    const reader = await ctx.container("vol-r", { cmd: ["cat", "/data/f"], mounts: [mount] });
    const mounts = (await rt.inspectContainer(reader)).mounts;
    expect(mounts).toEqual([expect.objectContaining({ type: "volume", name: vol, destination: "/data", readOnly: false })]);
    await rt.startContainer(reader);
    expect(await rt.waitContainer(reader)).toBe(0);
    expect((await collectAll(rt.logs(reader))).map((l) => l.text)).toEqual(["persisted"]);
    await expectRuntimeError(rt.removeVolume(vol), "conflict");
    await rt.removeContainer(reader);
    await rt.removeVolume(vol);
    expect(await rt.listVolumes({ names: [vol] })).toEqual([]);
    await expectRuntimeError(rt.inspectVolume(vol), "not-found");
  });

  it("removes anonymous volumes with their container when asked", async () => {
    const rt = ctx.runtime();
    const id = await ctx.container("anon", { mounts: [{ type: "volume", target: "/scratch" }] });
    const name = (await rt.inspectContainer(id)).mounts[0]?.name ?? "";
    expect(name).toMatch(/^[0-9a-f]{64}$/);
    expect((await rt.inspectVolume(name)).name).toBe(name);
    await rt.removeContainer(id, { volumes: true });
    await expectRuntimeError(rt.inspectVolume(name), "not-found");
  });

  it("inspects, tags and removes images, and fails to pull from an unreachable registry", async () => {
    const rt = ctx.runtime();
    const image = await rt.inspectImage(ctx.image);
    expect(image?.id).toMatch(/^sha256:/);
    expect(image?.repoTags).toContain(ctx.image);
    expect((await rt.listImages({ reference: ctx.image })).map((i) => i.id)).toContain(image?.id);
    await rt.tagImage(ctx.image, ctx.project, "tagged");
    expect((await rt.inspectImage(`${ctx.project}:tagged`))?.id).toBe(image?.id);
    await rt.removeImage(`${ctx.project}:tagged`);
    expect(await rt.inspectImage(`${ctx.project}:tagged`)).toBeUndefined();
    expect(await rt.inspectImage(ctx.image)).toBeDefined();
    await expectRuntimeError(rt.pullImage(`localhost:1/${ctx.project}:latest`));
  });

  it("fails to push to a registry that cannot be reached, and refuses to push an image it does not have", async () => {
    const rt = ctx.runtime();
    // Nothing listens on localhost:5999, so the push stays on loopback.
    const repo = `localhost:5999/${ctx.project}`;
    await rt.tagImage(ctx.image, repo, "push");
    try {
      const error = await expectRuntimeError(rt.pushImage(`${repo}:push`), "other");
      expect(error.message).toContain("localhost:5999");
    } finally {
      await rt.removeImage(`${repo}:push`);
    }
    await expectRuntimeError(rt.pushImage(`${repo}:missing`), "not-found");
  });
}
