import { describe, expect, it } from "vitest";
import { goJoin, hostFile, rebasePath, resolveHostPath } from "./normalize-paths.js";

const base = { projectDir: "/work/app", homeDir: "/home/me" };

describe("resolveHostPath (compose-go's ExpandUser + absPath)", () => {
  it("keeps an absolute path exactly as written, as Compose 2.40 prints it", () => {
    expect(resolveHostPath("/tmp/", base)).toBe("/tmp/");
    expect(resolveHostPath("/tmp//q/./", base)).toBe("/tmp//q/./");
    expect(resolveHostPath("/", base)).toBe("/");
  });

  it("joins a relative path to the project directory, cleaned", () => {
    expect(resolveHostPath("./y/", base)).toBe("/work/app/y");
    expect(resolveHostPath(".", base)).toBe("/work/app");
    expect(resolveHostPath("../up//x/", base)).toBe("/work/up/x");
  });

  it("expands a leading ~ as filepath.Join(home, rest), cleaned", () => {
    expect(resolveHostPath("~", base)).toBe("/home/me");
    expect(resolveHostPath("~/x/", base)).toBe("/home/me/x");
    expect(resolveHostPath("~//x/./", base)).toBe("/home/me/x");
    expect(resolveHostPath("~foo", base)).toBe("/home/me/foo");
  });
});

describe("the path resolver with resolvePaths: false (config --no-path-resolution)", () => {
  const asWritten = { ...base, resolvePaths: false };

  it("keeps a host path exactly as written, ~ included", () => {
    for (const p of ["./data", "./x//", ".", "../outside", "~/cache", "~", "sub/c.txt", "/abs/"]) expect(resolveHostPath(p, asWritten)).toBe(p);
  });

  it("still reads files at the absolute path", () => {
    expect(hostFile("./a.env", asWritten)).toBe("/work/app/a.env");
    expect(hostFile("sub/x.env", asWritten)).toBe("/work/app/sub/x.env");
    expect(hostFile("~/x.env", asWritten)).toBe("/home/me/x.env");
  });

  it("rebases a path of another directory as Go's path.Join of the relative directory and the path", () => {
    const move = (dir: string, p: string) => rebasePath(p, { dir, from: "/work/app", homeDir: "/home/me", resolvePaths: false });
    expect(move("/work/app/sub", "./incdata")).toBe("sub/incdata");
    expect(move("/work/app/sub", "./app")).toBe("sub/app");
    expect(move("/work/app/sub", "../up")).toBe("up");
    expect(move("/work/app/sub", ".")).toBe("sub");
    expect(move("/work/app/sub", "c.txt")).toBe("sub/c.txt");
    expect(move("/work/app", "./x/")).toBe("x");
    expect(move("/work/app", ".")).toBe(".");
    expect(move("/work/other", "./d")).toBe("../other/d");
    expect(move("/work/app/sub", "/abs/x/")).toBe("/abs/x/");
    expect(move("/work/app/sub", "~/h")).toBe("/home/me/h");
  });

  it("makes the same paths absolute by default, from one code path", () => {
    const move = (dir: string, p: string) => rebasePath(p, { dir, from: "/work/app", homeDir: "/home/me" });
    expect(move("/work/app/sub", "./incdata")).toBe("/work/app/sub/incdata");
    expect(move("/work/app/sub", "../up")).toBe("/work/app/up");
    expect(move("/work/app/sub", "/abs/x/")).toBe("/abs/x/");
    expect(move("/work/app/sub", "~/h")).toBe("/home/me/h");
  });

  it("joins and cleans as Go's path.Join", () => {
    expect(goJoin("sub", "./x/")).toBe("sub/x");
    expect(goJoin("", "./x//")).toBe("x");
    expect(goJoin("a", "../..")).toBe("..");
    expect(goJoin("", "")).toBe("");
    expect(goJoin("/", "x/")).toBe("/x");
  });
});
