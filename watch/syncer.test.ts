import { mkdir, mkdtemp, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { unpackTar } from "../engine/oneoff/archive.js";
import { MemoryRuntime } from "../engine/memory/memory-runtime.js";
import { syncToContainers } from "./syncer.js";

async function containerFiles(rt: MemoryRuntime, id: string, dir: string) {
  const { tar } = await rt.getArchive(id, dir);
  return unpackTar(tar);
}

describe("syncToContainers", () => {
  let rt: MemoryRuntime;
  let host: string;
  const ids: string[] = [];

  beforeEach(async () => {
    rt = new MemoryRuntime({ images: [{ ref: "img:latest", cmd: ["sh", "-c", "sleep 1000"] }] });
    host = await mkdtemp(path.join(os.tmpdir(), "tsc-sync-"));
    ids.length = 0;
    for (const name of ["c1", "c2"]) {
      const id = await rt.createContainer({ name, image: "img:latest", user: "1000:1000", labels: {} });
      await rt.startContainer(id);
      ids.push(id);
    }
  });

  it("writes files with mode, owner and implied directories into every container", async () => {
    await mkdir(path.join(host, "src/lib"), { recursive: true });
    await writeFile(path.join(host, "src/lib/a.js"), "hello", { mode: 0o640 });
    await writeFile(path.join(host, "src/b.js"), "bb");
    const r = await syncToContainers(rt, {
      containers: ids,
      deletes: [],
      writes: [
        { hostPath: path.join(host, "src/lib/a.js"), containerPath: "/app/lib/a.js", target: "/app" },
        { hostPath: path.join(host, "src/b.js"), containerPath: "/app/b.js", target: "/app" },
        { hostPath: path.join(host, "src/gone.js"), containerPath: "/app/gone.js", target: "/app" },
      ],
    });
    expect(r).toMatchObject({ files: 2, bytes: 7, deleted: 0 });
    for (const id of ids) {
      const entries = await containerFiles(rt, id, "/app");
      const byName = new Map(entries.map((e) => [e.name, e]));
      expect(Buffer.from(byName.get("app/lib/a.js")!.content!).toString()).toBe("hello");
      expect(byName.get("app/lib/a.js")).toMatchObject({ uid: 1000, gid: 1000, mode: 0o640 });
      expect(byName.get("app/lib/")).toMatchObject({ type: "directory" });
      expect(byName.has("app/gone.js")).toBe(false);
    }
  });

  it("stores a symlink as a link, never following it", async () => {
    await symlink("/etc/hostname", path.join(host, "link"));
    await syncToContainers(rt, { containers: [ids[0]!], deletes: [], writes: [{ hostPath: path.join(host, "link"), containerPath: "/app/link", target: "/app" }] });
    const entries = await containerFiles(rt, ids[0]!, "/app");
    expect(entries.find((e) => e.name === "app/link")).toMatchObject({ type: "symlink", linkTarget: "/etc/hostname" });
  });

  it("removes deleted paths with rm -rf in every container", async () => {
    await writeFile(path.join(host, "x"), "x");
    await syncToContainers(rt, { containers: ids, deletes: [], writes: [{ hostPath: path.join(host, "x"), containerPath: "/app/x", target: "/app" }] });
    const r = await syncToContainers(rt, { containers: ids, deletes: ["/app/x"], writes: [] });
    expect(r).toMatchObject({ files: 0, deleted: 1 });
    for (const id of ids) expect((await rt.exec(id, { cmd: ["sh", "-c", "test -f /app/x && echo yes || echo no"] })).stdout).toBe("no\n");
  });

  it("fails when a container is gone, after trying the others", async () => {
    await writeFile(path.join(host, "y"), "y");
    await rt.removeContainer(ids[1]!, { force: true });
    await expect(syncToContainers(rt, { containers: ids, deletes: [], writes: [{ hostPath: path.join(host, "y"), containerPath: "/app/y", target: "/app" }] })).rejects.toThrow();
    expect((await containerFiles(rt, ids[0]!, "/app/y")).length).toBe(1);
  });
});
