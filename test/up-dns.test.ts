import { afterEach, describe, expect, it } from "vitest";
import { engineOrSkip } from "./helpers/engine.js";
import { compose, execIn, expectExit, fixture, Projects } from "./up-kit.js";

const engine = await engineOrSkip("up: DNS between services");
const runtime = () => engine?.runtime;
const projects = new Projects(runtime);

/** The addresses `nslookup NAME` prints for the answer (not the server's own address). */
async function lookup(container: string, name: string): Promise<{ exitCode: number; addresses: string[]; output: string }> {
  const r = await execIn(engine!.runtime, container, ["timeout", "10", "nslookup", name]);
  const answer = r.stdout.split(/\n\s*\n/).slice(1).join("\n");
  const addresses = [...answer.matchAll(/^Address:\s*(\S+)/gm)].map((m) => m[1] ?? "");
  return { exitCode: r.exitCode, addresses, output: r.stdout + r.stderr };
}

async function addressOn(container: string, network: string): Promise<string | undefined> {
  return (await engine!.runtime.inspectContainer(container)).networks[network]?.ipv4Address?.replace(/\/\d+$/, "");
}

describe.skipIf(!engine)("up: DNS between services", () => {
  afterEach(() => projects.cleanup());

  it("a service finds another by its service name and by its container name", async () => {
    const project = projects.next("tsc-dns-name");
    const dir = fixture("up-dns-name");
    expectExit(await compose(dir, project, ["up", "-d"]), 0);
    const apiIp = await addressOn(`${project}-api-1`, `${project}_default`);
    expect(apiIp).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    const byService = await lookup(`${project}-client-1`, "api");
    expect(byService.addresses, byService.output).toEqual([apiIp]);
    const byName = await lookup(`${project}-client-1`, `${project}-api-1`);
    expect(byName.addresses, byName.output).toEqual([apiIp]);
  });

  it("a service finds another by a network alias", async () => {
    const project = projects.next("tsc-dns-alias");
    const dir = fixture("up-dns-alias");
    expectExit(await compose(dir, project, ["up", "-d"]), 0);
    const apiIp = await addressOn(`${project}-api-1`, `${project}_back`);
    expect(apiIp).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    const byAlias = await lookup(`${project}-client-1`, "orders.internal");
    expect(byAlias.addresses, byAlias.output).toEqual([apiIp]);
  });

  it("a link alias (links: [db:database]) resolves to the linked service, from the linking container only", async () => {
    const project = projects.next("tsc-dns-links");
    const dir = fixture("up-dns-links");
    const r = await compose(dir, project, ["up", "-d"]);
    expectExit(r, 0);
    expect(r.stderr).not.toContain("not supported");
    const dbIp = await addressOn(`${project}-db-1`, `${project}_default`);
    const viaLink = await lookup(`${project}-client-1`, "database");
    expect(viaLink.addresses, viaLink.output).toEqual([dbIp]);
    const elsewhere = await lookup(`${project}-other-1`, "database");
    expect(elsewhere.addresses, elsewhere.output).toEqual([]);
  });

  it("a service only on network A cannot resolve one only on network B", async () => {
    const project = projects.next("tsc-dns-iso");
    const dir = fixture("up-dns-isolation");
    expectExit(await compose(dir, project, ["up", "-d"]), 0);
    // The bridge service on both networks resolves both: the names exist, only the path is missing.
    expect((await lookup(`${project}-bridge-1`, "back-only")).addresses).toHaveLength(1);
    expect((await lookup(`${project}-bridge-1`, "front-only")).addresses).toHaveLength(1);
    const across = await lookup(`${project}-front-only-1`, "back-only");
    expect(across.addresses, across.output).toEqual([]);
    expect(across.exitCode).not.toBe(0);
    const back = await lookup(`${project}-back-only-1`, "front-only");
    expect(back.addresses, back.output).toEqual([]);
  });
});
