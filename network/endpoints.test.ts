import { describe, expect, it } from "vitest";
import { normalizeForTest } from "../test/kits/normalize-kit.js";
import { endpointsFor, IFNAME_OPTION, networkModeFor, networksByPriority } from "./endpoints.js";

const project = (yaml: string) => normalizeForTest(yaml).project;
const none = () => undefined;

describe("endpointsFor", () => {
  it("joins the default network as the container name and the service name", () => {
    expect(endpointsFor(project("services: {web: {image: x}}"), "web", "demo-web-1")).toEqual([
      { network: "demo_default", aliases: ["demo-web-1", "web"] },
    ]);
  });

  it("orders networks by priority, highest first, then by key", () => {
    const p = project(`
services:
  web:
    image: x
    networks:
      c: {}
      b: {priority: 5}
      a: {}
      d: {priority: 10}
networks: {a: {}, b: {}, c: {}, d: {}}
`);
    expect(networksByPriority(p.services["web"]!)).toEqual(["d", "b", "a", "c"]);
    expect(endpointsFor(p, "web", "demo-web-1").map((e) => e.network)).toEqual(["demo_d", "demo_b", "demo_a", "demo_c"]);
  });

  it("adds each network's aliases and addresses to that network only", () => {
    const p = project(`
services:
  db:
    image: x
    networks:
      back:
        aliases: [database, web]
        ipv4_address: 172.20.0.5
        ipv6_address: "2001:db8::5"
        link_local_ips: [169.254.8.8]
        mac_address: "02:42:ac:11:00:02"
        driver_opts: {com.docker.network.endpoint.sysctls: "net.ipv4.conf.IFNAME.log_martians=1"}
        interface_name: eth7
        gw_priority: 100
      front:
networks: {back: {name: shared_back}, front: {}}
`);
    expect(endpointsFor(p, "db", "db-main")).toEqual([
      {
        network: "shared_back",
        aliases: ["db-main", "db", "database", "web"],
        ipv4Address: "172.20.0.5",
        ipv6Address: "2001:db8::5",
        linkLocalIps: ["169.254.8.8"],
        macAddress: "02:42:ac:11:00:02",
        driverOpts: { "com.docker.network.endpoint.sysctls": "net.ipv4.conf.IFNAME.log_martians=1", [IFNAME_OPTION]: "eth7" },
        gwPriority: 100,
        configured: true,
      },
      { network: "demo_front", aliases: ["db-main", "db"] },
    ]);
  });

  it("drops a duplicate alias", () => {
    const p = project("services: {web: {image: x, networks: {default: {aliases: [web, www]}}}}");
    expect(endpointsFor(p, "web", "demo-web-1")[0]?.aliases).toEqual(["demo-web-1", "web", "www"]);
  });

  it("gives a one-off container only its own name when network aliases are off", () => {
    const p = project("services: {web: {image: x, networks: {default: {aliases: [www]}}}}");
    expect(endpointsFor(p, "web", "demo-web-run-0123456789ab", { useNetworkAliases: false })).toEqual([
      { network: "demo_default", aliases: ["demo-web-run-0123456789ab"], configured: true },
    ]);
  });

  it("puts the service mac_address on the primary endpoint", () => {
    const p = project(`
services: {web: {image: x, mac_address: "02:00:00:00:00:01", networks: {a: {priority: 1}, b: {}}}}
networks: {a: {}, b: {}}
`);
    expect(endpointsFor(p, "web", "w").map((e) => e.macAddress)).toEqual(["02:00:00:00:00:01", undefined]);
  });

  it("rejects a service mac_address that differs from the primary network's", () => {
    const p = project(`services: {web: {image: x, mac_address: "02:00:00:00:00:01", networks: {default: {mac_address: "02:00:00:00:00:02"}}}}`);
    expect(() => endpointsFor(p, "web", "w")).toThrow(/sets mac_address 02:00:00:00:00:01 but its network default sets 02:00:00:00:00:02/);
  });

  it("has no endpoints under a network_mode", () => {
    expect(endpointsFor(project("services: {web: {image: x, network_mode: host}}"), "web", "w")).toEqual([]);
  });

  it("names an undefined network and an unknown service", () => {
    const p = project("services: {web: {image: x, networks: [ghost]}}");
    expect(() => endpointsFor(p, "web", "w")).toThrow(/service "web" refers to undefined network ghost/);
    expect(() => endpointsFor(p, "nope", "w")).toThrow(/no such service: nope/);
  });
});

describe("networkModeFor", () => {
  it("is the primary network's engine name for a service on networks", () => {
    const p = project("services: {web: {image: x, networks: {a: {}, b: {priority: 3}}}}\nnetworks: {a: {}, b: {name: bee}}");
    expect(networkModeFor(p, "web", none)).toBe("bee");
  });

  it("passes host, none, bridge and container:x through", () => {
    for (const mode of ["host", "none", "bridge", "container:abc123"]) {
      expect(networkModeFor(project(`services: {web: {image: x, network_mode: "${mode}"}}`), "web", none)).toBe(mode);
    }
  });

  it("resolves service:x to that service's container", () => {
    const p = project("services: {vpn: {image: x}, app: {image: x, network_mode: 'service:vpn'}}");
    expect(networkModeFor(p, "app", (s) => (s === "vpn" ? "demo-vpn-1" : undefined))).toBe("container:demo-vpn-1");
  });

  it("fails when the referenced service has no container", () => {
    const p = project("services: {vpn: {image: x}, app: {image: x, network_mode: 'service:vpn'}}");
    expect(() => networkModeFor(p, "app", none)).toThrow(/service "app" refers to service "vpn" in network_mode, but "vpn" has no container/);
  });
});
