import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { memoryHost } from "../../spec/host.js";
import { loadProject } from "../../spec/load.js";
import { projectOrigin } from "./origin.js";

const dir = mkdtempSync(path.join(tmpdir(), "tscompose-origin-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(path.join(dir, "config.json"), JSON.stringify({ auths: { "registry.local": { auth: "dTpw", extra: 1 } }, credsStore: "x" }));

function origin(yaml: string) {
  return projectOrigin(loadProject({ workingDir: "/p", env: { DOCKER_CONFIG: dir, SECRET: "s" } }, memoryHost({ "/p/compose.yaml": yaml })));
}

describe("projectOrigin", () => {
  it("carries the project's files and its environment for environment secrets and configs", () => {
    const o = origin("services: {a: {image: x}}\n");
    expect(o).toMatchObject({ projectDir: "/p", configFiles: ["/p/compose.yaml"] });
    expect(o.environment?.("SECRET")).toBe("s");
    expect(o).not.toHaveProperty("credentials");
  });

  it("reads the user's registry credentials (auths only) when a service sets use_api_socket", () => {
    expect(origin("services: {a: {image: x, use_api_socket: true}}\n").credentials).toEqual({ "registry.local": { auth: "dTpw" } });
  });
});
