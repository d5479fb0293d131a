import { afterEach, describe, expect, it } from "vitest";
import { engineOrSkip } from "../helpers/engine.js";
import { compose, execIn, expectExit, fixture, idsByName, Projects } from "../kits/up-kit.js";

const engine = await engineOrSkip("build: up --build");
const projects = new Projects(() => engine?.runtime);
const images: string[] = [];

describe.skipIf(!engine)("build: up --build", () => {
  afterEach(async () => {
    await projects.cleanup();
    await Promise.allSettled(images.splice(0).map((i) => engine!.runtime.removeImage(i, { force: true })));
  });

  it("up builds a missing image; up --build recreates the service only when the image changed", async () => {
    const project = projects.next("tsc-build-recreate");
    images.push(`${project}-app`);
    const dir = fixture("build-recreate");
    const app = `${project}-app-1`;
    expectExit(await compose(dir, project, ["up", "-d"], { env: { VERSION: "1" } }), 0);
    const first = await idsByName(engine!.runtime, project);
    expect((await execIn(engine!.runtime, app, ["cat", "/version"])).stdout).toBe("version 1\n");

    const same = await compose(dir, project, ["up", "-d", "--build"], { env: { VERSION: "1" } });
    expectExit(same, 0);
    expect(await idsByName(engine!.runtime, project)).toEqual(first);

    expectExit(await compose(dir, project, ["up", "-d"], { env: { VERSION: "2" } }), 0);
    expect(await idsByName(engine!.runtime, project)).toEqual(first);

    const rebuilt = await compose(dir, project, ["up", "-d", "--build"], { env: { VERSION: "2" } });
    expectExit(rebuilt, 0);
    const after = await idsByName(engine!.runtime, project);
    expect(after[app]).toBeDefined();
    expect(after[app]).not.toBe(first[app]);
    expect(rebuilt.stderr).toMatch(new RegExp(`Container ${app}\\s+Recreated`));
    expect((await execIn(engine!.runtime, app, ["cat", "/version"])).stdout).toBe("version 2\n");
  });

  it("up --no-build refuses a missing image before creating anything", async () => {
    const project = projects.next("tsc-build-nobuild");
    const r = await compose(fixture("build-recreate"), project, ["up", "-d", "--no-build"]);
    expectExit(r, 1);
    expect(r.stderr).toContain(`image ${project}-app is not present, and --no-build forbids building it`);
    expect(await idsByName(engine!.runtime, project)).toEqual({});
  });

  it("create --no-build refuses a missing image; create --build builds it and creates the container without starting it", async () => {
    const project = projects.next("tsc-build-create");
    images.push(`${project}-app`);
    const dir = fixture("build-recreate");
    const refused = await compose(dir, project, ["create", "--no-build"], { env: { VERSION: "1" } });
    expectExit(refused, 1);
    expect(refused.stderr).toContain(`image ${project}-app is not present, and --no-build forbids building it`);
    expect(await idsByName(engine!.runtime, project)).toEqual({});

    expectExit(await compose(dir, project, ["create", "--build"], { env: { VERSION: "3" } }), 0);
    const created = await engine!.runtime.inspectContainer(`${project}-app-1`);
    expect(created.state.status).toBe("created");
    expect(await engine!.runtime.inspectImage(`${project}-app`)).toBeDefined();
  });

  it("a failed build exits 1, shows the failing step and its last lines, and leaves the running container untouched", async () => {
    const project = projects.next("tsc-build-fail");
    images.push(`${project}-app`);
    const dir = fixture("build-fail");
    const app = `${project}-app-1`;
    expectExit(await compose(dir, project, ["up", "-d"]), 0);
    const before = await engine!.runtime.inspectContainer(app);

    const r = await compose(dir, project, ["up", "-d", "--build"], { env: { DOCKERFILE: "Dockerfile.broken" } });
    expectExit(r, 1);
    expect(r.stderr).toMatch(new RegExp(`service "app": building image ${project}-app failed at step 3/\\d+ \\(RUN echo boom-output-line && false\\)`));
    expect(r.stderr).toContain("returned a non-zero code: 1");
    expect(r.stderr).toMatch(/last \d+ lines of the build of app:[\s\S]*boom-output-line/);
    expect(r.stderr).not.toMatch(/never reached/);

    const after = await engine!.runtime.inspectContainer(app);
    expect(after.id).toBe(before.id);
    expect(after.state.status).toBe("running");
    expect(after.state.startedAt).toBe(before.state.startedAt);
    expect((await execIn(engine!.runtime, app, ["cat", "/status"])).stdout).toBe("building fine\n");

    const direct = await compose(dir, project, ["build"], { env: { DOCKERFILE: "Dockerfile.broken" } });
    expectExit(direct, 1);
    expect(direct.stderr).toMatch(/failed at step 3\/\d+ \(RUN echo boom-output-line && false\)/);
  });
});
