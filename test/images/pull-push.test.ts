import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { RuntimeEvent } from "../../engine/runtime/runtime.js";
import { engineOrSkip, TEST_IMAGE } from "../helpers/engine.js";
import { compose, expectExit, fixture, Projects } from "../kits/up-kit.js";

const engine = await engineOrSkip("pull and push");
const projects = new Projects(() => engine?.runtime);
const dir = fixture("pull-push");
// Nothing listens on localhost:5999: every registry call of these tests fails on loopback.
const MISSING = "localhost:5999/tscompose-no-such-image:1";
const PUSHED = "localhost:5999/tscompose-push-test:1";

/** The engine's image events between `sinceMs` and now. */
async function imageEvents(sinceMs: number): Promise<RuntimeEvent[]> {
  const out: RuntimeEvent[] = [];
  for await (const e of engine!.runtime.events({ since: sinceMs / 1000, until: Date.now() / 1000, filters: { type: ["image"] } })) out.push(e);
  return out;
}

describe.skipIf(!engine)("pull", () => {
  afterEach(() => projects.cleanup());

  it("--policy missing pulls nothing when the images are present locally", async () => {
    const since = Date.now();
    const r = await compose(dir, projects.next("tsc-pull-present"), ["pull", "--policy", "missing", "web"]);
    expectExit(r, 0);
    expect(r.stderr).toMatch(/Service web {2}Skipped image is already present locally/);
    expect(r.stderr).not.toContain("Pulling");
    expect((await imageEvents(since)).filter((e) => e.action === "pull")).toEqual([]);
    const quiet = await compose(dir, projects.next("tsc-pull-quiet"), ["pull", "-q", "--policy", "missing", "web"]);
    expectExit(quiet, 0);
    expect(quiet.stderr).toBe("");
  });

  it("an image no registry has fails the pull, naming the service and the image", async () => {
    const r = await compose(dir, projects.next("tsc-pull-missing"), ["pull", "web", "missing", "--policy", "missing"]);
    expectExit(r, 1);
    expect(r.stderr).toContain(`error: service "missing": pulling image ${MISSING} failed: the registry could not be reached or refused it`);
    expect(r.stderr).toMatch(/Service missing {2}Error/);
    expect(await engine!.runtime.inspectImage(MISSING)).toBeUndefined();
  });

  it("--ignore-pull-failures makes the failure a warning and exits 0", async () => {
    const r = await compose(dir, projects.next("tsc-pull-ignore"), ["pull", "--ignore-pull-failures", "missing"]);
    expectExit(r, 0);
    expect(r.stderr).toContain(`WARN service "missing": pulling image ${MISSING} failed: the registry could not be reached or refused it`);
    expect(r.stderr).not.toContain("error:");
  });

  it("up --quiet-pull leaves out the Pulling rows but still reports a failed pull", async () => {
    const loud = await compose(dir, projects.next("tsc-pull-loud"), ["up", "-d", "missing"]);
    expectExit(loud, 1);
    expect(loud.stderr).toMatch(new RegExp(`Image ${MISSING} {2}Pulling`));
    const quiet = await compose(dir, projects.next("tsc-pull-quiet-up"), ["up", "-d", "--quiet-pull", "missing"]);
    expectExit(quiet, 1);
    expect(quiet.stderr).not.toContain("Pulling");
    expect(quiet.stderr).toMatch(new RegExp(`Image ${MISSING} {2}Error`));
    expect(quiet.stderr).toContain(`error: service "missing": pulling image ${MISSING} failed`);
  });

  it("--ignore-buildable skips the service that has a build section", async () => {
    const r = await compose(dir, projects.next("tsc-pull-buildable"), ["pull", "--ignore-buildable", "app"]);
    expectExit(r, 0);
    expect(r.stderr).toMatch(/Service app {2}Skipped image can be built/);
    expect(r.stderr).not.toContain("Pulling");
  });
});

describe.skipIf(!engine)("push", () => {
  afterEach(() => projects.cleanup());
  afterAll(async () => {
    await engine?.runtime.removeImage(PUSHED, { force: true }).catch(() => undefined);
  });

  it("a registry that cannot be reached fails the push, naming the service and the image; --ignore-push-failures exits 0", async () => {
    await engine!.runtime.tagImage(TEST_IMAGE, PUSHED.slice(0, PUSHED.lastIndexOf(":")), "1");
    const r = await compose(dir, projects.next("tsc-push"), ["push"]);
    expectExit(r, 1);
    expect(r.stderr).toContain(`error: service "app": pushing image ${PUSHED} failed: the registry could not be reached or refused it`);
    expect(r.stderr).toMatch(/Service web {2}Skipped no build section/);
    expect(r.stderr).toMatch(new RegExp(`Image ${PUSHED} {2}Error`));

    const ignored = await compose(dir, projects.next("tsc-push-ignore"), ["push", "--ignore-push-failures", "app"]);
    expectExit(ignored, 0);
    expect(ignored.stderr).toContain(`WARN service "app": pushing image ${PUSHED} failed`);
  });

  it("build --push builds, then pushes the built image (here, to a registry that cannot be reached); legacy flags only warn", async () => {
    await engine!.runtime.removeImage(PUSHED, { force: true }).catch(() => undefined);
    const r = await compose(dir, projects.next("tsc-build-push"), ["build", "--push", "--parallel", "app"]);
    expectExit(r, 1);
    expect(r.stderr).toContain("warning: --parallel is deprecated and has no effect");
    expect(r.stderr).toMatch(new RegExp(`Image ${PUSHED} {2}Built`));
    expect(r.stderr).toContain(`error: service "app": pushing image ${PUSHED} failed: the registry could not be reached or refused it`);
    expect(await engine!.runtime.inspectImage(PUSHED)).toBeDefined();
  });
});
