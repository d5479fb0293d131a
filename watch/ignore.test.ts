import { mkdtemp, mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { WatchRule } from "../spec/project.js";
import { isEditorTemp, loadRuleFilter, ruleFilter } from "./ignore.js";

const rule = (over: Partial<WatchRule> = {}): WatchRule => ({ path: "/p/app", action: "sync", target: "/app", ...over });

describe("ruleFilter", () => {
  it("counts paths under the rule path only", () => {
    const f = ruleFilter(rule());
    expect(f.excludes("/p/app/src/a.js")).toBe(false);
    expect(f.excludes("/p/app")).toBe(false);
    expect(f.excludes("/p/apple/a.js")).toBe(true);
    expect(f.excludes("/p/other.js")).toBe(true);
  });

  it("ignores .git anywhere and editor temporary files by default, and prunes .git", () => {
    const f = ruleFilter(rule());
    for (const p of ["/p/app/.git/HEAD", "/p/app/sub/.git/config", "/p/app/a.js~", "/p/app/.a.js.swp", "/p/app/a.swx", "/p/app/4913", "/p/app/.#a.js", "/p/app/#a.js#", "/p/app/x.tmp", "/p/app/.DS_Store", "/p/app/a.js___jb_tmp___", "/p/app/a.js___jb_old___"]) {
      expect(f.excludes(p), p).toBe(true);
    }
    expect(f.prunes("/p/app/.git")).toBe(true);
    expect(f.prunes("/p/app/src")).toBe(false);
    expect(f.excludes("/p/app/.gitignore")).toBe(false);
    expect(isEditorTemp("main.go")).toBe(false);
  });

  it("applies the rule's ignore relative to the rule path, pruning ignored directories", () => {
    const f = ruleFilter(rule({ ignore: ["node_modules", "*.log", "build/**/*.o"] }));
    expect(f.excludes("/p/app/node_modules/x/index.js")).toBe(true);
    expect(f.prunes("/p/app/node_modules")).toBe(true);
    expect(f.excludes("/p/app/debug.log")).toBe(true);
    expect(f.excludes("/p/app/sub/debug.log")).toBe(false);
    expect(f.excludes("/p/app/build/a/b.o")).toBe(true);
    expect(f.excludes("/p/app/src/index.js")).toBe(false);
  });

  it("applies the context's .dockerignore relative to the context", () => {
    const f = ruleFilter(rule({ path: "/p/app/src" }), { contextDir: "/p/app", dockerignore: ["src/generated", "**/*.bak"] });
    expect(f.excludes("/p/app/src/generated/x.ts")).toBe(true);
    expect(f.prunes("/p/app/src/generated")).toBe(true);
    expect(f.excludes("/p/app/src/deep/x.bak")).toBe(true);
    expect(f.excludes("/p/app/src/main.ts")).toBe(false);
  });

  it("does not prune under a dockerignore with exceptions (whitelist style)", () => {
    const f = ruleFilter(rule({ path: "/p/app" }), { contextDir: "/p/app", dockerignore: ["*", "!src"] });
    expect(f.excludes("/p/app/src/a.js")).toBe(false);
    expect(f.excludes("/p/app/secret.txt")).toBe(true);
    expect(f.prunes("/p/app/docs")).toBe(false);
  });

  it("include keeps only matching files; directories still count", () => {
    const f = ruleFilter(rule({ include: ["*.js", "lib"] }));
    expect(f.excludes("/p/app/a.js")).toBe(false);
    expect(f.excludes("/p/app/a.css")).toBe(true);
    expect(f.excludes("/p/app/lib/deep/x.css")).toBe(false);
    expect(f.excludes("/p/app/sub", true)).toBe(false);
    expect(f.prunes("/p/app/sub")).toBe(false);
  });
});

describe("loadRuleFilter", () => {
  it("prefers <Dockerfile>.dockerignore over .dockerignore", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "tsc-ignore-"));
    await mkdir(path.join(dir, "src"));
    await writeFile(path.join(dir, ".dockerignore"), "src/a.txt\n");
    await writeFile(path.join(dir, "Dev.Dockerfile.dockerignore"), "# comment\nsrc/b.txt\n");
    const r = rule({ path: path.join(dir, "src") });
    const special = await loadRuleFilter(r, { context: dir, dockerfile: "Dev.Dockerfile" });
    expect(special.excludes(path.join(dir, "src/b.txt"))).toBe(true);
    expect(special.excludes(path.join(dir, "src/a.txt"))).toBe(false);
    const plain = await loadRuleFilter(r, { context: dir });
    expect(plain.excludes(path.join(dir, "src/a.txt"))).toBe(true);
    const none = await loadRuleFilter(r, undefined);
    expect(none.excludes(path.join(dir, "src/a.txt"))).toBe(false);
  });
});

describe("loadRuleFilter skips", () => {
  it("never syncs the compose files or the Dockerfile, but a rebuild rule still sees them", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "tsc-ignore-"));
    const compose = path.join(dir, "compose.yaml");
    const sync = await loadRuleFilter(rule({ path: dir }), { context: dir }, [compose]);
    expect(sync.excludes(compose)).toBe(true);
    expect(sync.excludes(path.join(dir, "Dockerfile"))).toBe(true);
    expect(sync.excludes(path.join(dir, "main.go"))).toBe(false);
    const rebuild = await loadRuleFilter(rule({ path: dir, action: "rebuild" }), { context: dir }, [compose]);
    expect(rebuild.excludes(path.join(dir, "Dockerfile"))).toBe(false);
  });
});
