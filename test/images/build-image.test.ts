import { afterEach, describe, expect, it } from "vitest";
import { LABELS } from "../../engine/runtime/labels.js";
import { engineOrSkip } from "../helpers/engine.js";
import { compose, docker, expectExit, fixture, Projects } from "../kits/up-kit.js";

const engine = await engineOrSkip("build: images");
const projects = new Projects(() => engine?.runtime);
const images: string[] = [];

/** Runs `cmd` in a throwaway container of `image` and returns its stdout. */
async function inImage(image: string, script: string): Promise<string> {
  const r = await docker("run", "--rm", image, "sh", "-c", script);
  if (r.code !== 0) throw new Error(`docker run ${image} failed: ${r.stderr}`);
  return r.stdout;
}

describe.skipIf(!engine)("build: images", () => {
  afterEach(async () => {
    await projects.cleanup();
    await Promise.allSettled(images.splice(0).map((i) => engine!.runtime.removeImage(i, { force: true })));
  });

  it("build args (file, environment, --build-arg) and target reach the image", async () => {
    const project = projects.next("tsc-build-args");
    const image = `${project}-app`;
    images.push(image);
    const r = await compose(fixture("build-args-target"), project, ["build", "--build-arg", "FROM_CLI=cli"], { env: { GREETING: "bonjour", FROM_ENV: "env" } });
    expectExit(r, 0);
    expect(r.stderr).toMatch(/app {2}\| Step 1\/\d+ : FROM tscompose-busybox:latest AS base/);
    expect(r.stderr).toMatch(new RegExp(`Image ${image}\\s+Built`));
    expect(await inImage(image, "cat /out/base.txt /out/final.txt")).toBe("base:bonjour\nfinal:bonjour:env:cli");
    expect(await inImage(image, "test -e /out/extra.txt && echo present || echo absent")).toBe("absent");
    const details = await engine!.runtime.inspectImage(image);
    expect(details?.labels).toMatchObject({ "org.example.team": "core", [LABELS.project]: project, [LABELS.service]: "app" });
  });

  it("build --memory limits the containers the RUN steps run in; a bad size exits 2 before the engine", async () => {
    const project = projects.next("tsc-build-mem");
    images.push(`${project}-app`);
    const limited = await compose(fixture("build-memory"), project, ["build", "--no-cache", "--memory", "64m"]);
    expectExit(limited, 0);
    expect(limited.stderr).toMatch(/app {2}\| limit=67108864\n/);
    const free = await compose(fixture("build-memory"), project, ["build", "--no-cache"]);
    expectExit(free, 0);
    expect(free.stderr).not.toMatch(/limit=67108864/);
    const bad = await compose(fixture("build-memory"), project, ["build", "--memory", "64q"]);
    expectExit(bad, 2);
    expect(bad.stderr).toMatch(/invalid size "64q"/);
    // BuildKit-only flags are refused with the reason, nothing built.
    for (const flag of [["--ssh", "default"], ["--provenance", "true"], ["--builder", "other"], ["--check"]]) {
      const r = await compose(fixture("build-memory"), project, ["build", ...flag]);
      expectExit(r, 2);
      expect(r.stderr).toMatch(/classic builder/);
      expect(r.stderr).not.toMatch(/Building/);
    }
  });

  it("ignored files are absent from the build context, and an ignored Dockerfile still builds", async () => {
    const project = projects.next("tsc-build-ignore");
    const image = `${project}-app`;
    images.push(image);
    expectExit(await compose(fixture("build-ignore"), project, ["build", "-q"]), 0);
    const listing = await inImage(image, "cd /ctx && find . -type f | sort");
    expect(listing.split("\n")).toEqual(["./.dockerignore", "./compose.yaml", "./logs/keep.txt", "./main.txt"]);
  });
});
