import { describe, expect, it } from "vitest";
import type { Project } from "../../spec/project.js";
import { buildWatchedImages } from "../commands/lifecycle/watch-run.js";
import { readyLine, readyPattern, withoutDetach } from "./watch-detach.js";
import { checkUpFlags } from "../commands/lifecycle/up-run.js";
import type { UpFlags } from "../commands/lifecycle/up.js";
import { checkWatchFlags } from "../commands/lifecycle/watch-run.js";
import type { WatchFlags } from "../commands/lifecycle/watch.js";
import { watchedPaths, watchedServices } from "./watch-session.js";

const project = {
  name: "app",
  services: {
    web: { build: { context: "/p" }, develop: { watch: [{ path: "/p/site", action: "sync", target: "/www" }, { path: "/p/deps.txt", action: "rebuild" }] } },
    worker: { image: "x", develop: { watch: [{ path: "/p/worker", action: "sync+restart", target: "/app" }, { path: "/p/site", action: "sync", target: "/s" }] } },
    db: { image: "db" },
  },
} as unknown as Project;

describe("watch session helpers", () => {
  it("watches the named services that have rules, else every service with rules; none is a usage error", () => {
    expect(watchedServices(project, [])).toEqual(["web", "worker"]);
    expect(watchedServices(project, ["worker", "db"])).toEqual(["worker"]);
    expect(() => watchedServices(project, ["db"])).toThrow(/none of the selected services is configured for watch/);
  });

  it("lists each watched path once, relative to the project directory", () => {
    expect(watchedPaths(project, ["web", "worker"], "/p")).toEqual(["./site", "./deps.txt", "./worker"]);
    expect(watchedPaths(project, ["web"], "/elsewhere")).toEqual(["/p/site", "/p/deps.txt"]);
  });

  it("builds the watched services that have both build and develop before watching (as Compose)", () => {
    const p = buildWatchedImages(project, ["web", "worker", "db"]);
    expect(p.services["web"]?.pull_policy).toBe("build");
    expect(p.services["worker"]?.pull_policy).toBeUndefined();
    expect(project.services["web"]?.pull_policy).toBeUndefined();
  });

  it("re-runs the same command without --detach, and recognizes its own ready line only", () => {
    expect(withoutDetach(["-p", "x", "watch", "--detach", "--debounce", "20", "web"])).toEqual(["-p", "x", "watch", "--debounce", "20", "web"]);
    expect(withoutDetach(["watch", "-d"])).toEqual(["watch"]);
    const line = readyLine(["./site"], "a.b", 42);
    expect(readyPattern("a.b", 42).test(`17:00:00 ${line}\n`)).toBe(true);
    expect(readyPattern("a.b", 43).test(line)).toBe(false);
    expect(readyPattern("axb", 42).test(line)).toBe(false);
  });

  it("refuses --watch with -d, --wait, --no-start or an abort flag, and --stop with other watch flags (usage, exit 2)", () => {
    const up = (extra: Partial<UpFlags>): UpFlags => ({ deps: true, recreate: true, start: true, logPrefix: true, color: true, watch: true, ...extra });
    for (const bad of [{ detach: true }, { wait: true }, { start: false }, { abortOnContainerExit: true }, { exitCodeFrom: "web" }]) {
      expect(() => checkUpFlags(up(bad)), JSON.stringify(bad)).toThrow(expect.objectContaining({ code: "E_USAGE", kind: "bad-input" }));
    }
    expect(() => checkUpFlags(up({}))).not.toThrow();
    const watch = (extra: Partial<WatchFlags>): WatchFlags => ({ up: true, debounce: 50, ...extra });
    expect(() => checkWatchFlags(watch({ stop: true, detach: true }))).toThrow(/--stop cannot be combined/);
    expect(() => checkWatchFlags(watch({ stop: true }))).not.toThrow();
  });
});
