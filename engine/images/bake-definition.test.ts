import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadProject } from "../../spec/load.js";
import type { Project } from "../../spec/project.js";
import { bakeDefinition, dockerfilePath, formatBakeDefinition } from "./bake-definition.js";

const dirs: string[] = [];

async function project(files: Record<string, string>, env: Record<string, string> = {}): Promise<{ dir: string; project: Project }> {
  const dir = await mkdtemp(path.join(tmpdir(), "tsc-bake-"));
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
  return { dir, project: loadProject({ workingDir: dir, env, projectName: "p" }).project };
}

const identity = (d: string) => d;

afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe("bakeDefinition", () => {
  it("maps build attributes to a bake target, in Compose's key order, leaving empty ones out", async () => {
    const { dir, project: p } = await project({
      "compose.yaml": [
        "services:",
        "  a.b:",
        "    image: reg/a:1",
        "    platform: linux/arm64",
        "    build:",
        "      context: .",
        "      args: {K: v, D: 'x$${y}'}",
        "      labels: {z: '1'}",
        "      tags: [reg/a:extra]",
        "      ssh: [default]",
        "      secrets: [s]",
        "      privileged: true",
        "      shm_size: 1k",
        "      ulimits: {nofile: 5, core: {soft: 1, hard: 2}}",
        "      extra_hosts: ['h=1.1.1.1', 'h=2.2.2.2']",
        "      provenance: mode=max",
        "      sbom: false",
        "  plain: {image: nginx}",
        "secrets:",
        "  s: {environment: TOKEN}",
      ].join("\n"),
    });
    const def = bakeDefinition(p, { services: ["a.b", "plain"], realpath: identity });
    expect(def?.group).toEqual({ default: { targets: ["a_b"] } });
    const t = def?.target["a_b"];
    expect(Object.keys(t ?? {})).toEqual(["context", "dockerfile", "args", "labels", "tags", "secret", "ssh", "platforms", "shm-size", "ulimits", "entitlements", "extra-hosts", "output", "attest"]);
    expect(t).toMatchObject({
      context: dir,
      dockerfile: path.join(dir, "Dockerfile"),
      args: { D: "x$${y}", K: "v" },
      labels: { "com.docker.compose.project": "p", "com.docker.compose.service": "a.b", "com.docker.compose.version": "2.40.3", z: "1" },
      tags: ["reg/a:extra", "reg/a:1"],
      secret: ["id=s,type=env,env=TOKEN"],
      ssh: ["default="],
      platforms: ["linux/arm64"],
      "shm-size": "1024",
      entitlements: ["security.insecure"],
      "extra-hosts": { h: "1.1.1.1,2.2.2.2" },
      output: ["type=docker"],
      attest: ["type=provenance,mode=max"],
    });
    expect([...(t?.ulimits ?? [])].sort()).toEqual(["core=1:2", "nofile=5"]);
  });

  it("applies --build-arg (a bare one from the lookup, removing the arg when unset), --pull, --no-cache and --push", async () => {
    const { project: p } = await project({
      "compose.yaml": "services:\n  a: {image: reg/a:1, build: {context: ., args: {K: v, R: r}}}\n  m: {build: {context: ., platforms: [linux/amd64, linux/arm64]}}\n",
    });
    const def = bakeDefinition(p, { services: ["a", "m"], buildArgs: ["N=1", "L", "R"], lookup: (k) => (k === "L" ? "looked" : undefined), pull: true, noCache: true, push: true });
    expect(def?.target["a"]).toMatchObject({ args: { K: "v", L: "looked", N: "1" }, pull: true, "no-cache": true, output: ["type=registry"] });
    expect(def?.target["m"]?.output).toEqual(["type=image,push=false"]);
  });

  it("keeps the project's other build services as targets but groups only the selected ones; nothing to build gives undefined", async () => {
    const { project: p } = await project({ "compose.yaml": "services:\n  a: {build: .}\n  b: {build: .}\n  c: {image: x}\n" });
    expect(bakeDefinition(p, { services: ["b"] })?.group.default.targets).toEqual(["b"]);
    expect(Object.keys(bakeDefinition(p, { services: ["b"] })?.target ?? {})).toEqual(["a", "b"]);
    expect(bakeDefinition(p, { services: ["c"] })).toBeUndefined();
  });

  it("escapes ${ in an inline Dockerfile and prints no dockerfile beside it", async () => {
    const { project: p } = await project({ "compose.yaml": "services:\n  a:\n    build:\n      context: .\n      dockerfile_inline: \"FROM x\\nRUN echo $${HOME}\"\n" });
    const t = bakeDefinition(p, { services: ["a"] })?.target["a"];
    expect(t?.dockerfile).toBeUndefined();
    expect(t?.["dockerfile-inline"]).toBe("FROM x\nRUN echo $${HOME}");
  });
});

describe("dockerfilePath", () => {
  it("keeps a remote context's Dockerfile as written and joins a local one to its context", () => {
    expect(dockerfilePath("https://github.com/x/y.git#main", "Dockerfile", identity)).toBe("Dockerfile");
    expect(dockerfilePath("/ctx", "sub/D", identity)).toBe("/ctx/sub/D");
    expect(dockerfilePath("/ctx", "/abs/D", () => undefined)).toBe("/abs/D");
    expect(dockerfilePath("/link", "D", () => "/real")).toBe("/real/D");
  });
});

describe("formatBakeDefinition", () => {
  it("indents by two spaces, escapes HTML characters as Go does, and ends with a newline", () => {
    const out = formatBakeDefinition({ group: { default: { targets: ["a"] } }, target: { a: { labels: { x: "<&>" } } } });
    expect(out).toBe('{\n  "group": {\n    "default": {\n      "targets": [\n        "a"\n      ]\n    }\n  },\n  "target": {\n    "a": {\n      "labels": {\n        "x": "\\u003c\\u0026\\u003e"\n      }\n    }\n  }\n}\n');
  });
});
