import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { withAddedDirContents } from "./expand-dirs.js";
import type { FileEvent } from "./file-watcher.js";

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

describe("withAddedDirContents", () => {
  it("lists what a new directory holds (links not followed, pruned directories not entered), before the batch's own events", async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), "tsc-expand-"));
    dirs.push(root);
    const d = path.join(root, "d");
    await mkdir(path.join(d, "sub"), { recursive: true });
    await mkdir(path.join(d, "node_modules"));
    await writeFile(path.join(d, "a.txt"), "a");
    await writeFile(path.join(d, "sub", "b.txt"), "b");
    await writeFile(path.join(d, "node_modules", "x.js"), "x");
    await symlink("/etc", path.join(d, "link"));
    const batch: FileEvent[] = [{ kind: "addDir", path: d }, { kind: "unlink", path: path.join(d, "a.txt") }];
    const out = await withAddedDirContents(batch, (p) => path.basename(p) === "node_modules");
    const found = out.slice(0, -2).map((e) => `${e.kind} ${path.relative(root, e.path)}`).sort();
    expect(found).toEqual(["add d/a.txt", "add d/link", "add d/sub/b.txt", "addDir d/sub"]);
    expect(out.slice(-2)).toEqual(batch);
  });

  it("returns a batch without new directories as it is", async () => {
    const batch: FileEvent[] = [{ kind: "add", path: "/nowhere/a" }];
    expect(await withAddedDirContents(batch, () => false)).toBe(batch);
  });
});
