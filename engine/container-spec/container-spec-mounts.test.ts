import { describe, expect, it } from "vitest";
import { normalizeForTest } from "../../test/kits/normalize-kit.js";
import type { Project } from "../../spec/project.js";
import { serviceConfigHash } from "../../spec/compose-go/hash.js";
import { serviceMounts, tmpfsMap, volumesFrom, withApiSocket } from "./container-spec-mounts.js";

const project = (yaml: string): Project => {
  const { project, diag } = normalizeForTest(yaml);
  expect(diag.errors.map((e) => e.message)).toEqual([]);
  return project;
};
const mounts = (yaml: string, service = "app") => {
  const p = project(yaml);
  return serviceMounts(p, service, p.services[service]!);
};

describe("serviceMounts", () => {
  it("maps bind mounts with their options; a long-syntax bind: section creates the source only with create_host_path: true (Compose 2.40)", () => {
    expect(
      mounts(`
services:
  app:
    image: x
    volumes:
      - ./src:/src:z
      - /var/log:/host-log:ro,rslave
      - {type: bind, source: ./conf, target: /conf}
      - {type: bind, source: /must/exist, target: /strict, bind: {create_host_path: false, propagation: shared, selinux: Z}}
      - {type: bind, source: /opts, target: /opts, bind: {selinux: z}}
      - {type: bind, source: /made, target: /made, bind: {create_host_path: true, recursive: readonly}}
`),
    ).toEqual([
      { type: "bind", source: "/proj/src", target: "/src", createHostPath: true, selinux: "z" },
      { type: "bind", source: "/var/log", target: "/host-log", readOnly: true, createHostPath: true, propagation: "rslave" },
      { type: "bind", source: "/proj/conf", target: "/conf" },
      { type: "bind", source: "/must/exist", target: "/strict", createHostPath: false, propagation: "shared", selinux: "Z" },
      { type: "bind", source: "/opts", target: "/opts", createHostPath: false, selinux: "z" },
      { type: "bind", source: "/made", target: "/made", createHostPath: true, recursive: "readonly" },
    ]);
  });

  it("gives named volumes their engine name and declared, anonymous ones neither, and volume options when the entry has them", () => {
    expect(
      mounts(`
services:
  app:
    image: x
    volumes:
      - data:/data
      - shared:/shared:ro
      - named:/named:nocopy
      - {type: volume, source: data, target: /sub, volume: {subpath: logs}}
      - /anon
      - {type: volume, source: data, target: /long}
      - {type: volume, target: /anon-long}
volumes:
  data: {}
  shared: {external: true}
  named: {name: custom-name}
`),
    ).toEqual([
      { type: "volume", source: "demo_data", target: "/data", noCopy: false, declared: true },
      { type: "volume", source: "shared", target: "/shared", readOnly: true, noCopy: false, declared: true },
      { type: "volume", source: "custom-name", target: "/named", noCopy: true, declared: true },
      { type: "volume", source: "demo_data", target: "/sub", noCopy: false, subpath: "logs", declared: true },
      { type: "volume", target: "/anon", noCopy: false },
      { type: "volume", source: "demo_data", target: "/long", declared: true },
      { type: "volume", target: "/anon-long" },
    ]);
  });

  it("maps tmpfs mounts with size and mode", () => {
    expect(mounts("services: {app: {image: x, volumes: [{type: tmpfs, target: /scratch, tmpfs: {size: 1g, mode: 448}}, {type: tmpfs, target: /t}]}}")).toEqual([
      { type: "tmpfs", target: "/scratch", sizeBytes: 1024 ** 3, mode: 448 },
      { type: "tmpfs", target: "/t" },
    ]);
  });

  it("carries volume labels, and a bind: section's selinux and propagation on a volume, as Compose 2.40 reads them", () => {
    expect(
      mounts(`
services:
  app:
    image: x
    volumes:
      - {type: volume, source: data, target: /labelled, volume: {labels: {x: y}}}
      - {type: volume, source: data, target: /no-labels, volume: {labels: {}}}
      - data:/relabel:z
      - {type: volume, source: data, target: /prop, bind: {propagation: rshared}}
volumes:
  data: {}
`),
    ).toEqual([
      { type: "volume", source: "demo_data", target: "/labelled", noCopy: false, labels: { x: "y" }, declared: true },
      { type: "volume", source: "demo_data", target: "/no-labels", noCopy: false, declared: true },
      { type: "volume", source: "demo_data", target: "/relabel", noCopy: false, selinux: "z", declared: true },
      { type: "volume", source: "demo_data", target: "/prop", propagation: "rshared", declared: true },
    ]);
  });

  it("passes image, npipe and cluster mounts on as Compose does (the engine judges them)", () => {
    expect(
      mounts(`
services:
  app:
    image: x
    volumes:
      - {type: image, source: "tscompose-busybox:latest", target: /img, image: {subpath: bin}}
      - {type: image, source: alpine, target: /whole, read_only: true}
      - {type: npipe, source: '\\\\.\\pipe\\docker_engine', target: '\\\\.\\pipe\\docker_engine'}
      - {type: cluster, source: myvol, target: /c}
`),
    ).toEqual([
      { type: "image", source: "tscompose-busybox:latest", target: "/img", subpath: "bin" },
      { type: "image", source: "alpine", target: "/whole", readOnly: true },
      { type: "npipe", source: "\\\\.\\pipe\\docker_engine", target: "\\\\.\\pipe\\docker_engine" },
      { type: "cluster", source: "myvol", target: "/c" },
    ]);
  });

  it("bind-mounts file secrets and configs read-only, after volumes and never over them", () => {
    expect(
      mounts(`
services:
  app:
    image: x
    volumes: ["./override:/run/secrets/token"]
    secrets: [db_pass, {source: api_key, target: api.key}, token, from_env]
    configs: [nginx, {source: app_conf, target: /etc/app.conf}, inline]
secrets:
  db_pass: {file: ./secrets/db.txt}
  api_key: {file: /abs/api.key}
  token: {file: ./token.txt}
  from_env: {environment: HOME}
configs:
  nginx: {file: ./nginx.conf}
  app_conf: {file: ./app.conf}
  inline: {content: "hello"}
`),
    ).toEqual([
      { type: "bind", source: "/proj/override", target: "/run/secrets/token", createHostPath: true },
      { type: "bind", source: "/proj/secrets/db.txt", target: "/run/secrets/db_pass", readOnly: true, file: "secret", createHostPath: false },
      { type: "bind", source: "/abs/api.key", target: "/run/secrets/api.key", readOnly: true, file: "secret", createHostPath: false },
      { type: "bind", source: "/proj/nginx.conf", target: "/nginx", readOnly: true, file: "config" },
      { type: "bind", source: "/proj/app.conf", target: "/etc/app.conf", readOnly: true, file: "config" },
    ]);
  });

  it("rejects an external secret, which only Swarm provides", () => {
    expect(() => mounts("services: {app: {image: x, secrets: [s]}}\nsecrets: {s: {external: true}}")).toThrow(/external secret "s"/);
  });
});

describe("tmpfsMap", () => {
  it("splits each entry at its first colon", () => {
    const p = project("services: {app: {image: x, tmpfs: [/run, '/tmp:size=64m,mode=1777', '/a:b:c']}}");
    expect(tmpfsMap(p.services["app"]!)).toEqual({ "/run": "", "/tmp": "size=64m,mode=1777", "/a": "b:c" });
    expect(tmpfsMap(project("services: {app: {image: x}}").services["app"]!)).toBeUndefined();
  });
});

describe("volumesFrom", () => {
  const p = project(`
services:
  data: {image: x}
  app: {image: x, volumes_from: [data, "data:ro", "container:legacy", "container:legacy:rw"]}
`);

  it("resolves services to their container and keeps access modes", () => {
    expect(volumesFrom("app", p.services["app"]!, (s) => (s === "data" ? "demo-data-1" : undefined))).toEqual([
      "demo-data-1",
      "demo-data-1:ro",
      "legacy",
      "legacy:rw",
    ]);
  });

  it("fails when the service has no container", () => {
    expect(() => volumesFrom("app", p.services["app"]!, () => undefined)).toThrow(/in volumes_from, but "data" has no container/);
  });
});

describe("withApiSocket", () => {
  const svc = (yaml: string) => project(yaml).services["app"]!;

  it("rewrites the service as Compose 2.40 does: socket bind, DOCKER_CONFIG and the #apisocket config", () => {
    const s = withApiSocket("app", svc("services: {app: {image: x, use_api_socket: true, environment: {A: b}, volumes: [/anon]}}"), "unix:///run/user/1000/docker.sock");
    expect(s.volumes?.slice(1)).toEqual([{ type: "bind", source: "/run/user/1000/docker.sock", target: "/var/run/docker.sock" }]);
    expect(s.environment).toEqual({ A: "b", DOCKER_CONFIG: "/run/secrets/docker" });
    expect(s.configs).toEqual([{ source: "#apisocket", target: "/run/secrets/docker/config.json" }]);
  });

  it("keeps a DOCKER_CONFIG the service sets, and changes nothing without use_api_socket", () => {
    const own = svc("services: {app: {image: x, use_api_socket: true, environment: {DOCKER_CONFIG: /cfg}}}");
    expect(withApiSocket("app", own, "unix:///var/run/docker.sock").environment).toEqual({ DOCKER_CONFIG: "/cfg" });
    const plain = svc("services: {app: {image: x}}");
    expect(withApiSocket("app", plain, "tcp://h:2375")).toBe(plain);
  });

  it("gives the config hash Compose 2.40.3 writes on the container (measured), not its config --hash", () => {
    const s = svc("services: {app: {image: tscompose-busybox:latest, use_api_socket: true}}");
    expect(serviceConfigHash(s)).toBe("e6f0f4b262fa816c35763244d39948463a80bcd47d01134e30b4406a99b3ddd2");
    expect(serviceConfigHash(withApiSocket("app", s, "unix:///var/run/docker.sock"))).toBe("7e25ed214cea352a7eab0821e3b50bbb72f1835344040ce1f1d439f4c2417a14");
  });

  it("refuses an engine that is not on a unix socket, with Compose's words", () => {
    expect(() => withApiSocket("app", svc("services: {app: {image: x, use_api_socket: true}}"), "tcp://10.0.0.1:2376")).toThrow(
      "use_api_socket can only be used with unix sockets: docker endpoint tcp://10.0.0.1:2376 is incompatible",
    );
  });
});
