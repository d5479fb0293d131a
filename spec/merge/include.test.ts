import { describe, expect, it } from "vitest";
import { ProjectErrors } from "../errors.js";
import { memoryHost } from "../host.js";
import { loadProject } from "../load.js";

function problems(files: Record<string, string>): string[] {
  try {
    loadProject({ workingDir: "/app", env: {} }, memoryHost(files));
  } catch (e) {
    if (e instanceof ProjectErrors) return e.errors.map((x) => `${x.code} ${x.describe()} | ${x.hint ?? ""}`);
    throw e;
  }
  return [];
}

describe("resolveIncludes", () => {
  it("names the files of a cycle relative to the outermost file, so files in subdirectories stay apart", () => {
    const errs = problems({
      "/app/compose.yaml": "include:\n  - db/compose.yaml\nservices: {}\n",
      "/app/db/compose.yaml": "include:\n  - ../compose.yaml\nservices: {}\n",
    });
    expect(errs).toEqual([
      "E_INCLUDE_CYCLE /app/db/compose.yaml:2:5 include[0]: include cycle: compose.yaml -> db/compose.yaml -> compose.yaml" +
        " | Remove one of the include entries that form the loop.",
    ]);
  });

  it("reports a missing env_file of an include at the entry that names it", () => {
    const hint = "Create the file or fix the path; an include's env_file is relative to the file that includes it.";
    expect(
      problems({
        "/app/compose.yaml": "include:\n  - path: ./db.yaml\n    env_file: ./db.env\nservices: {}\n",
        "/app/db.yaml": "services: {}\n",
      }),
    ).toEqual([`E_ENV_FILE_NOT_FOUND /app/compose.yaml:3:15 include[0].env_file: env file /app/db.env not found | ${hint}`]);
    expect(
      problems({
        "/app/compose.yaml": "include:\n  - path: ./db.yaml\n    env_file: [./a.env, ./b.env]\nservices: {}\n",
        "/app/db.yaml": "services: {}\n",
        "/app/a.env": "A=1\n",
      }),
    ).toEqual([`E_ENV_FILE_NOT_FOUND /app/compose.yaml:3:25 include[0].env_file[1]: env file /app/b.env not found | ${hint}`]);
  });

  it("reads an include's existing env files", () => {
    const { project } = loadProject(
      { workingDir: "/app", env: {} },
      memoryHost({
        "/app/compose.yaml": "include:\n  - path: ./db.yaml\n    env_file: ./db.env\nservices: {}\n",
        "/app/db.yaml": "services:\n  db:\n    image: postgres:${TAG}\n",
        "/app/db.env": "TAG=16\n",
      }),
    );
    expect(project.services["db"]?.image).toBe("postgres:16");
  });
});
