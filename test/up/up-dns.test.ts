import { afterEach, describe, expect, it } from "vitest";
import { engineOrSkip } from "../helpers/engine.js";
import { compose, execIn, expectExit, fixture, Projects } from "../kits/up-kit.js";

const engine = await engineOrSkip("up: DNS between services");
const runtime = () => engine?.runtime;
const projects = new Projects(runtime);
/** Podman's DNS differs from Docker's in two ways that tscompose cannot change (see the tests). */
const onPodman = (await engine?.runtime.identify?.())?.kind === "podman";

/**
 * The distinct addresses `nslookup NAME` prints for the answer (not the server's own address), in
 * the order first printed: Podman's DNS answers the same record twice (nslookup asks for A and
 * AAAA, and it answers both with the A record), Docker's once; the set is what our behaviour decides.
 */
async function lookup(container: string, name: string): Promise<{ exitCode: number; addresses: string[]; output: string }> {
  const r = await execIn(engine!.runtime, container, ["timeout", "10", "nslookup", name]);
  const answer = r.stdout.split(/\n\s*\n/).slice(1).join("\n");
  const addresses = [...new Set([...answer.matchAll(/^Address:\s*(\S+)/gm)].map((m) => m[1] ?? ""))];
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
    const dbIp = await addressOn(`${project}-db-1`, `${project}_default`);
    const viaLink = await lookup(`${project}-client-1`, "database");
    if (onPodman) {
      // Podman takes the endpoint links but its DNS ignores them: one warning names the attribute,
      // the service and the engine, and the alias does not resolve.
      expect(r.stderr.match(/service "client" sets links, which Podman does not support/g), r.stderr).toHaveLength(1);
      expect(viaLink.addresses, viaLink.output).toEqual([]);
    } else {
      expect(r.stderr).not.toContain("not supported");
      expect(viaLink.addresses, viaLink.output).toEqual([dbIp]);
    }
    const elsewhere = await lookup(`${project}-other-1`, "database");
    expect(elsewhere.addresses, elsewhere.output).toEqual([]);
  });

  it("a service only on network A cannot resolve one only on network B", async () => {
    const project = projects.next("tsc-dns-iso");
    const dir = fixture("up-dns-isolation");
    expectExit(await compose(dir, project, ["up", "-d"]), 0);
    // The bridge service on both networks resolves both: the names exist, only the path is missing.
    const fromBridge = [(await lookup(`${project}-bridge-1`, "back-only")).addresses, (await lookup(`${project}-bridge-1`, "front-only")).addresses];
    if (onPodman) {
      // Podman 4 gives a container one DNS server per network in resolv.conf, and each answers
      // only for its own network (NXDOMAIN otherwise, so the resolver tries no other): the bridge
      // resolves the names of the network listed first only.
      expect(fromBridge.map((a) => a.length).sort()).toEqual([0, 1]);
    } else {
      expect(fromBridge.map((a) => a.length)).toEqual([1, 1]);
    }
    const across = await lookup(`${project}-front-only-1`, "back-only");
    expect(across.addresses, across.output).toEqual([]);
    expect(across.exitCode).not.toBe(0);
    const back = await lookup(`${project}-back-only-1`, "front-only");
    expect(back.addresses, back.output).toEqual([]);
  });
});
