import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { acquireWatchLock, liveWatchLock, pidAlive, readWatchLock, watchLockPath, watchLogPath, watchStateDir, type WatchLockInfo } from "./watch-lock.js";

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), "tsc-watch-lock-"));
  dirs.push(d);
  return d;
}
const info = (pid: number): WatchLockInfo => ({ pid, startedAt: "2026-11-23T17:00:00.000Z", cwd: "/src", project: "demo" });

describe("watch lock", () => {
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it("lives under XDG_RUNTIME_DIR, else the temp directory, one file per project", () => {
    expect(watchStateDir({ XDG_RUNTIME_DIR: "/run/user/1000" })).toBe("/run/user/1000/tscompose");
    expect(watchStateDir({})).toBe(path.join(os.tmpdir(), "tscompose"));
    expect(watchLockPath("/d", "my-app")).toBe("/d/watch-my-app.lock");
    expect(watchLogPath("/d", "my-app")).toBe("/d/watch-my-app.log");
  });

  it("is taken once: a second taker is told who holds it, and can take it after release", () => {
    const file = path.join(tempDir(), "sub", "watch-demo.lock");
    const first = acquireWatchLock(file, info(100), () => true);
    if (!("held" in first)) throw new Error("first take refused");
    const second = acquireWatchLock(file, info(200), () => true);
    expect("holder" in second && second.holder).toEqual(info(100));
    first.held.release();
    expect(existsSync(file)).toBe(false);
    const third = acquireWatchLock(file, info(200), () => true);
    expect("held" in third).toBe(true);
    expect(readWatchLock(file)?.pid).toBe(200);
    // No temporary files are left beside the lock.
    expect(readdirSync(path.dirname(file))).toEqual(["watch-demo.lock"]);
  });

  it("takes over a stale lock (dead pid) and an unreadable one", () => {
    const dir = tempDir();
    const file = path.join(dir, "watch-demo.lock");
    writeFileSync(file, JSON.stringify(info(100)));
    const alive = (pid: number) => pid !== 100;
    expect(liveWatchLock(file, alive)).toBeUndefined();
    const r = acquireWatchLock(file, info(200), alive);
    expect("held" in r).toBe(true);
    expect(readWatchLock(file)?.pid).toBe(200);

    writeFileSync(file, "{torn");
    expect("held" in acquireWatchLock(file, info(300), () => true)).toBe(true);
    expect(readWatchLock(file)?.pid).toBe(300);
  });

  it("release leaves a lock that another process has taken since", () => {
    const file = path.join(tempDir(), "watch-demo.lock");
    const mine = acquireWatchLock(file, info(100), () => true);
    if (!("held" in mine)) throw new Error("refused");
    writeFileSync(file, JSON.stringify(info(999)));
    mine.held.release();
    expect(readWatchLock(file)?.pid).toBe(999);
  });

  it("knows this process is alive and a nonsense pid is not", () => {
    expect(pidAlive(process.pid)).toBe(true);
    expect(pidAlive(0)).toBe(false);
    expect(pidAlive(2 ** 30)).toBe(false);
  });
});
