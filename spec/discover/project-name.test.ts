import { describe, expect, it } from "vitest";
import { ProjectError } from "../errors.js";
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

  it("points an invalid top-level name: at where it was written", () => {
    const location = { file: "/x/compose.yaml", line: 1, column: 7 };
    try {
      resolveProjectName({ file: "MyShop", fileLocation: location, projectDir: "/x" });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ProjectError);
      const err = e as ProjectError;
      expect(err.describe("/x")).toMatch(/^compose\.yaml:1:7 name: invalid project name "MyShop": it must consist only of lowercase/);
      expect(err.hint).toBe('Use "myshop" instead.');
    }
    // The location belongs to the file's name only; -p is reported without it.
    expect(() => resolveProjectName({ flag: "Bad", file: "ok", fileLocation: location, projectDir: "/x" })).toThrowError(
      /^invalid project name "Bad" from -p\/--project-name/,
    );
    expect(resolveProjectName({ flag: "good", file: "Bad", fileLocation: location, projectDir: "/x" }).name).toBe("good");
  });

  it("fails when the directory gives nothing usable", () => {
    expect(() => resolveProjectName({ projectDir: "/___" })).toThrowError(/cannot derive a project name/);
  });
});
