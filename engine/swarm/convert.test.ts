import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { containerOf, problemKeys, serviceIn, stackOf } from "../../test/kits/swarm-convert-kit.js";
import { serviceSpecHash } from "./spec-hash.js";

const sha10 = (text: string) => createHash("sha256").update(text).digest("hex").slice(0, 10);

describe("toSwarmStack: names and labels", () => {
  it("names services <stack>_<service> and labels them as docker stack does", () => {
    const stack = stackOf(`
services:
  web:
    image: nginx:1.27
    labels: { team: web }
    deploy: { labels: { tier: front } }
`);
    const web = serviceIn(stack, "web");
    expect(web.Name).toBe("demo_web");
    expect(web.Labels).toMatchObject({ tier: "front", "com.docker.stack.namespace": "demo", "com.docker.stack.image": "nginx:1.27" });
    expect(web.Labels["team"]).toBeUndefined();
    expect(web.TaskTemplate.ContainerSpec.Labels).toEqual({ team: "web", "com.docker.stack.namespace": "demo" });
    expect(web.Labels["tscompose.stack.spec-hash"]).toMatch(/^[0-9a-f]{64}$/);
  });

  it("scopes every object by the stack name, not the project name", () => {
    const stack = stackOf(
      `
name: shop
services:
  web: { image: nginx, volumes: [data:/data], secrets: [token] }
volumes: { data: {} }
secrets: { token: { file: ./token } }
`,
      { stack: "prod", files: { "/proj/token": "abc" } },
    );
    expect(stack.services.map((s) => s.Name)).toEqual(["prod_web"]);
    expect(stack.networks.map((n) => n.name)).toEqual(["prod_default"]);
    expect(stack.volumes).toEqual([{ key: "data", name: "prod_data", external: false }]);
    expect(stack.secrets.map((s) => s.name)).toEqual([`prod_token_${sha10("abc")}`]);
  });

  it("refuses a stack name Swarm cannot prefix names with", () => {
    expect(problemKeys(stackOf("services: { web: { image: nginx } }", { stack: "-bad" }).errors)).toEqual(["- name"]);
  });
});

describe("toSwarmStack: networks", () => {
  const yaml = `
services:
  web:
    image: nginx
    networks:
      front: { aliases: [www] }
      back: {}
  db: { image: postgres, networks: [back] }
  job: { image: busybox }
networks:
  front:
    labels: { purpose: edge }
    driver_opts: { encrypted: "" }
    internal: true
    ipam: { config: [{ subnet: 10.9.0.0/24 }] }
  back: { name: shared-back }
  outside: { external: true, name: corp-net }
`;

  it("creates an attachable overlay network per used network, with the file's options and the namespace label", () => {
    const stack = stackOf(yaml);
    expect(stack.networks.map((n) => n.name)).toEqual(["demo_default", "demo_front", "shared-back"]);
    expect(stack.networks.find((n) => n.key === "front")).toEqual({
      key: "front",
      name: "demo_front",
      external: false,
      spec: {
        Name: "demo_front",
        Driver: "overlay",
        Attachable: true,
        Internal: true,
        Options: { encrypted: "" },
        IPAM: { Config: [{ Subnet: "10.9.0.0/24" }] },
        Labels: { purpose: "edge", "com.docker.stack.namespace": "demo" },
      },
    });
    expect(stack.networks.find((n) => n.key === "default")?.spec).toEqual({
      Name: "demo_default",
      Driver: "overlay",
      Attachable: true,
      Labels: { "com.docker.stack.namespace": "demo" },
    });
  });

  it("attaches services by network name, sorted, with the service name as an alias", () => {
    const web = serviceIn(stackOf(yaml), "web");
    expect(web.TaskTemplate.Networks).toEqual([
      { Target: "demo_front", Aliases: ["www", "web"] },
      { Target: "shared-back", Aliases: ["web"] },
    ]);
    expect(serviceIn(stackOf(yaml), "job").TaskTemplate.Networks).toEqual([{ Target: "demo_default", Aliases: ["job"] }]);
  });

  it("uses an external network by its own name and never creates it", () => {
    const stack = stackOf(`
services: { web: { image: nginx, networks: [outside] } }
networks: { outside: { external: true, name: corp-net } }
`);
    expect(stack.networks).toEqual([{ key: "outside", name: "corp-net", external: true }]);
    expect(serviceIn(stack, "web").TaskTemplate.Networks).toEqual([{ Target: "corp-net", Aliases: ["web"] }]);
  });

  it("turns a bridge network into an overlay one, with a warning", () => {
    const stack = stackOf("services: { web: { image: nginx, networks: [n] } }\nnetworks: { n: { driver: bridge } }");
    expect(stack.networks[0]?.spec?.Driver).toBe("overlay");
    expect(problemKeys(stack.warnings)).toEqual(["- networks.n.driver"]);
  });

  it("warns about fixed addresses, which Swarm assigns itself", () => {
    const stack = stackOf(`
services: { web: { image: nginx, networks: { n: { ipv4_address: 10.1.0.5 } } } }
networks: { n: { ipam: { config: [{ subnet: 10.1.0.0/24 }] } } }
`);
    expect(problemKeys(stack.warnings)).toEqual(["web networks.n.ipv4_address"]);
  });
});

describe("toSwarmStack: volumes", () => {
  it("mounts named volumes by stack name with the namespace label, external ones by their own name", () => {
    const stack = stackOf(`
services:
  web:
    image: nginx
    volumes:
      - data:/data
      - type: volume
        source: cache
        target: /cache
        volume: { nocopy: true, subpath: sub }
      - legacy:/legacy:ro
      - /anon
volumes:
  data: { driver: local, driver_opts: { type: tmpfs, device: tmpfs }, labels: { backup: "yes" } }
  cache: {}
  legacy: { external: true, name: old-data }
`);
    expect(stack.volumes).toEqual([
      { key: "cache", name: "demo_cache", external: false },
      { key: "data", name: "demo_data", external: false },
      { key: "legacy", name: "old-data", external: true },
    ]);
    expect(serviceIn(stack, "web").TaskTemplate.ContainerSpec.Mounts).toEqual([
      {
        Type: "volume",
        Source: "demo_data",
        Target: "/data",
        VolumeOptions: {
          Labels: { backup: "yes", "com.docker.stack.namespace": "demo" },
          DriverConfig: { Name: "local", Options: { type: "tmpfs", device: "tmpfs" } },
        },
      },
      { Type: "volume", Source: "demo_cache", Target: "/cache", VolumeOptions: { NoCopy: true, Labels: { "com.docker.stack.namespace": "demo" }, Subpath: "sub" } },
      { Type: "volume", Source: "old-data", Target: "/legacy", ReadOnly: true },
      { Type: "volume", Target: "/anon" },
    ]);
  });
});

describe("toSwarmStack: secrets and configs", () => {
  const yaml = `
services:
  web:
    image: nginx
    secrets:
      - db_pw
      - { source: api_key, target: /etc/api.key, uid: "100", gid: "101", mode: 0400 }
      - outside
    configs:
      - site
      - { source: motd, target: /etc/motd }
secrets:
  db_pw: { file: ./db_pw.txt, labels: { kind: pw } }
  api_key: { environment: API_KEY }
  outside: { external: true, name: corp-secret }
configs:
  site: { content: "server {}" }
  motd: { file: ./motd }
`;
  const options = { files: { "/proj/db_pw.txt": "hunter2", "/proj/motd": "hello" }, env: { API_KEY: "k-123" } };

  it("names each by content hash, with the namespace label and the content base64", () => {
    const stack = stackOf(yaml, options);
    expect(stack.errors).toEqual([]);
    expect(stack.secrets).toEqual([
      {
        key: "api_key",
        name: `demo_api_key_${sha10("k-123")}`,
        external: false,
        spec: { Name: `demo_api_key_${sha10("k-123")}`, Labels: { "com.docker.stack.namespace": "demo" }, Data: Buffer.from("k-123").toString("base64") },
      },
      {
        key: "db_pw",
        name: `demo_db_pw_${sha10("hunter2")}`,
        external: false,
        spec: { Name: `demo_db_pw_${sha10("hunter2")}`, Labels: { kind: "pw", "com.docker.stack.namespace": "demo" }, Data: Buffer.from("hunter2").toString("base64") },
      },
      { key: "outside", name: "corp-secret", external: true },
    ]);
    expect(stack.configs.map((c) => [c.name, c.spec?.Data])).toEqual([
      [`demo_motd_${sha10("hello")}`, Buffer.from("hello").toString("base64")],
      [`demo_site_${sha10("server {}")}`, Buffer.from("server {}").toString("base64")],
    ]);
  });

  it("references them sorted by name, with docker stack's defaults (uid/gid 0, mode 0444, target = source)", () => {
    const spec = containerOf(yaml, "web", options);
    expect(spec.Secrets).toEqual([
      { File: { Name: "outside", UID: "0", GID: "0", Mode: 0o444 }, SecretName: "corp-secret" },
      { File: { Name: "/etc/api.key", UID: "100", GID: "101", Mode: 0o400 }, SecretName: `demo_api_key_${sha10("k-123")}` },
      { File: { Name: "db_pw", UID: "0", GID: "0", Mode: 0o444 }, SecretName: `demo_db_pw_${sha10("hunter2")}` },
    ]);
    expect(spec.Configs).toEqual([
      { File: { Name: "/etc/motd", UID: "0", GID: "0", Mode: 0o444 }, ConfigName: `demo_motd_${sha10("hello")}` },
      { File: { Name: "site", UID: "0", GID: "0", Mode: 0o444 }, ConfigName: `demo_site_${sha10("server {}")}` },
    ]);
  });

  it("gives a changed content a new name, so a redeploy rotates it", () => {
    const before = stackOf(yaml, options);
    const after = stackOf(yaml, { ...options, files: { ...options.files, "/proj/db_pw.txt": "correct horse" } });
    expect(after.secrets.find((s) => s.key === "db_pw")?.name).toBe(`demo_db_pw_${sha10("correct horse")}`);
    expect(serviceIn(after, "web").Labels["tscompose.stack.spec-hash"]).not.toBe(serviceIn(before, "web").Labels["tscompose.stack.spec-hash"]);
  });

  it("reports an unreadable file, an unset variable and empty content as errors", () => {
    const stack = stackOf(
      `
services: { web: { image: nginx, secrets: [a, b], configs: [c] } }
secrets: { a: { file: ./missing.txt }, b: { environment: NOPE } }
configs: { c: { content: "" } }
`,
    );
    expect(problemKeys(stack.errors)).toEqual(["- secrets.a.file", "- secrets.b.environment", "- configs.c"]);
    expect(stack.errors[0]?.message).toContain("/proj/missing.txt: it does not exist");
    expect(stack.errors[1]?.message).toContain("NOPE, which is not set");
  });
});

describe("toSwarmStack: spec hash", () => {
  const yaml = `
services:
  web:
    image: nginx
    environment: { A: "1", B: "2" }
    ports: ["80:80", "443:443"]
    deploy: { replicas: 2 }
`;

  it("is the sha256 of the spec without the label, and the same for the same file", () => {
    const web = serviceIn(stackOf(yaml), "web");
    expect(web.Labels["tscompose.stack.spec-hash"]).toBe(serviceSpecHash(web));
    expect(serviceIn(stackOf(yaml), "web")).toEqual(web);
  });

  it("does not change when the file lists the same things in another order", () => {
    const reordered = yaml.replace(`{ A: "1", B: "2" }`, `{ B: "2", A: "1" }`).replace(`["80:80", "443:443"]`, `["443:443", "80:80"]`);
    expect(serviceIn(stackOf(reordered), "web").Labels["tscompose.stack.spec-hash"]).toBe(serviceIn(stackOf(yaml), "web").Labels["tscompose.stack.spec-hash"]);
  });

  it("changes when the service changes", () => {
    const scaled = yaml.replace("replicas: 2", "replicas: 3");
    expect(serviceIn(stackOf(scaled), "web").Labels["tscompose.stack.spec-hash"]).not.toBe(serviceIn(stackOf(yaml), "web").Labels["tscompose.stack.spec-hash"]);
  });
});
