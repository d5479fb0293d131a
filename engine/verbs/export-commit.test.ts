import { describe, expect, it } from "vitest";
import { unpackTar } from "../oneoff/archive.js";
import { checkCommitChanges, parseRepoTag } from "./commit-options.js";
import { commitService, exportService } from "./export-commit.js";
import { VERBS_FOREVER, VERBS_IMAGE, verbsRig } from "../../test/kits/verbs-kit.js";

const COMPOSE = `
name: shop
services:
  app:
    image: tscompose-busybox:latest
    command: ["sh", "-c", "echo from-$$HOSTNAME > /id.txt; ${VERBS_FOREVER}"]
    scale: 2
  idle:
    image: tscompose-busybox:latest
`;

async function settled(rig: ReturnType<typeof verbsRig>, name: string): Promise<void> {
  for (let i = 0; i < 100 && (await rig.runtime.exec(name, { cmd: ["test", "-f", "/id.txt"] })).exitCode !== 0; i++) await new Promise((r) => setTimeout(r, 10));
}

describe("export", () => {
  it("tars the lowest-numbered running container (or --index), files included", async () => {
    const rig = verbsRig(COMPOSE);
    await rig.up({ services: ["app"] });
    for (const n of [1, 2]) await settled(rig, `shop-app-${n}`);
    for (const [index, name] of [[undefined, "shop-app-1"], [2, "shop-app-2"]] as const) {
      const { container, tar } = await exportService(rig.runtime, { projectName: "shop", service: "app", ...(index ? { index } : {}) });
      expect(container.name).toBe(name);
      const file = (await unpackTar(tar)).find((e) => e.name === "id.txt");
      const host = (await rig.runtime.inspectContainer(name)).config.hostname;
      expect(Buffer.from(file?.content ?? []).toString()).toBe(`from-${host}\n`);
    }
  });

  it("fails as exec does when there is no running container, or none with that index, and never reads outside the project", async () => {
    const rig = verbsRig(COMPOSE);
    await rig.up({ services: ["app"] });
    await expect(exportService(rig.runtime, { projectName: "shop", service: "app", index: 3 })).rejects.toMatchObject({
      code: "E_NO_CONTAINER",
      message: 'service "app" has no running container with index 3',
    });
    await expect(exportService(rig.runtime, { projectName: "shop", service: "idle" })).rejects.toMatchObject({ code: "E_NO_CONTAINER", message: 'service "idle" is not running' });
    // A container of another project with the same service label is not this project's.
    const other = await rig.runtime.createContainer({ image: VERBS_IMAGE, cmd: ["sleep", "100"], labels: { "com.docker.compose.project": "other", "com.docker.compose.service": "idle", "com.docker.compose.container-number": "1" } });
    await rig.runtime.startContainer(other);
    await expect(exportService(rig.runtime, { projectName: "shop", service: "idle" })).rejects.toMatchObject({ code: "E_NO_CONTAINER" });
  });
});

describe("commit", () => {
  it("makes an image of the container with the changes, which a new container starts from", async () => {
    const rig = verbsRig(COMPOSE);
    await rig.up({ services: ["app"] });
    await settled(rig, "shop-app-2");
    const { container, imageId } = await commitService(rig.runtime, { projectName: "shop", service: "app", index: 2 }, {
      reference: parseRepoTag("snap:2"),
      comment: "msg",
      author: "me",
      changes: checkCommitChanges(["ENV FOO=bar", "cmd cat /id.txt"]),
    });
    expect(container.name).toBe("shop-app-2");
    const image = await rig.runtime.inspectImage("snap:2");
    expect(image?.id).toBe(imageId);
    expect(image?.config).toMatchObject({ cmd: ["/bin/sh", "-c", "cat /id.txt"], env: expect.arrayContaining(["FOO=bar"]) });
    const id = await rig.runtime.createContainer({ image: "snap:2" });
    await rig.runtime.startContainer(id);
    expect(await rig.runtime.waitContainer(id)).toBe(0);
    const lines: string[] = [];
    for await (const l of rig.runtime.logs(id)) lines.push(l.text);
    expect(lines).toEqual([`from-${(await rig.runtime.inspectContainer("shop-app-2")).config.hostname}`]);
    expect(rig.runtime.eventLog().some((e) => e.action === "commit" && e.id === container.id)).toBe(true);
  });

  it("with dryRun finds the container and commits nothing; without a reference the image is untagged", async () => {
    const rig = verbsRig(COMPOSE);
    await rig.up({ services: ["app"] });
    const before = (await rig.runtime.listImages()).length;
    expect((await commitService(rig.runtime, { projectName: "shop", service: "app" }, { dryRun: true })).imageId).toBeUndefined();
    expect(await rig.runtime.listImages()).toHaveLength(before);
    const { imageId } = await commitService(rig.runtime, { projectName: "shop", service: "app" }, { pause: false });
    expect((await rig.runtime.inspectImage(imageId ?? ""))?.repoTags).toEqual([]);
  });
});

describe("commit's arguments", () => {
  it("splits REPOSITORY[:TAG] with registry ports, and refuses what Docker's reference parser refuses", () => {
    expect(parseRepoTag("app")).toEqual({ repo: "app" });
    expect(parseRepoTag("app:1.2-rc")).toEqual({ repo: "app", tag: "1.2-rc" });
    expect(parseRepoTag("localhost:5000/team/app")).toEqual({ repo: "localhost:5000/team/app" });
    expect(parseRepoTag("registry.example.com:443/a__b/c-d:x_y")).toEqual({ repo: "registry.example.com:443/a__b/c-d", tag: "x_y" });
    expect(() => parseRepoTag("MyApp")).toThrow(/must be lowercase/);
    expect(() => parseRepoTag("app:")).toThrow(/"" is not a valid tag/);
    expect(() => parseRepoTag("app:-x")).toThrow(/not a valid tag/);
    expect(() => parseRepoTag("app@sha256:abc")).toThrow(/digest/);
    expect(() => parseRepoTag("a//b")).toThrow(/not a valid repository name component/);
    expect(() => parseRepoTag(":tag")).toThrow(/empty/);
    const error = (() => {
      try {
        parseRepoTag("Bad");
      } catch (e) {
        return e;
      }
    })();
    expect(error).toMatchObject({ code: "E_USAGE", kind: "bad-input" });
  });

  it("accepts the instructions commit applies, each with an argument", () => {
    expect(checkCommitChanges([" ENV FOO=bar ", 'cmd ["sh"]', "EXPOSE 80", "VOLUME /data"])).toEqual(["ENV FOO=bar", 'cmd ["sh"]', "EXPOSE 80", "VOLUME /data"]);
    expect(() => checkCommitChanges(["RUN make"])).toThrow('--change "RUN make": RUN is not an instruction commit can apply');
    expect(() => checkCommitChanges(["ENV"])).toThrow("ENV requires at least one argument");
    expect(() => checkCommitChanges([""])).toThrow("an empty instruction");
  });
});
