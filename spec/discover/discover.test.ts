import { describe, expect, it } from "vitest";
import { discoverFiles } from "./discover.js";
import { Diagnostics, ProjectError } from "../errors.js";
import { memoryHost } from "../host.js";

const host = memoryHost({
  "/repo/compose.yaml": "services: {}",
  "/repo/compose.override.yml": "services: {}",
  "/repo/docker-compose.override.yaml": "services: {}",
  "/repo/sub/deeper/readme.txt": "",
  "/two/compose.yaml": "",
  "/two/docker-compose.yml": "",
  "/named/a.yml": "",
  "/named/b.yml": "",
});

function discover(opts: Parameters<typeof discoverFiles>[0]) {
  const diag = new Diagnostics();
  return { result: discoverFiles(opts, host, diag), diag };
}

describe("discoverFiles", () => {
  it("finds the default file in a parent directory, with its first override file", () => {
    const { result } = discover({ workingDir: "/repo/sub/deeper" });
    expect(result).toEqual({ files: ["/repo/compose.yaml", "/repo/compose.override.yml"], projectDir: "/repo" });
  });

  it("warns when several default names exist and takes the first", () => {
    const { result, diag } = discover({ workingDir: "/two" });
    expect(result.files).toEqual(["/two/compose.yaml"]);
    expect(diag.warnings[0]?.code).toBe("W_MULTIPLE_COMPOSE_FILES");
  });

  it("uses -f files in order, relative to the working directory, without overrides", () => {
    const { result } = discover({ workingDir: "/named", files: ["a.yml", "/named/b.yml"] });
    expect(result).toEqual({ files: ["/named/a.yml", "/named/b.yml"], projectDir: "/named" });
  });

  it("splits COMPOSE_FILE on COMPOSE_PATH_SEPARATOR when no -f is given", () => {
    const { result } = discover({ workingDir: "/", composeFileEnv: "named/a.yml;named/b.yml", pathSeparator: ";" });
    expect(result.files).toEqual(["/named/a.yml", "/named/b.yml"]);
  });

  it("lets --project-directory choose the directory", () => {
    const { result } = discover({ workingDir: "/named", files: ["a.yml"], projectDirectory: "/repo" });
    expect(result.projectDir).toBe("/repo");
  });

  it("reads stdin for -f - with the working directory as project directory", () => {
    const { result } = discover({ workingDir: "/named", files: ["-"] });
    expect(result).toEqual({ files: ["-"], projectDir: "/named" });
  });

  it("names the searched file names and where when nothing is found", () => {
    expect(() => discover({ workingDir: "/named" })).toThrowError(
      /no compose file found in \/named or any parent directory \(looked for compose.yaml, compose.yml, docker-compose.yml, docker-compose.yaml\)/,
    );
  });

  it("rejects a missing -f file and a directory", () => {
    expect(() => discover({ workingDir: "/named", files: ["nope.yml"] })).toThrow(ProjectError);
    expect(() => discover({ workingDir: "/", files: ["repo"] })).toThrowError(/is a directory/);
  });
});
