import { describe, expect, it } from "vitest";
import { normalizeForTest } from "../test/kits/normalize-kit.js";
import { COMPOSE_VERSION_LABEL, LABELS } from "../spec/labels.js";
import { desiredNetworks, networkConfigHash, type ManagedNetwork } from "./networks.js";

const project = (yaml: string) => normalizeForTest(yaml).project;

describe("desiredNetworks", () => {
  it("leaves out a declared network no service uses, unless all (--all-resources)", () => {
    const p = project("services: {web: {image: x}}\nnetworks: {spare: {}, ext: {external: true}}");
    expect(desiredNetworks(p).map((n) => n.key)).toEqual(["default"]);
    expect(desiredNetworks(p, true).map((n) => `${n.key}:${n.name}:${n.external}`)).toEqual(["default:demo_default:false", "ext:ext:true", "spare:demo_spare:false"]);
  });

  it("creates <project>_default for services that declare no network", () => {
    const nets = desiredNetworks(project("services: {web: {image: x}}"));
    expect(nets).toHaveLength(1);
    const [net] = nets as [ManagedNetwork];
    expect(net).toMatchObject({ key: "default", name: "demo_default", external: false });
    expect(net.options).toEqual({
      name: "demo_default",
      labels: {
        [LABELS.project]: "demo",
        [LABELS.network]: "default",
        [LABELS.version]: COMPOSE_VERSION_LABEL,
        [LABELS.configHash]: net.configHash,
      },
    });
  });

  it("maps every create option of a declared network", () => {
    const p = project(`
services: {web: {image: x, networks: [back]}}
networks:
  back:
    driver: bridge
    driver_opts: {com.docker.network.bridge.name: br-back}
    ipam:
      driver: default
      config: [{subnet: 172.28.0.0/16, ip_range: 172.28.5.0/24, gateway: 172.28.5.254, aux_addresses: {host1: 172.28.1.5}}]
      options: {foo: bar}
    internal: true
    attachable: true
    enable_ipv6: false
    labels: {team: core, com.docker.compose.project: spoofed}
`);
    const [net] = desiredNetworks(p) as [ManagedNetwork];
    expect(net.options).toEqual({
      name: "demo_back",
      driver: "bridge",
      options: { "com.docker.network.bridge.name": "br-back" },
      ipam: {
        driver: "default",
        config: [{ subnet: "172.28.0.0/16", ipRange: "172.28.5.0/24", gateway: "172.28.5.254", auxAddresses: { host1: "172.28.1.5" } }],
        // ipam.options is dropped, as Compose 2.40 does (not in its model): the engine gets no IPAM Options
      },
      internal: true,
      attachable: true,
      enableIpv6: false,
      labels: {
        team: "core",
        [LABELS.project]: "demo",
        [LABELS.network]: "back",
        [LABELS.version]: COMPOSE_VERSION_LABEL,
        [LABELS.configHash]: networkConfigHash(p.networks["back"]!),
      },
    });
  });

  it("only names external networks, by their engine name", () => {
    const p = project(`
services: {web: {image: x, networks: [edge, legacy]}}
networks:
  edge: {external: true}
  legacy: {external: true, name: proxy_net}
`);
    expect(desiredNetworks(p)).toEqual([
      { key: "edge", name: "edge", external: true },
      { key: "legacy", name: "proxy_net", external: true },
    ]);
  });

  it("leaves out networks no service joins, and services with network_mode join none", () => {
    const p = project(`
services:
  web: {image: x, networks: [front]}
  agent: {image: x, network_mode: host}
networks: {front: {}, unused: {}}
`);
    expect(desiredNetworks(p).map((n) => n.key)).toEqual(["front"]);
  });

  it("is sorted by key and counts a network once", () => {
    const p = project(`
services:
  a: {image: x, networks: [zeta, alpha]}
  b: {image: x, networks: [alpha]}
  c: {image: x}
networks: {zeta: {}, alpha: {}}
`);
    expect(desiredNetworks(p).map((n) => n.name)).toEqual(["demo_alpha", "demo_default", "demo_zeta"]);
  });

  it("gives a stable hash that changes with the config", () => {
    const a = project("services: {web: {image: x, networks: [n]}}\nnetworks: {n: {driver: bridge}}");
    const b = project("services: {web: {image: x, networks: [n]}}\nnetworks: {n: {driver: bridge}}");
    const c = project("services: {web: {image: x, networks: [n]}}\nnetworks: {n: {driver: bridge, internal: true}}");
    const hash = (p: typeof a) => (desiredNetworks(p)[0] as ManagedNetwork).configHash;
    expect(hash(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(hash(a)).toBe(hash(b));
    expect(hash(a)).not.toBe(hash(c));
  });
});
