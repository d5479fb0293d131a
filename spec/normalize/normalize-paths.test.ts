import { describe, expect, it } from "vitest";
import { resolveHostPath } from "./normalize-paths.js";

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
