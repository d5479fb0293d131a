import { afterEach, describe, expect, it } from "vitest";
import { engineOrSkip } from "../helpers/engine.js";
import { compose, containersOf, expectExit, fixture, Projects } from "../kits/up-kit.js";

/** Compose's own environment variables, each as Compose 2.40.3 reads it (measured there). */
const engine = await engineOrSkip("Compose's environment variables");
const projects = new Projects(() => engine?.runtime);

const running = async (project: string) => (await containersOf(engine!.runtime, project)).map((c) => c.labels["com.docker.compose.service"]).sort();

describe.skipIf(!engine)("Compose's environment variables", () => {
  afterEach(() => projects.cleanup());

  it("COMPOSE_IGNORE_ORPHANS silences the orphan warning, COMPOSE_REMOVE_ORPHANS removes them, both together are refused", async () => {
    const project = projects.next("tsc-env-orphans");
    const dir = fixture("up-orphans");
    const reduced = (env: Record<string, string>, ...extra: string[]) => compose(dir, project, ["-f", "compose.reduced.yaml", "up", "-d", ...extra], { env });
    expectExit(await compose(dir, project, ["up", "-d"]), 0);

    const warned = await reduced({});
    expectExit(warned, 0);
    expect(warned.stderr).toMatch(/orphan containers \(\S+-worker-1\)/);
    const quiet = await reduced({ COMPOSE_IGNORE_ORPHANS: "true" });
    expectExit(quiet, 0);
    expect(quiet.stderr).not.toMatch(/orphan containers/);
    expect(await running(project)).toEqual(["web", "worker"]);

    for (const [env, extra] of [[{ COMPOSE_IGNORE_ORPHANS: "1" }, ["--remove-orphans"]], [{ COMPOSE_IGNORE_ORPHANS: "1", COMPOSE_REMOVE_ORPHANS: "1" }, []]] as const) {
      const both = await reduced(env, ...extra);
      expectExit(both, 2);
      expect(both.stderr).toMatch(/cannot combine COMPOSE_IGNORE_ORPHANS and --remove-orphans/);
    }
    expect(await running(project)).toEqual(["web", "worker"]);

    expectExit(await reduced({ COMPOSE_REMOVE_ORPHANS: "y" }), 0);
    expect(await running(project)).toEqual(["web"]);
  });

  it("COMPOSE_STATUS_STDOUT puts the progress on stdout", async () => {
    const project = projects.next("tsc-env-status");
    const r = await compose(fixture("compose-env"), project, ["up", "-d"], { env: { COMPOSE_STATUS_STDOUT: "1" } });
    expectExit(r, 0);
    expect(r.stdout).toMatch(new RegExp(`Container ${project}-app-1 +Started`));
    expect(r.stderr).not.toMatch(/Started/);
  });

  it("COMPOSE_DISABLE_ENV_FILE skips .env (not --env-file); a value Go cannot read as a boolean stops the command", async () => {
    const dir = fixture("compose-env");
    const greeting = async (env: Record<string, string>, ...global: string[]) => {
      const r = await compose(dir, "tsc-env-dotenv", [...global, "config", "--format", "json"], { env });
      expectExit(r, 0);
      return (JSON.parse(r.stdout) as { services: { app: { environment: { GREETING: string } } } }).services.app.environment.GREETING;
    };
    expect(await greeting({})).toBe("from-dotenv");
    expect(await greeting({ COMPOSE_DISABLE_ENV_FILE: "true" })).toBe("default");
    expect(await greeting({ COMPOSE_DISABLE_ENV_FILE: "0" })).toBe("from-dotenv");
    expect(await greeting({ COMPOSE_DISABLE_ENV_FILE: "1" }, "--env-file", ".env")).toBe("from-dotenv");
    const bad = await compose(dir, "tsc-env-dotenv", ["config"], { env: { COMPOSE_DISABLE_ENV_FILE: "y" } });
    expectExit(bad, 2);
    expect(bad.stderr).toMatch(/COMPOSE_DISABLE_ENV_FILE="y" is not a boolean/);
  });

  it("COMPOSE_PARALLEL_LIMIT that is not an integer stops any verb, config included", async () => {
    const r = await compose(fixture("compose-env"), "tsc-env-parallel", ["config", "-q"], { env: { COMPOSE_PARALLEL_LIMIT: "abc" } });
    expectExit(r, 2);
    expect(r.stderr).toMatch(/COMPOSE_PARALLEL_LIMIT must be an integer \(found: "abc"\)/);
  });
});
