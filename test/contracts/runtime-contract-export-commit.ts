import { expect, it } from "vitest";
import { unpackTar, type TarEntry } from "../../engine/oneoff/archive.js";
import { LOOP, collectAll, expectRuntimeError, type ContractContext } from "./runtime-contract-helpers.js";

const text = (e: TarEntry | undefined) => (e?.content ? Buffer.from(e.content).toString("utf8") : undefined);

/** The contract of `exportContainer` and `commitContainer` (`docker export`, `docker commit`). */
export function exportCommitContract(ctx: ContractContext): void {
  it("exports a container's root filesystem as a tar, without the contents of its volumes", async () => {
    const rt = ctx.runtime();
    const id = await ctx.container("export", { cmd: LOOP, mounts: [{ type: "volume", target: "/vol" }] });
    await rt.startContainer(id);
    const wrote = await rt.exec(id, { cmd: ["sh", "-c", "echo hello > /data.txt; mkdir -p /srv/sub; echo deep > /srv/sub/f; echo inside > /vol/v.txt"] });
    expect(wrote.exitCode).toBe(0);
    const entries = new Map((await unpackTar(rt.exportContainer(id))).map((e) => [e.name, e]));
    expect(text(entries.get("data.txt"))).toBe("hello\n");
    expect(text(entries.get("srv/sub/f"))).toBe("deep\n");
    expect(entries.get("srv/sub/")?.type).toBe("directory");
    expect(entries.get("vol/")?.type).toBe("directory");
    expect(entries.has("vol/v.txt")).toBe(false);
    await expectRuntimeError(collectAll(rt.exportContainer(ctx.name("no-such-container"))), "not-found");
  });

  it("commits a container's files and config, with changes applied, as a tagged image", async () => {
    const rt = ctx.runtime();
    const id = await ctx.container("commit", { cmd: LOOP, env: { FROM_CONTAINER: "1" } });
    await rt.startContainer(id);
    expect((await rt.exec(id, { cmd: ["sh", "-c", "echo committed > /data.txt"] })).exitCode).toBe(0);
    const ref = `${ctx.project}:commit`;
    const changes = ["ENV FOO=bar", 'CMD ["cat", "/data.txt"]', "LABEL tsc.commit=yes"];
    const imageId = await rt.commitContainer(id, { repo: ctx.project, tag: "commit", comment: "a message", author: "me", changes });
    expect(imageId).toMatch(/^sha256:[0-9a-f]{64}$/);
    const image = await rt.inspectImage(ref);
    expect(image).toMatchObject({ id: imageId, repoTags: [ref], labels: { ...ctx.labels, "tsc.commit": "yes" } });
    expect(image?.config.env).toEqual(expect.arrayContaining(["FOO=bar", "FROM_CONTAINER=1"]));
    expect(image?.config.cmd).toEqual(["cat", "/data.txt"]);
    // Paused for the commit (the default), running again afterwards.
    expect((await rt.inspectContainer(id)).state).toMatchObject({ status: "running", paused: false });
    const from = await rt.createContainer({ image: ref, name: ctx.name("from-commit"), labels: ctx.labels });
    await rt.startContainer(from);
    expect(await rt.waitContainer(from)).toBe(0);
    expect((await collectAll(rt.logs(from))).map((l) => l.text)).toEqual(["committed"]);
    await rt.removeContainer(from, { force: true });
  });

  it("commits an untagged image without pausing; refuses an instruction commit does not take and an unknown container", async () => {
    const rt = ctx.runtime();
    const id = await ctx.container("commit-bare", { cmd: LOOP });
    await rt.startContainer(id);
    const bare = await rt.commitContainer(id, { pause: false });
    expect((await rt.inspectImage(bare))?.repoTags).toEqual([]);
    await rt.removeImage(bare);
    const refused = await expectRuntimeError(rt.commitContainer(id, { changes: ["RUN echo hi"] }), "other");
    // The engine words it ("run is not…" on 20.10, "RUN is not…" on 28): assert the rejected instruction is named, not the spelling.
    expect(refused.message).toMatch(/\bRUN\b.*not a valid change command/i);
    await expectRuntimeError(rt.commitContainer(ctx.name("no-such-container")), "not-found");
  });
}
