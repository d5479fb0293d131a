import { mkdir, mkdtemp, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ruleFilter } from "./ignore.js";
import { initialEntries } from "./initial-sync.js";

describe("initialEntries", () => {
  it("lists what the rule counts, skipping ignored trees and keeping symlinks", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "tsc-initial-"));
    await mkdir(path.join(dir, "src/lib"), { recursive: true });
    await mkdir(path.join(dir, "node_modules/x"), { recursive: true });
    await mkdir(path.join(dir, ".git"));
    await writeFile(path.join(dir, "src/lib/a.js"), "a");
    await writeFile(path.join(dir, "src/a.js.swp"), "");
    await writeFile(path.join(dir, "node_modules/x/i.js"), "");
    await writeFile(path.join(dir, ".git/HEAD"), "");
    await symlink("/outside", path.join(dir, "link"));
    const rule = { path: dir, action: "sync" as const, target: "/app", ignore: ["node_modules"] };
    const entries = await initialEntries(rule, ruleFilter(rule));
    expect(entries.map((e) => e.containerPath)).toEqual(["/app/link", "/app/src", "/app/src/lib", "/app/src/lib/a.js"]);
    const file = { ...rule, path: path.join(dir, "src/lib/a.js"), target: "/app/a.js" };
    expect(await initialEntries(file, ruleFilter(file))).toEqual([{ hostPath: file.path, containerPath: "/app/a.js", target: "/app/a.js" }]);
    expect(await initialEntries({ ...rule, path: path.join(dir, "nope") }, ruleFilter(rule))).toEqual([]);
  });
});
