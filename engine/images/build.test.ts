import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadProject } from "../../spec/load.js";
import type { Project } from "../../spec/project.js";
import { BuildError } from "./build-error.js";
import { BUILD_CONCURRENCY, buildGroups, buildServices } from "./build.js";
import { isBuildOutput, RecordingSink, type ResourceEvent } from "../runtime/engine-events.js";
import { ensureImages } from "./images.js";
import { LABELS } from "../runtime/labels.js";
import { MemoryRuntime } from "../memory/memory-runtime.js";
import type { BuildImageOptions } from "../runtime/runtime.js";

const BASE = "tscompose-busybox:latest";
const dirs: string[] = [];

/** A project directory on disk holding `files`, loaded as project `p`. */
async function project(files: Record<string, string>): Promise<{ dir: string; project: Project }> {
  const dir = await mkdtemp(path.join(tmpdir(), "tsc-build-"));
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
  return { dir, project: loadProject({ workingDir: dir, env: { TOKEN: "from-env" }, projectName: "p" }).project };
}

const rows = (sink: RecordingSink, name: string) =>
  sink.events.filter((e): e is ResourceEvent => e.type === "resource" && e.name === name).map((e) => e.status);

afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe("buildGroups", () => {
  it("builds an image shared by several services once, and skips services without build", async () => {
    const { project: p } = await project({
      "compose.yaml": "services:\n  a: {build: ., image: shared:1}\n  b: {build: ., image: shared:1}\n  c: {build: ./c}\n  d: {image: busybox}\n",
      Dockerfile: `FROM ${BASE}\n`,
      "c/Dockerfile": `FROM ${BASE}\n`,
    });
    const groups = buildGroups(p, ["a", "b", "c", "d"]);
    expect(groups.map((g) => [g.image, g.service, g.services])).toEqual([
      ["shared:1", "a", ["a", "b"]],
      ["p-c", "c", ["c"]],
    ]);
  });
});

describe("buildServices on the memory runtime", () => {
  it("sends args (CLI over file, bare names from the environment), target, labels and tags, and reports progress", async () => {
    const { project: p } = await project({
      "compose.yaml": [
        "services:",
        "  web:",
        "    build:",
        "      context: .",
        "      target: final",
        "      args: {GREETING: hello, TOKEN: null, FLAVOUR: plain}",
        "      labels: {team: core}",
        "      tags: [extra/web:dev]",
        "",
      ].join("\n"),
      Dockerfile: `ARG GREETING\nFROM ${BASE} AS base\nLABEL stage=base\nFROM base AS final\nARG GREETING\nARG FLAVOUR\nLABEL greeting=$GREETING flavour=$FLAVOUR\nFROM base AS unused\nRUN false\n`,
      ".dockerignore": "secret.txt\n",
      "secret.txt": "s",
    });
    const runtime = new MemoryRuntime({ images: [{ ref: BASE }] });
    const sink = new RecordingSink();
    const built = await buildServices({ runtime, sink }, p, ["web"], { buildArgs: { FLAVOUR: "spicy" } });

    const request = runtime.builds[0];
    expect(request?.options).toMatchObject({ dockerfile: "Dockerfile", target: "final", tags: ["p-web", "extra/web:dev"] });
    expect(request?.options.buildArgs).toEqual({ GREETING: "hello", TOKEN: "from-env", FLAVOUR: "spicy" });
    expect(request?.options.labels).toMatchObject({ team: "core", [LABELS.project]: "p", [LABELS.service]: "web" });
    expect(request?.files).not.toContain("secret.txt");
    const image = built.get("p-web");
    expect(image?.labels).toMatchObject({ stage: "base", greeting: "hello", flavour: "spicy", [LABELS.project]: "p" });
    expect((await runtime.inspectImage("extra/web:dev"))?.id).toBe(image?.id);
    expect(rows(sink, "p-web")).toEqual(["Building", "Built"]);
    const lines = sink.events.filter(isBuildOutput).map((e) => e.text);
    expect(lines[0]).toBe("web  | Step 1/9 : ARG GREETING");
    expect(lines.at(-1)).toBe("web  | Successfully tagged extra/web:dev");
  });

  it("sends --memory as the build's memory limit", async () => {
    const { project: p } = await project({ "compose.yaml": "services:\n  web:\n    build: .\n", Dockerfile: `FROM ${BASE}\n` });
    const runtime = new MemoryRuntime({ images: [{ ref: BASE }] });
    await buildServices({ runtime, sink: new RecordingSink() }, p, ["web"], { memoryBytes: 64 * 1024 * 1024 });
    expect(runtime.builds[0]?.options.memoryBytes).toBe(67108864);
  });

  it("prints no output lines when quiet, and gives the same image id to an unchanged build", async () => {
    const { project: p } = await project({ "compose.yaml": "services:\n  web: {build: .}\n", Dockerfile: `FROM ${BASE}\n` });
    const runtime = new MemoryRuntime({ images: [{ ref: BASE }] });
    const sink = new RecordingSink();
    const first = await buildServices({ runtime, sink }, p, ["web"], { quiet: true });
    const second = await buildServices({ runtime, sink }, p, ["web"], { quiet: true });
    expect(sink.events.filter(isBuildOutput)).toEqual([]);
    expect(second.get("p-web")?.id).toBe(first.get("p-web")?.id);
  });

  it(`runs at most ${BUILD_CONCURRENCY} builds at once`, async () => {
    const services = ["a", "b", "c", "d", "e"];
    const { project: p } = await project({
      "compose.yaml": `services:\n${services.map((s) => `  ${s}: {build: .}\n`).join("")}`,
      Dockerfile: `FROM ${BASE}\n`,
    });
    let running = 0;
    let peak = 0;
    class SlowRuntime extends MemoryRuntime {
      override async buildImage(options: BuildImageOptions) {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 20));
        try {
          return await super.buildImage(options);
        } finally {
          running -= 1;
        }
      }
    }
    const runtime = new SlowRuntime({ images: [{ ref: BASE }] });
    const built = await buildServices({ runtime, sink: new RecordingSink() }, p, services);
    expect([...built.keys()].sort()).toEqual(services.map((s) => `p-${s}`));
    expect(peak).toBe(BUILD_CONCURRENCY);
  });

  it("a failed step names the step and keeps the last lines; no later build starts", async () => {
    const { project: p } = await project({
      "compose.yaml": "services:\n  bad: {build: ./bad}\n  slow: {build: ./ok}\n  later: {build: ./ok}\n",
      "bad/Dockerfile": `FROM ${BASE}\nLABEL x=1\nRUN false\nLABEL never=1\n`,
      "ok/Dockerfile": `FROM ${BASE}\n`,
    });
    class SlowOkRuntime extends MemoryRuntime {
      override async buildImage(options: BuildImageOptions) {
        if (options.tags[0] !== "p-bad") await new Promise((r) => setTimeout(r, 50));
        return super.buildImage(options);
      }
    }
    const runtime = new SlowOkRuntime({ images: [{ ref: BASE }] });
    const sink = new RecordingSink();
    const error = await buildServices({ runtime, sink }, p, ["bad", "slow", "later"], {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BuildError);
    const e = error as BuildError;
    expect(e.code).toBe("E_BUILD_FAILED");
    expect(e.message).toBe(`service "bad": building image p-bad failed at step 3/4 (RUN false): The command '/bin/sh -c false' returned a non-zero code: 1`);
    expect(e.failure.lastLines).toEqual([`Step 1/4 : FROM ${BASE}`, "Step 2/4 : LABEL x=1", "Step 3/4 : RUN false"]);
    expect(e.describe()).toContain("last 3 lines of the build of bad:");
    expect(rows(sink, "p-bad")).toEqual(["Building", "Error"]);
    expect(runtime.builds.map((b) => b.options.tags[0]).sort()).toEqual(["p-bad", "p-slow"]);
    expect(await runtime.inspectImage("p-bad")).toBeUndefined();
  });

  it("refuses a git context before calling the engine", async () => {
    const { project: p } = await project({ "compose.yaml": "services:\n  web: {build: 'https://github.com/example/repo.git#main'}\n" });
    const runtime = new MemoryRuntime();
    await expect(buildServices({ runtime, sink: new RecordingSink() }, p, ["web"])).rejects.toMatchObject({ code: "E_BUILD_REMOTE_CONTEXT" });
    expect(runtime.builds).toEqual([]);
  });
});

describe("ensureImages with builds", () => {
  const files = (extra = "") => ({ "compose.yaml": `services:\n  web:\n    build: .\n${extra}`, Dockerfile: `FROM ${BASE}\n` });

  it("builds a missing buildable image, and leaves a present one alone", async () => {
    const { project: p } = await project(files());
    const runtime = new MemoryRuntime({ images: [{ ref: BASE }] });
    const images = await ensureImages(runtime, p, ["web"], new RecordingSink());
    expect(images.get("p-web")?.id).toMatch(/^sha256:/);
    await ensureImages(runtime, p, ["web"], new RecordingSink());
    expect(runtime.builds).toHaveLength(1);
  });

  it("--build always builds; --no-build refuses a missing image", async () => {
    const { project: p } = await project(files());
    const runtime = new MemoryRuntime({ images: [{ ref: BASE }] });
    await expect(ensureImages(runtime, p, ["web"], new RecordingSink(), "policy", { build: "never" })).rejects.toMatchObject({
      code: "E_IMAGE_MISSING",
      message: 'service "web": image p-web is not present, and --no-build forbids building it',
    });
    expect(runtime.builds).toHaveLength(0);
    await ensureImages(runtime, p, ["web"], new RecordingSink());
    await ensureImages(runtime, p, ["web"], new RecordingSink(), "policy", { build: "always" });
    expect(runtime.builds).toHaveLength(2);
    await ensureImages(runtime, p, ["web"], new RecordingSink(), "policy", { build: "never" });
    expect(runtime.builds).toHaveLength(2);
  });

  it("pull_policy: build builds on every up", async () => {
    const { project: p } = await project(files("    pull_policy: build\n"));
    const runtime = new MemoryRuntime({ images: [{ ref: BASE }] });
    await ensureImages(runtime, p, ["web"], new RecordingSink());
    await ensureImages(runtime, p, ["web"], new RecordingSink());
    expect(runtime.builds).toHaveLength(2);
  });

  it("with image: and build:, a missing image is pulled first and built when the pull fails", async () => {
    const { project: p } = await project(files("    image: example/web:1\n"));
    const runtime = new MemoryRuntime({ images: [{ ref: BASE }] });
    const sink = new RecordingSink();
    const images = await ensureImages(runtime, p, ["web"], sink);
    expect(rows(sink, "example/web:1")).toEqual(["Pulling", "Error", "Building", "Built"]);
    expect(sink.events.some((e) => e.type === "message" && e.level === "warning" && e.text.includes("building it instead"))).toBe(true);
    expect(images.get("example/web:1")).toBeDefined();

    const pulled = new MemoryRuntime({ images: [{ ref: BASE }], registry: [{ ref: "example/web:1" }] });
    await ensureImages(pulled, p, ["web"], new RecordingSink());
    expect(pulled.builds).toHaveLength(0);
  });
});
