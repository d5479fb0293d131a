import { describe, expect, it } from "vitest";
import type { Project, ServiceConfig, WatchRule } from "../spec/project.js";
import { ruleFilter } from "./ignore.js";
import { mergeActions, planBatch, usableRules, type CompiledRule, type ServiceActions } from "./rules.js";

function compiled(service: string, rules: WatchRule[]): CompiledRule[] {
  return rules.map((rule, index) => ({ service, index, rule, filter: ruleFilter(rule) }));
}

function project(services: Record<string, ServiceConfig>): Project {
  return { name: "p", services, networks: {}, volumes: {}, secrets: {}, configs: {} };
}

describe("planBatch", () => {
  const web = compiled("web", [
    { path: "/p", action: "rebuild", ignore: ["node_modules"] },
    { path: "/p/src", action: "sync", target: "/app/src", ignore: ["*.test.js"] },
    { path: "/p/conf", action: "sync+restart", target: "/etc/app" },
  ]);

  it("maps changed files to container paths under the most specific rule", () => {
    const out = planBatch([{ kind: "change", path: "/p/src/a.js" }, { kind: "add", path: "/p/src/lib/b.js" }], web);
    expect(out).toEqual([{ service: "web", rebuild: false, restart: false, writes: [{ hostPath: "/p/src/a.js", containerPath: "/app/src/a.js", target: "/app/src" }, { hostPath: "/p/src/lib/b.js", containerPath: "/app/src/lib/b.js", target: "/app/src" }], deletes: [], execs: [] }]);
  });

  it("a file that the specific rule ignores falls back to the broader rule; rebuild absorbs the rest", () => {
    const out = planBatch([{ kind: "change", path: "/p/src/a.js" }, { kind: "change", path: "/p/src/a.test.js" }], web);
    expect(out).toEqual([{ service: "web", rebuild: true, restart: false, writes: [], deletes: [], execs: [] }]);
  });

  it("ignored everywhere means nothing to do", () => {
    expect(planBatch([{ kind: "change", path: "/p/node_modules/x/i.js" }, { kind: "change", path: "/p/src/.git/HEAD" }], web)).toEqual([]);
  });

  it("deletions become container paths, folded under deleted directories; sync+restart restarts", () => {
    const out = planBatch(
      [
        { kind: "unlink", path: "/p/conf/d/a" },
        { kind: "unlinkDir", path: "/p/conf/d" },
        { kind: "unlink", path: "/p/conf/z" },
        { kind: "addDir", path: "/p/conf/new" },
      ],
      web,
    );
    expect(out).toEqual([{ service: "web", rebuild: false, restart: true, writes: [{ hostPath: "/p/conf/new", containerPath: "/etc/app/new", target: "/etc/app" }], deletes: ["/etc/app/d", "/etc/app/z"], execs: [] }]);
  });

  it("restart and sync+exec (one exec per rule per batch), per service", () => {
    const hook = { command: ["kill", "-HUP", "1"] };
    const rules = [...compiled("api", [{ path: "/p/api", action: "restart" }]), ...compiled("worker", [{ path: "/p/api", action: "sync+exec", target: "/w", exec: hook }])];
    const out = planBatch([{ kind: "change", path: "/p/api/a" }, { kind: "change", path: "/p/api/b" }], rules);
    expect(out.map((a) => [a.service, a.restart, a.writes.length, a.execs])).toEqual([
      ["api", true, 0, []],
      ["worker", false, 2, [hook]],
    ]);
  });

  it("include keeps only matching files", () => {
    const rules = compiled("web", [{ path: "/p/src", action: "sync", target: "/s", include: ["*.js"] }]);
    expect(planBatch([{ kind: "change", path: "/p/src/a.css" }], rules)).toEqual([]);
    expect(planBatch([{ kind: "change", path: "/p/src/a.js" }], rules)[0]?.writes).toEqual([{ hostPath: "/p/src/a.js", containerPath: "/s/a.js", target: "/s" }]);
  });
});

describe("mergeActions", () => {
  const base: ServiceActions = { service: "web", rebuild: false, restart: false, writes: [], deletes: [], execs: [] };
  it("the last word on a path wins", () => {
    const a = { ...base, writes: [{ hostPath: "/h/a", containerPath: "/c/a", target: "/c" }, { hostPath: "/h/d/x", containerPath: "/c/d/x", target: "/c" }], deletes: ["/c/b"] };
    const b = { ...base, writes: [{ hostPath: "/h/b", containerPath: "/c/b", target: "/c" }], deletes: ["/c/d"], restart: true };
    expect(mergeActions(a, b)).toEqual({ ...base, restart: true, writes: [{ hostPath: "/h/a", containerPath: "/c/a", target: "/c" }, { hostPath: "/h/b", containerPath: "/c/b", target: "/c" }], deletes: ["/c/d"] });
  });
  it("a rebuild absorbs everything", () => {
    expect(mergeActions({ ...base, rebuild: true }, { ...base, deletes: ["/x"] })).toEqual({ ...base, rebuild: true });
  });
});

describe("usableRules", () => {
  it("skips bind-mounted sync paths, targetless syncs and rebuilds without build, with warnings", () => {
    const p = project({
      web: {
        volumes: [{ type: "bind", source: "/p/src", target: "/app/src" }],
        develop: {
          watch: [
            { path: "/p/src/lib", action: "sync", target: "/app/src/lib" },
            { path: "/p/src", action: "restart" },
            { path: "/p/x", action: "sync" },
            { path: "/p/Dockerfile", action: "rebuild" },
          ],
        },
      },
      db: {},
    });
    const { rules, warnings } = usableRules(p, ["web", "db"]);
    expect(rules).toEqual([{ service: "web", index: 1, rule: { path: "/p/src", action: "restart" } }]);
    expect(warnings.map((w) => w.message)).toEqual([
      "path /p/src/lib is also bind-mounted at /app/src, so it is not watched",
      "the sync rule for /p/x has no target, so it is not watched",
      "the rebuild rule for /p/Dockerfile needs a build section, so it is not watched",
    ]);
  });
});
