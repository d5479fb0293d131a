import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createChokidarWatcher, MemoryWatcher, type FileEvent } from "./file-watcher.js";

async function waitFor(events: FileEvent[], pred: (e: FileEvent) => boolean): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (events.some(pred)) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`no such event; got ${JSON.stringify(events)}`);
}

describe("createChokidarWatcher", () => {
  it("reports changes, never enters an ignored directory, and reports symlinks without following them", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "tsc-fw-"));
    await mkdir(path.join(dir, "node_modules/pkg"), { recursive: true });
    await writeFile(path.join(dir, "node_modules/pkg/index.js"), "");
    await writeFile(path.join(dir, "existing.txt"), "x");
    const asked: string[] = [];
    const ignored = (p: string) => {
      asked.push(p);
      return path.basename(p) === "node_modules";
    };
    const w = await createChokidarWatcher([dir], ignored);
    const events: FileEvent[] = [];
    w.subscribe({ event: (e) => events.push(e) });
    await w.ready;
    await writeFile(path.join(dir, "new.txt"), "n");
    await waitFor(events, (e) => e.kind === "add" && e.path === path.join(dir, "new.txt"));
    await writeFile(path.join(dir, "existing.txt"), "changed");
    await waitFor(events, (e) => e.kind === "change" && e.path === path.join(dir, "existing.txt"));
    await symlink("/etc", path.join(dir, "etc-link"));
    await waitFor(events, (e) => e.path === path.join(dir, "etc-link"));
    await writeFile(path.join(dir, "node_modules/pkg/other.js"), "");
    await rm(path.join(dir, "new.txt"));
    await waitFor(events, (e) => e.kind === "unlink" && e.path === path.join(dir, "new.txt"));
    await w.close();
    expect(asked.some((p) => p.includes(`node_modules${path.sep}`))).toBe(false);
    expect(events.some((e) => e.path.includes("node_modules") || e.path.startsWith(path.join(dir, "etc-link") + path.sep))).toBe(false);
    expect(events.some((e) => e.path === path.join(dir, "existing.txt") && e.kind === "add")).toBe(false);
  });
});

describe("MemoryWatcher", () => {
  it("delivers events unless ignored or closed", async () => {
    const w = new MemoryWatcher(["/p"], (p) => p.endsWith(".tmp"));
    const got: FileEvent[] = [];
    const off = w.subscribe({ event: (e) => got.push(e) });
    expect(w.emit("add", "/p/a")).toBe(true);
    expect(w.emit("add", "/p/a.tmp")).toBe(false);
    off();
    w.emit("change", "/p/a");
    w.subscribe({ event: (e) => got.push(e) });
    await w.close();
    expect(w.emit("change", "/p/a")).toBe(false);
    expect(got).toEqual([{ kind: "add", path: "/p/a" }]);
  });
});
