import { describe, expect, it } from "vitest";
import { ProjectErrors } from "../errors.js";
import { memoryHost } from "../host.js";
import { loadRawModel, type LoadOptions } from "../load.js";

function raw(files: Record<string, string>, opts: Partial<LoadOptions> = {}) {
  return loadRawModel({ workingDir: "/app", env: {}, ...opts }, memoryHost(files));
}

describe("loadRawModel", () => {
  it("merges the files, includes and extends as written, interpolating nothing", () => {
    const { data, files } = raw({
      "/app/compose.yaml": [
        "include: [db.yaml]",
        "services:",
        "  web:",
        "    extends: {file: base.yaml, service: base}",
        "    image: 'web:${TAG:?}'",
        "    deploy: {replicas: '${N:-1}'}",
        "",
      ].join("\n"),
      "/app/compose.override.yaml": "services:\n  web:\n    environment: {A: $A}\n",
      "/app/base.yaml": "services:\n  base:\n    command: ['${CMD:-serve}']\n  other:\n    image: '${OTHER}'\n",
      "/app/db.yaml": "services:\n  db:\n    image: 'pg:${PG-16}'\n",
    });
    expect(files).toEqual(["/app/compose.yaml", "/app/compose.override.yaml"]);
    const services = data["services"] as Record<string, Record<string, unknown>>;
    expect(Object.keys(services).sort()).toEqual(["db", "web"]);
    expect(services["db"]?.["image"]).toBe("pg:${PG-16}");
    expect(services["web"]).toMatchObject({
      image: "web:${TAG:?}",
      command: ["${CMD:-serve}"],
      deploy: { replicas: "${N:-1}" },
      environment: { A: "$A" },
    });
  });

  it("still fails, located, on a YAML syntax error", () => {
    let caught: unknown;
    try {
      raw({ "/app/compose.yaml": "services:\n  web:\n    image: [oops\n" });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ProjectErrors);
    expect((caught as ProjectErrors).errors.map((e) => e.describe())).toEqual([
      expect.stringMatching(/^\/app\/compose\.yaml:3:12: invalid YAML/),
    ]);
  });
});
