import { describe, expect, it } from "vitest";
import { normalizeForTest as run } from "../../test/kits/normalize-kit.js";

describe("normalizeProject: networks", () => {
  it("attaches a service without networks to default and declares the default network", () => {
    const { project } = run({ services: { web: { image: "x" } } });
    expect(project.services["web"]?.networks).toEqual({ default: null });
    expect(project.networks).toEqual({ default: { name: "demo_default" } });
  });

  it("turns a list into a map of null and keeps attachment options", () => {
    const { project } = run({
      services: { web: { image: "x", networks: ["front"] }, api: { image: "x", networks: { back: { aliases: ["api.local"], ipv4_address: "172.16.0.5" }, front: null } } },
      networks: { front: {}, back: { driver: "bridge", labels: ["tier=back"] } },
    });
    expect(project.services["web"]?.networks).toEqual({ front: null });
    expect(project.services["api"]?.networks).toEqual({ back: { aliases: ["api.local"], ipv4_address: "172.16.0.5" }, front: null });
    expect(project.networks).toEqual({ front: { name: "demo_front" }, back: { name: "demo_back", driver: "bridge", labels: { tier: "back" } } });
  });

  it("adds no default network for network_mode services or when nobody uses it", () => {
    const { project } = run({ services: { a: { image: "x", network_mode: "host" }, b: { image: "x", networks: ["n"] } }, networks: { n: null } });
    expect(project.services["a"]).not.toHaveProperty("networks");
    expect(project.networks).toEqual({ n: { name: "demo_n" } });
  });

  it("names networks: explicit name kept, external uses its key or name, legacy external.name", () => {
    const { project } = run({
      services: { web: { image: "x", networks: ["a", "b", "c", "d", "default"] } },
      networks: { a: { name: "custom" }, b: { external: true }, c: { external: true, name: "shared" }, d: { external: { name: "legacy" } }, default: { driver: "bridge" } },
    });
    expect(project.networks).toEqual({
      a: { name: "custom" },
      b: { name: "b", external: true },
      c: { name: "shared", external: true },
      d: { name: "legacy", external: true },
      default: { name: "demo_default", driver: "bridge" },
    });
  });

  it("turns ipam aux_addresses lists into maps", () => {
    const { project } = run({ services: {}, networks: { n: { ipam: { config: [{ subnet: "10.5.0.0/16", aux_addresses: { host1: "10.5.0.3" } }] } } } });
    expect(project.networks["n"]?.ipam?.config?.[0]).toEqual({ subnet: "10.5.0.0/16", aux_addresses: { host1: "10.5.0.3" } });
  });

  it("accepts ipam options and drops them, as Compose 2.40 (not in its model: not printed, hashed or sent)", () => {
    const { project } = run({ services: {}, networks: { n: { ipam: { driver: "default", options: { "com.example.ipam-option": "1" } } } } });
    expect(project.networks["n"]?.ipam).toEqual({ driver: "default" });
  });

  it("rejects an external volume with anything but name, as Compose 2.40 (not networks, secrets, configs)", () => {
    const { diag } = run({
      services: {},
      volumes: {
        a: { external: true, driver: "local" },
        b: { external: { name: "legacy" }, labels: { x: "y" } },
        ok: { external: true, name: "n", "x-note": 1 },
        mine: { external: false, driver: "local" },
      },
      networks: { n: { external: true, driver: "bridge" } },
      secrets: { s: { external: true, labels: { a: "b" } } },
    });
    expect(diag.errors.map((e) => [e.code, e.path?.join("."), e.message])).toEqual([
      ["E_EXTERNAL_CONFLICT", "volumes.a.driver", 'volume "a" is external and also sets driver, which only a volume Compose creates can have'],
      ["E_EXTERNAL_CONFLICT", "volumes.b.labels", 'volume "b" is external and also sets labels, which only a volume Compose creates can have'],
    ]);
  });

  it("keeps an absolute bind device as written and joins a relative one, as Compose 2.40", () => {
    const opts = (device: string) => ({ driver: "local", driver_opts: { type: "none", o: "bind", device } });
    const noDriver = { driver_opts: { type: "none", o: "bind", device: "./srv/" } };
    const { project } = run({ services: {}, volumes: { a: opts("/srv//data/"), b: opts("./srv/"), c: noDriver } });
    expect(project.volumes["a"]?.driver_opts?.["device"]).toBe("/srv//data/");
    expect(project.volumes["b"]?.driver_opts?.["device"]).toBe("/proj/srv");
    // compose-go resolves the device only when the driver is written as local
    expect(project.volumes["c"]?.driver_opts?.["device"]).toBe("./srv/");
  });
});

describe("normalizeProject: volumes, secrets, configs", () => {
  it("names volumes and resolves a local bind device", () => {
    const { project } = run({
      services: {},
      volumes: { data: null, ext: { external: true }, named: { name: "fixed" }, host: { driver: "local", driver_opts: { type: "none", o: "bind", device: "./srv" } } },
    });
    expect(project.volumes).toEqual({
      data: { name: "demo_data" },
      ext: { name: "ext", external: true },
      named: { name: "fixed" },
      host: { name: "demo_host", driver: "local", driver_opts: { type: "none", o: "bind", device: "/proj/srv" } },
    });
  });

  it("makes secret and config files absolute and names them like Compose", () => {
    const { project } = run({
      services: {},
      secrets: { token: { file: "./secrets/token.txt" }, key: { environment: "API_KEY" }, ext: { external: true } },
      configs: { nginx: { file: "~/nginx.conf" }, inline: { content: "hello" } },
    });
    expect(project.secrets).toEqual({
      token: { name: "demo_token", file: "/proj/secrets/token.txt" },
      key: { name: "demo_key", environment: "API_KEY" },
      ext: { name: "ext", external: true },
    });
    expect(project.configs).toEqual({ nginx: { name: "demo_nginx", file: "/home/me/nginx.conf" }, inline: { name: "demo_inline", content: "hello" } });
  });
});

describe("normalizeProject: ports and volumes in services", () => {
  it("expands every entry and reports each bad one at its own line, keeping the good ones", () => {
    const yaml = [
      "services:",
      "  web:",
      "    image: x",
      "    ports:",
      "      - 80",
      '      - "80:abc"',
      '      - "127.0.0.1:8000-8001:8000-8001"',
      "      - {target: 443, published: 8443}",
      "    volumes:",
      "      - ./src:/app",
      "      - data:/a:/b:ro",
      "      - cache:/cache",
      "",
    ].join("\n");
    const { project, diag } = run(yaml);
    expect(project.services["web"]?.ports).toEqual([
      { mode: "ingress", target: 80, protocol: "tcp" },
      { mode: "ingress", host_ip: "127.0.0.1", target: 8000, published: "8000", protocol: "tcp" },
      { mode: "ingress", host_ip: "127.0.0.1", target: 8001, published: "8001", protocol: "tcp" },
      { mode: "ingress", target: 443, published: "8443", protocol: "tcp" },
    ]);
    expect(project.services["web"]?.volumes).toEqual([
      { type: "bind", source: "/proj/src", target: "/app", bind: { create_host_path: true } },
      { type: "volume", source: "cache", target: "/cache", volume: {} },
    ]);
    expect(diag.errors.map((e) => [e.code, e.path, e.location?.line])).toEqual([
      ["E_PORT", ["services", "web", "ports", 1], 6],
      ["E_VOLUME", ["services", "web", "volumes", 1], 11],
    ]);
  });
});

describe("normalizeProject: depends_on", () => {
  it("fills the defaults of the list and map forms", () => {
    const { project } = run({
      services: {
        web: { image: "x", depends_on: ["db"] },
        api: { image: "x", depends_on: { db: { condition: "service_healthy" }, cache: { condition: "service_started", required: false, restart: true } } },
      },
    });
    expect(project.services["web"]?.depends_on).toEqual({ db: { condition: "service_started", required: true, restart: false } });
    expect(project.services["api"]?.depends_on).toEqual({
      db: { condition: "service_healthy", required: true, restart: false },
      cache: { condition: "service_started", required: false, restart: true },
    });
  });

  it("infers dependencies from links, service: namespaces and volumes_from, without overriding declared ones", () => {
    const { project } = run({
      services: {
        app: {
          image: "x",
          links: ["db:database", "cache"],
          network_mode: "service:vpn",
          pid: "service:monitor",
          volumes_from: ["store:ro", "container:abc"],
          depends_on: { cache: { condition: "service_healthy" } },
        },
      },
    });
    expect(project.services["app"]?.depends_on).toEqual({
      cache: { condition: "service_healthy", required: true, restart: false },
      db: { condition: "service_started", required: true, restart: true },
      vpn: { condition: "service_started", required: true, restart: true },
      monitor: { condition: "service_started", required: true, restart: true },
      store: { condition: "service_started", required: true, restart: false },
    });
  });
});

describe("normalizeProject: develop and hooks", () => {
  it("makes watch paths absolute, expands path lists and splits exec commands", () => {
    const { project } = run({
      services: {
        web: {
          build: ".",
          develop: {
            watch: [
              { path: "./src", action: "sync", target: "/app/src", ignore: "node_modules/" },
              { path: ["package.json", "package-lock.json"], action: "rebuild" },
              { path: "conf", action: "sync+exec", target: "/etc/app", exec: { command: "kill -HUP 1" } },
            ],
          },
          post_start: [{ command: "chown -R app /data", user: "root", environment: ["MODE=init"] }],
        },
      },
    });
    const web = project.services["web"];
    expect(web?.develop?.watch).toEqual([
      { path: "/proj/src", action: "sync", target: "/app/src", ignore: ["node_modules/"] },
      { path: "/proj/package.json", action: "rebuild" },
      { path: "/proj/package-lock.json", action: "rebuild" },
      { path: "/proj/conf", action: "sync+exec", target: "/etc/app", exec: { command: ["kill", "-HUP", "1"] } },
    ]);
    expect(web?.post_start).toEqual([{ command: ["chown", "-R", "app", "/data"], user: "root", environment: { MODE: "init" } }]);
  });
});
