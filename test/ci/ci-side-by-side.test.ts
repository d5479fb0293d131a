import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { engineOrSkip } from "../helpers/engine.js";
import { leftovers } from "../kits/ci-kit.js";
import { compose, containersOf, expectExit, fixture, Projects } from "../kits/up-kit.js";

const engine = await engineOrSkip("CI: two projects from one file");
const projects = new Projects(() => engine?.runtime);
const dir = fixture("ci-side-by-side");

describe.skipIf(!engine)("CI: two projects from one file side by side", () => {
  let a = "";
  let b = "";
  const exec = (project: string, service: string, ...cmd: string[]) => compose(dir, project, ["exec", "-T", service, ...cmd]);
  /** What `db` answers over HTTP from `client`, looked up by name inside the project. */
  const askDb = async (project: string) => {
    const r = await exec(project, "client", "wget", "-q", "-O", "-", "http://db/");
    expectExit(r, 0);
    return r.stdout.trim();
  };
  const hostnameOf = async (container: string) => (await engine!.runtime.inspectContainer(container)).id.slice(0, 12);
  const hostPort = async (project: string) => (await containersOf(engine!.runtime, project)).find((c) => c.name === `${project}-db-1`)?.ports.find((p) => p.hostPort)?.hostPort;

  beforeAll(async () => {
    a = projects.next("tsc-ci-side-a");
    b = projects.next("tsc-ci-side-b");
    // Started at the same time, as two CI jobs on one engine would.
    const [upA, upB] = await Promise.all([compose(dir, a, ["up", "-d"]), compose(dir, b, ["up", "-d"])]);
    expectExit(upA, 0);
    expectExit(upB, 0);
  });
  afterAll(() => projects.cleanup());

  it("each project has its own containers, network and volume", async () => {
    for (const p of [a, b]) {
      expect(await leftovers(engine!.runtime, p)).toEqual([`container ${p}-client-1`, `container ${p}-db-1`, `network ${p}_back`, `volume ${p}_data`]);
    }
  });

  it("the name db answers, in each project, with that project's own db", async () => {
    expect(await askDb(a)).toBe(await hostnameOf(`${a}-db-1`));
    expect(await askDb(b)).toBe(await hostnameOf(`${b}-db-1`));
    const ipOf = async (p: string) => (await engine!.runtime.inspectContainer(`${p}-db-1`)).networks[`${p}_back`]?.ipv4Address?.replace(/\/\d+$/, "");
    const lookup = await exec(a, "client", "nslookup", "db");
    const answer = lookup.stdout.split(/\n\s*\n/).slice(1).join("\n");
    expect([...answer.matchAll(/^Address:\s*(\S+)/gm)].map((m) => m[1])).toEqual([await ipOf(a)]);
  });

  it("the same published container port gets a different host port in each, each reaching its own db", async () => {
    const [portA, portB] = [await hostPort(a), await hostPort(b)];
    expect(portA).toBeGreaterThan(0);
    expect(portB).toBeGreaterThan(0);
    expect(portA).not.toBe(portB);
    expect((await (await fetch(`http://127.0.0.1:${portA}/`)).text()).trim()).toBe(await hostnameOf(`${a}-db-1`));
    expect((await (await fetch(`http://127.0.0.1:${portB}/`)).text()).trim()).toBe(await hostnameOf(`${b}-db-1`));
  });

  it("data written to one project's volume is not in the other's", async () => {
    expectExit(await exec(a, "db", "sh", "-c", "echo only-in-a > /data/row"), 0);
    expect((await exec(a, "db", "cat", "/data/row")).stdout.trim()).toBe("only-in-a");
    const other = await exec(b, "db", "cat", "/data/row");
    expect(other.code).not.toBe(0);
  });

  it("down -v of one leaves the other running and answering", async () => {
    expectExit(await compose(dir, a, ["down", "-v"]), 0);
    expect(await leftovers(engine!.runtime, a)).toEqual([]);
    const rest = await containersOf(engine!.runtime, b);
    expect(rest.map((c) => `${c.name}:${c.status}`)).toEqual([`${b}-client-1:running`, `${b}-db-1:running`]);
    expect(await askDb(b)).toBe(await hostnameOf(`${b}-db-1`));
    expect(await leftovers(engine!.runtime, b)).toHaveLength(4);
  });
});
