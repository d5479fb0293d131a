import { describe, expect, it } from "vitest";
import { packTar } from "../engine/oneoff/archive.js";
import { MemoryRuntime } from "../engine/memory/memory-runtime.js";
import { containerOwner, needsAccountFiles, resolveOwner } from "./container-user.js";

const passwd = "root:x:0:0:root:/root:/bin/sh\n# comment\nnode:x:1000:1001::/home/node:/bin/sh\n";
const group = "root:x:0:\nstaff:x:50:\n";

describe("resolveOwner", () => {
  it("reads numbers directly and names from the account files", () => {
    expect(resolveOwner("")).toEqual({ uid: 0, gid: 0 });
    expect(resolveOwner("1000:1000")).toEqual({ uid: 1000, gid: 1000 });
    expect(resolveOwner("1000", { passwd })).toEqual({ uid: 1000, gid: 1001 });
    expect(resolveOwner("1234", { passwd })).toEqual({ uid: 1234, gid: 0 });
    expect(resolveOwner("node", { passwd })).toEqual({ uid: 1000, gid: 1001 });
    expect(resolveOwner("node:staff", { passwd, group })).toEqual({ uid: 1000, gid: 50 });
    expect(resolveOwner("node:7", { passwd })).toEqual({ uid: 1000, gid: 7 });
    expect(resolveOwner("ghost", { passwd })).toEqual({ uid: 0, gid: 0 });
  });
  it("needs account files only for names or a missing group", () => {
    expect(needsAccountFiles("1000:1000")).toBe(false);
    expect(needsAccountFiles("1000")).toBe(true);
    expect(needsAccountFiles("node:1")).toBe(true);
  });
});

describe("containerOwner", () => {
  it("resolves a named user through the container's /etc/passwd", async () => {
    const rt = new MemoryRuntime({ images: [{ ref: "img:latest", cmd: ["sh", "-c", "sleep 1000"] }] });
    const id = await rt.createContainer({ name: "c1", image: "img:latest", user: "node", labels: {} });
    await rt.startContainer(id);
    await rt.putArchive(id, "/", await packTar([{ name: "etc/", type: "directory" }, { name: "etc/passwd", type: "file", content: Buffer.from(passwd) }]));
    expect(await containerOwner(rt, id)).toEqual({ uid: 1000, gid: 1001 });
  });
});
