import { describe, expect, it } from "vitest";
import { Diagnostics, ProjectErrors } from "../errors.js";
import { memoryHost } from "../host.js";
import { loadProject } from "../load.js";
import { parseComposeFile } from "./parse.js";
import { writtenPath } from "./parse-paths.js";

function problems(files: Record<string, string>): string[] {
  try {
    loadProject({ workingDir: "/app", env: {} }, memoryHost(files));
  } catch (e) {
    if (e instanceof ProjectErrors) return e.errors.map((x) => x.describe("/app"));
    throw e;
  }
  return [];
}

describe("writtenPath", () => {
  it("maps a moved path back to the one written in the located file, keeping deeper segments", () => {
    const file = parseComposeFile("services:\n  app:\n    ports: ['1:1']\n", "/p/base.yaml", new Diagnostics());
    const ports = file!.sources.locate(["services", "app", "ports"])!;
    expect(writtenPath(ports, ["services", "web", "ports", 0])).toEqual(["services", "app", "ports", 0]);
    expect(writtenPath(ports, ["services", "web"])).toEqual(["services", "app"]);
    expect(writtenPath({ file: "x", line: 1, column: 1 }, ["services", "web"])).toEqual(["services", "web"]);
  });

  it("names the base service for an error in a service inherited from another file", () => {
    expect(
      problems({
        "/app/compose.yaml": "services:\n  web:\n    extends:\n      file: base.yaml\n      service: app\n",
        "/app/base.yaml": "services:\n  app:\n    image: x\n    ports:\n      - '80:80:80:80'\n",
      }),
    ).toEqual(['base.yaml:5:9 services.app.ports[0]: invalid port "80:80:80:80": "80:80" is not an IP address']);
  });

  it("gives an override file's own list index, not the merged one", () => {
    expect(
      problems({
        "/app/compose.yaml": "services:\n  web:\n    image: x\n    ports: ['80:80']\n",
        "/app/compose.override.yaml": "services:\n  web:\n    ports: ['1:2:3:4']\n",
      }),
    ).toEqual(['compose.override.yaml:3:13 services.web.ports[0]: invalid port "1:2:3:4": "1:2" is not an IP address']);
  });
});
