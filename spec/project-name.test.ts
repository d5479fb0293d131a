import { describe, expect, it } from "vitest";
import { normalizeProjectName, resolveProjectName } from "./project-name.js";

describe("project name", () => {
  it("follows -p > COMPOSE_PROJECT_NAME > name: > directory", () => {
    expect(resolveProjectName({ flag: "a", env: "b", file: "c", projectDir: "/x/d" })).toEqual({ name: "a", source: "flag" });
    expect(resolveProjectName({ env: "b", file: "c", projectDir: "/x/d" }).name).toBe("b");
    expect(resolveProjectName({ file: "c", projectDir: "/x/d" }).name).toBe("c");
    expect(resolveProjectName({ projectDir: "/x/My.App_1" })).toEqual({ name: "myapp_1", source: "directory" });
  });

  it("normalizes like Compose", () => {
    expect(normalizeProjectName("-_Hello World.2")).toBe("helloworld2");
  });

  it("rejects an explicit name that is not normalized and suggests one", () => {
    expect(() => resolveProjectName({ flag: "My App", projectDir: "/x" })).toThrowError(
      /invalid project name "My App" from -p\/--project-name: it must consist only of lowercase/,
    );
  });

  it("fails when the directory gives nothing usable", () => {
    expect(() => resolveProjectName({ projectDir: "/___" })).toThrowError(/cannot derive a project name/);
  });
});
