import { afterEach, describe, expect, it } from "vitest";
import { engineOrSkip } from "../helpers/engine.js";
import { compose, eventTime, expectExit, fixture, projectEvents, Projects } from "../kits/up-kit.js";

const engine = await engineOrSkip("up: start order");
const projects = new Projects(() => engine?.runtime);

describe.skipIf(!engine)("up: start order", () => {
  afterEach(() => projects.cleanup());

  it("starts a dependant only after the engine reported its dependency healthy", async () => {
    const project = projects.next("tsc-order-health");
    const since = Date.now() - 1000;
    expectExit(await compose(fixture("up-health-order"), project, ["up", "-d"]), 0);
    const events = await projectEvents(engine!.runtime, project, since);
    const dbStart = eventTime(events, `${project}-db-1`, "start");
    const dbHealthy = eventTime(events, `${project}-db-1`, "health_status", "healthy");
    const webStart = eventTime(events, `${project}-web-1`, "start");
    // db sleeps a second before it can be healthy, so a start that ignored the gate would come first.
    expect(dbHealthy - dbStart).toBeGreaterThan(900);
    expect(webStart).toBeGreaterThan(dbHealthy);
  });

  it("--wait accepts a one-shot migration that exited 0 and starts what needs it afterwards", async () => {
    const project = projects.next("tsc-order-wait");
    const since = Date.now() - 1000;
    const r = await compose(fixture("up-wait-migration"), project, ["up", "--wait"]);
    expectExit(r, 0);
    const rt = engine!.runtime;
    const migrate = await rt.inspectContainer(`${project}-migrate-1`);
    expect(migrate.state).toMatchObject({ status: "exited", exitCode: 0 });
    expect((await rt.inspectContainer(`${project}-app-1`)).state.status).toBe("running");
    expect((await rt.inspectContainer(`${project}-db-1`)).state.health).toBe("healthy");
    const events = await projectEvents(rt, project, since);
    expect(eventTime(events, `${project}-migrate-1`, "start")).toBeGreaterThan(eventTime(events, `${project}-db-1`, "health_status", "healthy"));
    expect(eventTime(events, `${project}-app-1`, "start")).toBeGreaterThan(eventTime(events, `${project}-migrate-1`, "die"));
  });
});
