import { describe, expect, it } from "vitest";
import { Diagnostics } from "../../spec/errors.js";
import { normalizeForTest } from "../../test/kits/normalize-kit.js";
import type { Project } from "../../spec/project.js";
import { containerSpec, type ContainerSpecInput } from "./container-spec.js";
import { COMPOSE_VERSION_LABEL, LABELS } from "../runtime/labels.js";

const project = (yaml: string): Project => {
  const { project, diag } = normalizeForTest(yaml);
  expect(diag.errors.map((e) => e.message)).toEqual([]);
  return project;
};

const containers: Record<string, string> = { db: "demo-db-1", vpn: "demo-vpn-1", data: "demo-data-1" };

function spec(p: Project, service: string, extra: Partial<ContainerSpecInput> = {}) {
  return containerSpec({
    project: p,
    service,
    number: 1,
    name: `demo-${service}-1`,
    image: p.services[service]?.image ?? "",
    configHash: "hash123",
    projectDir: "/proj",
    configFiles: ["/proj/compose.yaml", "/proj/compose.override.yaml"],
    resolveServiceContainer: (s) => containers[s],
    ...extra,
  });
}

const composeLabels = (service: string, dependsOn = "") => ({
  [LABELS.project]: "demo",
  [LABELS.service]: service,
  [LABELS.containerNumber]: "1",
  [LABELS.oneoff]: "False",
  [LABELS.configHash]: "hash123",
  [LABELS.dependsOn]: dependsOn,
  [LABELS.workingDir]: "/proj",
  [LABELS.configFiles]: "/proj/compose.yaml,/proj/compose.override.yaml",
  [LABELS.version]: COMPOSE_VERSION_LABEL,
});

const RICH = `
services:
  web:
    image: registry.local/web:1.2
    platform: linux/amd64
    command: ["serve", "--port", "80"]
    entrypoint: /docker-entrypoint.sh
    environment: {MODE: prod, EMPTY: ""}
    labels: {team: core}
    user: "1000:1000"
    working_dir: /app
    hostname: web01
    domainname: example.test
    tty: true
    stdin_open: true
    stop_signal: SIGINT
    stop_grace_period: 1m30s
    healthcheck:
      test: ["CMD", "wget", "-q", "-O-", "http://localhost/health"]
      interval: 10s
      timeout: 2s
      retries: 5
      start_period: 30s
      start_interval: 1s
    ports: ["127.0.0.1:8080:80", "443"]
    expose: ["9000"]
    volumes:
      - ./static:/app/static:ro
      - uploads:/app/uploads
      - /app/cache
    tmpfs: ["/run:size=64m"]
    volumes_from: ["data:ro"]
    networks:
      front: {aliases: [www], priority: 1}
      back: {ipv4_address: 172.30.0.10}
    depends_on:
      db: {condition: service_healthy, restart: true}
      cache: {condition: service_started}
    restart: unless-stopped
    cap_add: [NET_ADMIN]
    cap_drop: [ALL]
    privileged: false
    read_only: true
    extra_hosts: ["gateway.local:10.0.0.1"]
    dns: [1.1.1.1]
    dns_search: [example.test]
    dns_opt: [ndots:2]
    init: true
    cpus: 1.5
    mem_limit: 256m
    ulimits: {nofile: {soft: 1024, hard: 2048}}
    sysctls: {net.core.somaxconn: 1024}
    security_opt: [no-new-privileges:true]
    devices: ["/dev/fuse"]
    logging: {driver: json-file, options: {max-size: 10m}}
    shm_size: 128m
    group_add: [audio]
    ipc: private
    pid: "service:db"
    cgroup_parent: /tscompose
    oom_score_adj: -100
    mac_address: "02:42:ac:11:00:02"
  db: {image: postgres}
  cache: {image: redis}
  data: {image: busybox}
networks:
  front: {}
  back: {ipam: {config: [{subnet: 172.30.0.0/16}]}}
volumes:
  uploads: {}
`;

describe("containerSpec", () => {
  it("maps a rich service attribute by attribute", () => {
    expect(spec(project(RICH), "web", { imageId: "sha256:feed" })).toEqual({
      name: "demo-web-1",
      image: "registry.local/web:1.2",
      platform: "linux/amd64",
      cmd: ["serve", "--port", "80"],
      entrypoint: ["/docker-entrypoint.sh"],
      env: { MODE: "prod", EMPTY: "" },
      labels: { team: "core", ...composeLabels("web", "cache:service_started:false,data:service_started:false,db:service_healthy:true"), [LABELS.image]: "sha256:feed" },
      user: "1000:1000",
      workingDir: "/app",
      hostname: "web01",
      domainname: "example.test",
      tty: true,
      stdinOpen: true,
      stopSignal: "SIGINT",
      stopTimeoutSeconds: 90,
      healthcheck: {
        test: ["CMD", "wget", "-q", "-O-", "http://localhost/health"],
        intervalNs: 10e9,
        timeoutNs: 2e9,
        retries: 5,
        startPeriodNs: 30e9,
        startIntervalNs: 1e9,
      },
      exposedPorts: ["9000", "80/tcp", "443/tcp"],
      portBindings: [
        { containerPort: 80, protocol: "tcp", hostIp: "127.0.0.1", hostPort: "8080" },
        { containerPort: 443, protocol: "tcp" },
      ],
      mounts: [
        { type: "bind", source: "/proj/static", target: "/app/static", readOnly: true, createHostPath: true },
        { type: "volume", source: "demo_uploads", target: "/app/uploads", noCopy: false, declared: true },
        { type: "volume", target: "/app/cache", noCopy: false },
      ],
      tmpfs: { "/run": "size=64m" },
      volumesFrom: ["demo-data-1:ro"],
      networkMode: "demo_front",
      networks: [
        { network: "demo_front", aliases: ["demo-web-1", "web", "www"], macAddress: "02:42:ac:11:00:02", configured: true },
        { network: "demo_back", aliases: ["demo-web-1", "web"], ipv4Address: "172.30.0.10", configured: true },
      ],
      restartPolicy: { name: "unless-stopped" },
      capAdd: ["NET_ADMIN"],
      capDrop: ["ALL"],
      privileged: false,
      readOnlyRootfs: true,
      extraHosts: ["gateway.local:10.0.0.1"],
      dns: ["1.1.1.1"],
      dnsSearch: ["example.test"],
      dnsOptions: ["ndots:2"],
      init: true,
      resources: { nanoCpus: 1.5e9, memoryBytes: 256 * 1024 ** 2 },
      ulimits: [{ name: "nofile", soft: 1024, hard: 2048 }],
      sysctls: { "net.core.somaxconn": "1024" },
      securityOpt: ["no-new-privileges:true"],
      devices: [{ pathOnHost: "/dev/fuse", pathInContainer: "/dev/fuse", cgroupPermissions: "rwm" }],
      logging: { driver: "json-file", options: { "max-size": "10m" } },
      shmSizeBytes: 128 * 1024 ** 2,
      groupAdd: ["audio"],
      ipcMode: "private",
      pidMode: "container:demo-db-1",
      cgroupParent: "/tscompose",
      oomScoreAdj: -100,
      macAddress: "02:42:ac:11:00:02",
    });
  });

  it("gives a bare service only its name, image, labels and default network", () => {
    expect(spec(project("services: {app: {image: alpine}}"), "app")).toEqual({
      name: "demo-app-1",
      image: "alpine",
      labels: composeLabels("app"),
      networkMode: "demo_default",
      networks: [{ network: "demo_default", aliases: ["demo-app-1", "app"] }],
    });
  });

  it("keeps an empty entrypoint and command, which clear the image's", () => {
    const s = spec(project("services: {app: {image: alpine, entrypoint: [], command: []}}"), "app");
    expect(s.entrypoint).toEqual([]);
    expect(s.cmd).toEqual([]);
  });

  it("lets Compose's labels win over the service's own and adds extra labels last", () => {
    const p = project(`services: {app: {image: alpine, labels: {com.docker.compose.project: other, keep: "yes"}}}`);
    const s = spec(p, "app", { envFile: "/proj/.env", extraLabels: { [LABELS.replace]: "abc" } });
    expect(s.labels).toEqual({
      keep: "yes",
      ...composeLabels("app"),
      [LABELS.environmentFile]: "/proj/.env",
      [LABELS.replace]: "abc",
    });
  });

  it("marks a one-off container and gives it no service aliases unless asked", () => {
    const p = project("services: {app: {image: alpine, networks: {default: {aliases: [api]}}}}");
    const oneoff = spec(p, "app", { oneoff: true, number: 1, name: "demo-app-run-abc" });
    expect(oneoff.labels?.[LABELS.oneoff]).toBe("True");
    expect(oneoff.networks).toEqual([{ network: "demo_default", aliases: ["demo-app-run-abc"], configured: true }]);
    const aliased = spec(p, "app", { oneoff: true, useNetworkAliases: true, name: "demo-app-run-abc" });
    expect(aliased.networks?.[0]?.aliases).toEqual(["demo-app-run-abc", "app", "api"]);
  });

  it("shares another service's namespaces through its container", () => {
    const p = project(`
services:
  vpn: {image: x}
  app: {image: x, network_mode: "service:vpn", ipc: "service:vpn", pid: host}
`);
    const s = spec(p, "app");
    expect(s).toMatchObject({ networkMode: "container:demo-vpn-1", ipcMode: "container:demo-vpn-1", pidMode: "host" });
    expect(s.networks).toBeUndefined();
  });

  it("fails when a shared namespace's service has no container", () => {
    const p = project("services: {solo: {image: x}, app: {image: x, ipc: 'service:solo'}}");
    expect(() => spec(p, "app")).toThrow(/refers to service "solo" in ipc, but "solo" has no container/);
  });

  it("names an unknown service", () => {
    expect(() => spec(project("services: {app: {image: x}}"), "ghost")).toThrow(/no such service: ghost/);
  });

  it("turns links and external_links into container:alias links on every endpoint, in Compose's order and with its repeats", () => {
    const p = project(`
services:
  db: {image: x}
  app:
    image: x
    links: [db, "db:database"]
    external_links: ["legacy-redis-1:redis", shared-cache]
    networks: [default, back]
networks:
  back: {}
`);
    const s = spec(p, "app");
    // As Compose 2.40.3 sends them (measured): each link also under `<service>-<n>` and
    // `<project>-<service>-<n>` (n: this container's number), repeated for the second link of db.
    const db = containers["db"];
    const extra = [`${db}:db-1`, `${db}:demo-db-1`];
    const links = [`${db}:db`, ...extra, `${db}:database`, ...extra, "legacy-redis-1:redis", "shared-cache:shared-cache"];
    expect(s.networks?.map((n) => n.links)).toEqual([links, links]);
  });

  it("carries cgroup, device_cgroup_rules, volume_driver, the real-time CPU limits and block-IO device limits", () => {
    const p = project(`
services:
  app:
    image: x
    cgroup: host
    device_cgroup_rules: ["c 1:3 mr"]
    volume_driver: local
    cpu_rt_period: 1000000
    cpu_rt_runtime: 950000
    blkio_config: {weight: 300, weight_device: [{path: /dev/sda, weight: 400}], device_read_bps: [{path: /dev/sda, rate: 1mb}], device_write_iops: [{path: /dev/sda, rate: 30}]}
`);
    const diag = new Diagnostics();
    const s = spec(p, "app", { diag });
    expect(diag.warnings).toEqual([]);
    expect({ cgroupnsMode: s.cgroupnsMode, deviceCgroupRules: s.deviceCgroupRules, volumeDriver: s.volumeDriver }).toEqual({ cgroupnsMode: "host", deviceCgroupRules: ["c 1:3 mr"], volumeDriver: "local" });
    expect(s.resources).toEqual({
      blkioWeight: 300,
      blkioWeightDevice: [{ path: "/dev/sda", weight: 400 }],
      blkioDeviceReadBps: [{ path: "/dev/sda", rate: 1024 * 1024 }],
      blkioDeviceWriteIops: [{ path: "/dev/sda", rate: 30 }],
      cpuRealtimePeriod: 1000000,
      cpuRealtimeRuntime: 950000,
    });
  });

  it("warns once per attribute the runtime cannot carry", () => {
    const p = project(`
services:
  app:
    image: x
    credential_spec: {file: x.json}
`);
    const diag = new Diagnostics();
    spec(p, "app", { diag });
    spec(p, "app", { diag });
    expect(diag.warnings.map((w) => w.message)).toEqual(["services.app.credential_spec is not supported by tscompose yet and is ignored"]);
    expect(diag.warnings.every((w) => w.code === "W_UNSUPPORTED_ATTRIBUTE")).toBe(true);
  });

  it("gives use_api_socket the engine's socket as a plain bind and DOCKER_CONFIG, as Compose 2.40 does", () => {
    const p = project(`
services:
  app:
    image: x
    use_api_socket: true
    volumes: [data:/data]
volumes:
  data: {}
`);
    const s = spec(p, "app");
    expect(s.env).toEqual({ DOCKER_CONFIG: "/run/secrets/docker" });
    expect(s.mounts).toEqual([
      { type: "volume", source: "demo_data", target: "/data", noCopy: false, declared: true },
      { type: "bind", source: "/var/run/docker.sock", target: "/var/run/docker.sock" },
    ]);
    expect(spec(p, "app", { engineEndpoint: "unix:///run/user/1000/docker.sock" }).mounts?.[1]).toMatchObject({ source: "/run/user/1000/docker.sock" });
    expect(() => spec(p, "app", { engineEndpoint: "ssh://me@host" })).toThrow(/use_api_socket can only be used with unix sockets/);
  });

  it("carries annotations, cpu_count, isolation and systempaths=unconfined (as empty masked paths), as Compose does", () => {
    const p = project(`
services:
  app:
    image: x
    cpu_count: 2
    isolation: default
    annotations: {com.example.a: "1"}
    security_opt: [systempaths=unconfined, "label:disable"]
`);
    const diag = new Diagnostics();
    const s = spec(p, "app", { diag });
    expect(diag.warnings).toEqual([]);
    expect(s.securityOpt).toEqual(["label:disable"]);
    expect(s).toMatchObject({ systemPathsUnconfined: true, annotations: { "com.example.a": "1" }, isolation: "default", resources: { cpuCount: 2 } });
  });

  it("exposes expose: entries as written and published ports as port/protocol", () => {
    const p = project(`
services:
  app:
    image: x
    expose: ["5432", "7000-7001/udp"]
    ports: ["8080:80", "53:53/udp"]
`);
    expect(spec(p, "app").exposedPorts).toEqual(["5432", "7000-7001/udp", "80/tcp", "53/udp"]);
  });
});
