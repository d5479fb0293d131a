import { describe, expect, it } from "vitest";
import { parseBuildArgs } from "./build-run.js";

describe("parseBuildArgs", () => {
  it("reads KEY=VALUE, takes a bare KEY from the environment and drops it when unset", () => {
    expect(parseBuildArgs(["A=1", "B=x=y", "C=", "HOME_DIR", "MISSING"], { HOME_DIR: "/h" })).toEqual({ A: "1", B: "x=y", C: "", HOME_DIR: "/h" });
  });

  it("refuses an empty key as bad usage", () => {
    expect(() => parseBuildArgs(["=v"], {})).toThrow(expect.objectContaining({ code: "E_USAGE", kind: "bad-input" }));
  });
});
