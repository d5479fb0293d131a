import { describe, expect, it } from "vitest";
import { unpackTar } from "../oneoff/archive.js";
import { MemoryRuntime } from "./memory-runtime.js";
import type { ContainerSpec } from "../runtime/runtime-container-spec.js";

const IMAGE = "busybox:latest";

async function fileAt(rt: MemoryRuntime, id: string, path: string) {
  const { stat, tar } = await rt.getArchive(id, path);
  const chunks: Uint8Array[] = [];
  for await (const c of tar) chunks.push(c);
  const [entry] = await unpackTar(Buffer.concat(chunks));
  return { mode: stat.mode & 0o7777, uid: entry?.uid, gid: entry?.gid, text: Buffer.from(entry?.content ?? []).toString() };
}

describe("memory runtime: files", () => {
  const files: ContainerSpec["files"] = [
    { path: "/run/secrets/token", content: "secret", mode: 0o444 },
    { path: "/etc/app/env.conf", content: "cfg", mode: 0o600, uid: 123, gid: 456 },
  ];

  it("writes the spec's files at create, parents made, with their mode and owner", async () => {
    const rt = new MemoryRuntime({ images: [{ ref: IMAGE }] });
    const id = await rt.createContainer({ image: IMAGE, name: "p-app-1", files });
    expect(await fileAt(rt, id, "/run/secrets/token")).toEqual({ mode: 0o444, uid: 0, gid: 0, text: "secret" });
    expect(await fileAt(rt, id, "/etc/app/env.conf")).toEqual({ mode: 0o600, uid: 123, gid: 456, text: "cfg" });
    expect((await rt.getArchive(id, "/run/secrets")).stat.mode & 0o7777).toBe(0o755);
  });

  it("gives owned files to the container's user, as the engine's copyUIDGID does", async () => {
    const rt = new MemoryRuntime({ images: [{ ref: IMAGE }] });
    const id = await rt.createContainer({ image: IMAGE, name: "p-app-1", user: "1000:1000", files });
    expect(await fileAt(rt, id, "/etc/app/env.conf")).toMatchObject({ uid: 1000, gid: 1000 });
    expect(await fileAt(rt, id, "/run/secrets/token")).toMatchObject({ uid: 0, gid: 0 });
  });

  it("refuses them on a read-only root filesystem and creates nothing", async () => {
    const rt = new MemoryRuntime({ images: [{ ref: IMAGE }] });
    await expect(rt.createContainer({ image: IMAGE, name: "p-app-1", readOnlyRootfs: true, files })).rejects.toThrow(/Read-only file system/);
    expect(await rt.listContainers({ all: true })).toEqual([]);
  });
});
