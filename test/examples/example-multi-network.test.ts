import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { engineOrSkip } from "../helpers/engine.js";
import { example, leftovers } from "../kits/ci-kit.js";
import { compose, expectExit, freePort, Projects } from "../kits/up-kit.js";

const engine = await engineOrSkip("example: multi-network");
const projects = new Projects(() => engine?.runtime);
const dir = example("multi-network");

describe.skipIf(!engine)("example: multi-network", () => {
  let project = "";
  let port = 0;
  const exec = (service: string, ...cmd: string[]) => compose(dir, project, ["exec", "-T", service, ...cmd], { env: { WEB_PORT: String(port) } });

  beforeAll(async () => {
    project = projects.next("tsc-ex-net");
    port = await freePort();
    expectExit(await compose(dir, project, ["up", "-d"], { env: { WEB_PORT: String(port) } }), 0);
  });
  afterAll(() => projects.cleanup());

  it("puts each service on its networks only, with backend internal", async () => {
    const rt = engine!.runtime;
    const nets = async (s: string) => Object.keys((await rt.inspectContainer(`${project}-${s}-1`)).networks).sort();
    expect(await nets("web")).toEqual([`${project}_frontend`]);
    expect(await nets("api")).toEqual([`${project}_backend`, `${project}_frontend`]);
    expect(await nets("db")).toEqual([`${project}_backend`]);
    const [backend] = await rt.listNetworks({ names: [`${project}_backend`] });
    expect(backend?.internal).toBe(true);
  });

  it("from web: api resolves and answers, db does not resolve", async () => {
    const api = await exec("web", "check", "api:8080");
    expectExit(api, 0);
    expect(api.stdout).toBe('api: resolves, answers "hello from api"\n');
    const db = await exec("web", "check", "db:5432");
    expectExit(db, 1);
    expect(db.stdout).toBe("db: does not resolve\n");
    const lookup = await exec("web", "nslookup", "db");
    expect(lookup.code).not.toBe(0);
    expect(lookup.stdout + lookup.stderr).toMatch(/can't find db/);
  });

  it("from api (on both networks): web and db both resolve and answer", async () => {
    const r = await exec("api", "check", "web:8080", "db:5432");
    expectExit(r, 0);
    expect(r.stdout).toBe('web: resolves, answers "hello from web"\ndb: resolves, answers "hello from db"\n');
  });

  it("from db: api resolves, web does not", async () => {
    const r = await exec("db", "check", "api:8080", "web:8080");
    expectExit(r, 1);
    expect(r.stdout).toBe('api: resolves, answers "hello from api"\nweb: does not resolve\n');
  });

  it("a request from the host walks web -> api -> db by name", async () => {
    const response = await fetch(`http://127.0.0.1:${port}/cgi-bin/chain`);
    expect(response.status).toBe(200);
    expect((await response.text()).trim()).toBe("web -> api -> db");
  });

  it("down -v leaves nothing labelled with the project", async () => {
    expectExit(await compose(dir, project, ["down", "-v"], { env: { WEB_PORT: String(port) } }), 0);
    expect(await leftovers(engine!.runtime, project)).toEqual([]);
  });
});
