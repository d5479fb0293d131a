import { describe, expect, it } from "vitest";
import { containerOf, problemKeys, serviceIn, stackOf } from "../../test/kits/swarm-convert-kit.js";

const S = 1e9;

describe("serviceSpec: the container", () => {
  it("maps the process, environment and identity attributes as docker stack does", () => {
    const spec = containerOf(`
services:
  web:
    image: app:2
    entrypoint: [/bin/entry]
    command: [serve, --port, "80"]
    hostname: web-host
    environment: { B: "2", A: "1", UNSET: null, EMPTY: "" }
    working_dir: /srv
    user: "1000:1000"
    group_add: [audio]
    tty: true
    stdin_open: true
    read_only: true
    init: true
    stop_signal: SIGINT
    stop_grace_period: 1m30s
    isolation: default
    oom_score_adj: 200
`);
    expect(spec).toMatchObject({
      Image: "app:2",
      Command: ["/bin/entry"],
      Args: ["serve", "--port", "80"],
      Hostname: "web-host",
      Env: ["A=1", "B=2", "EMPTY="],
      Dir: "/srv",
      User: "1000:1000",
      Groups: ["audio"],
      TTY: true,
      OpenStdin: true,
      ReadOnly: true,
      Init: true,
      StopSignal: "SIGINT",
      StopGracePeriod: 90 * S,
      Isolation: "default",
      OomScoreAdj: 200,
    });
  });

  it("leaves out what is not set, so Swarm keeps the image's", () => {
    expect(containerOf("services: { web: { image: nginx } }")).toEqual({ Image: "nginx", Labels: { "com.docker.stack.namespace": "demo" } });
  });

  it("writes extra hosts as 'IP host', and DNS, sysctls, capabilities and ulimits in the API's form", () => {
    const spec = containerOf(`
services:
  web:
    image: nginx
    extra_hosts: ["db.local:10.0.0.5", "v6:::1"]
    dns: [1.1.1.1]
    dns_search: [corp]
    dns_opt: [ndots:2]
    sysctls: { net.core.somaxconn: 1024 }
    cap_add: [net_admin]
    cap_drop: [ALL]
    ulimits: { nproc: 65535, nofile: { soft: 1024, hard: 2048 } }
`);
    expect(spec.Hosts).toEqual(["10.0.0.5 db.local", "::1 v6"]);
    expect(spec.DNSConfig).toEqual({ Nameservers: ["1.1.1.1"], Search: ["corp"], Options: ["ndots:2"] });
    expect(spec.Sysctls).toEqual({ "net.core.somaxconn": "1024" });
    expect(spec.CapabilityAdd).toEqual(["CAP_NET_ADMIN"]);
    expect(spec.CapabilityDrop).toEqual(["ALL"]);
    expect(spec.Ulimits).toEqual([
      { Name: "nofile", Soft: 1024, Hard: 2048 },
      { Name: "nproc", Soft: 65535, Hard: 65535 },
    ]);
  });

  it("converts the healthcheck's durations to nanoseconds, and disable to NONE", () => {
    const spec = containerOf(`
services:
  web:
    image: nginx
    healthcheck: { test: [CMD, wget, -q, localhost], interval: 5s, timeout: 2s, retries: 4, start_period: 1m, start_interval: 500ms }
  quiet:
    image: nginx
    healthcheck: { disable: true }
`);
    expect(spec.Healthcheck).toEqual({ Test: ["CMD", "wget", "-q", "localhost"], Interval: 5 * S, Timeout: 2 * S, Retries: 4, StartPeriod: 60 * S, StartInterval: 0.5 * S });
    expect(containerOf("services: { web: { image: nginx, healthcheck: { disable: true } } }").Healthcheck).toEqual({ Test: ["NONE"] });
  });

  it("mounts binds, tmpfs volumes and tmpfs entries with their options", () => {
    const spec = containerOf(`
services:
  web:
    image: nginx
    volumes:
      - ./site:/usr/share/nginx/html:ro
      - { type: bind, source: /var/log, target: /logs, bind: { propagation: rslave, create_host_path: false } }
      - { type: tmpfs, target: /cache, tmpfs: { size: 1m, mode: 0700 } }
    tmpfs: ["/run:size=64m,mode=1777", /tmp]
`);
    expect(spec.Mounts).toEqual([
      { Type: "bind", Source: "/proj/site", Target: "/usr/share/nginx/html", ReadOnly: true, BindOptions: { CreateMountpoint: true } },
      { Type: "bind", Source: "/var/log", Target: "/logs", BindOptions: { Propagation: "rslave" } },
      { Type: "tmpfs", Target: "/cache", TmpfsOptions: { SizeBytes: 1024 * 1024, Mode: 0o700 } },
      { Type: "tmpfs", Target: "/run", TmpfsOptions: { SizeBytes: 64 * 1024 * 1024, Mode: 0o1777 } },
      { Type: "tmpfs", Target: "/tmp" },
    ]);
  });

  it("sets the log driver from logging", () => {
    const web = serviceIn(stackOf("services: { web: { image: nginx, logging: { driver: json-file, options: { max-size: 10m } } } }"), "web");
    expect(web.TaskTemplate.LogDriver).toEqual({ Name: "json-file", Options: { "max-size": "10m" } });
  });
});

describe("serviceSpec: deploy", () => {
  it("maps mode, replicas, resources, placement and the rollout configs", () => {
    const web = serviceIn(
      stackOf(`
services:
  web:
    image: nginx
    platform: linux/arm64
    deploy:
      replicas: 3
      resources:
        limits: { cpus: "0.5", memory: 256M, pids: 100 }
        reservations: { cpus: "0.25", memory: 64M }
      placement:
        constraints: [node.role == worker]
        preferences: [{ spread: node.labels.zone }]
        max_replicas_per_node: 2
      update_config: { parallelism: 2, delay: 10s, failure_action: rollback, monitor: 1m, max_failure_ratio: 0.3, order: start-first }
      rollback_config: { delay: 1s }
`),
      "web",
    );
    expect(web.Mode).toEqual({ Replicated: { Replicas: 3 } });
    expect(web.TaskTemplate.Resources).toEqual({ Limits: { NanoCPUs: 0.5 * S, MemoryBytes: 256 * 1024 * 1024, Pids: 100 }, Reservations: { NanoCPUs: 0.25 * S, MemoryBytes: 64 * 1024 * 1024 } });
    expect(web.TaskTemplate.Placement).toEqual({
      Constraints: ["node.role == worker"],
      Preferences: [{ Spread: { SpreadDescriptor: "node.labels.zone" } }],
      MaxReplicas: 2,
      Platforms: [{ OS: "linux", Architecture: "arm64" }],
    });
    expect(web.UpdateConfig).toEqual({ Parallelism: 2, Delay: 10 * S, FailureAction: "rollback", Monitor: 60 * S, MaxFailureRatio: 0.3, Order: "start-first" });
    expect(web.RollbackConfig).toEqual({ Parallelism: 1, Delay: 1 * S });
  });

  it("takes replicas from scale, and knows the global and job modes", () => {
    const stack = stackOf(`
services:
  web: { image: nginx, scale: 2 }
  agent: { image: agent, deploy: { mode: global } }
  migrate: { image: app, deploy: { mode: replicated-job, replicas: 4 } }
  sweep: { image: app, deploy: { mode: global-job } }
  one: { image: app }
`);
    expect(serviceIn(stack, "web").Mode).toEqual({ Replicated: { Replicas: 2 } });
    expect(serviceIn(stack, "agent").Mode).toEqual({ Global: {} });
    expect(serviceIn(stack, "migrate").Mode).toEqual({ ReplicatedJob: { MaxConcurrent: 4, TotalCompletions: 4 } });
    expect(serviceIn(stack, "sweep").Mode).toEqual({ GlobalJob: {} });
    expect(serviceIn(stack, "one").Mode).toEqual({ Replicated: {} });
  });

  it("uses the service-level cpus, mem_limit and pids_limit when deploy.resources leaves them unset", () => {
    const web = serviceIn(stackOf("services: { web: { image: nginx, cpus: 1.5, mem_limit: 1g, mem_reservation: 128m, pids_limit: 50 } }"), "web");
    expect(web.TaskTemplate.Resources).toEqual({ Limits: { NanoCPUs: 1.5 * S, MemoryBytes: 1024 ** 3, Pids: 50 }, Reservations: { MemoryBytes: 128 * 1024 * 1024 } });
  });

  it("maps restart to a restart policy when deploy.restart_policy is not set", () => {
    const stack = stackOf(`
services:
  a: { image: x, restart: always }
  b: { image: x, restart: unless-stopped }
  c: { image: x, restart: "on-failure:3" }
  d: { image: x, restart: "no" }
  e: { image: x, deploy: { restart_policy: { condition: on-failure, delay: 5s, max_attempts: 2, window: 2m } } }
`);
    expect(["a", "b", "c", "d", "e"].map((s) => serviceIn(stack, s).TaskTemplate.RestartPolicy)).toEqual([
      { Condition: "any" },
      { Condition: "any" },
      { Condition: "on-failure", MaxAttempts: 3 },
      { Condition: "none" },
      { Condition: "on-failure", Delay: 5 * S, MaxAttempts: 2, Window: 120 * S },
    ]);
    expect(stack.warnings).toEqual([]);
  });
});

describe("serviceSpec: endpoint", () => {
  it("publishes ports through the ingress mesh by default, on the node with mode host, sorted", () => {
    const web = serviceIn(
      stackOf(`
services:
  web:
    image: nginx
    ports:
      - "8080:80"
      - "53:53/udp"
      - { target: 443, published: "8443", mode: host, name: https }
      - "9000"
`),
      "web",
    );
    expect(web.EndpointSpec).toEqual({
      Mode: "vip",
      Ports: [
        { Protocol: "tcp", TargetPort: 9000, PublishMode: "ingress" },
        { Protocol: "udp", TargetPort: 53, PublishedPort: 53, PublishMode: "ingress" },
        { Protocol: "tcp", TargetPort: 80, PublishedPort: 8080, PublishMode: "ingress" },
        { Name: "https", Protocol: "tcp", TargetPort: 443, PublishedPort: 8443, PublishMode: "host" },
      ],
    });
  });

  it("uses DNS round robin with endpoint_mode dnsrr, which takes host-mode ports only", () => {
    const ok = stackOf("services: { web: { image: nginx, deploy: { endpoint_mode: dnsrr }, ports: [{ target: 80, published: '8080', mode: host }] } }");
    expect(serviceIn(ok, "web").EndpointSpec).toEqual({ Mode: "dnsrr", Ports: [{ Protocol: "tcp", TargetPort: 80, PublishedPort: 8080, PublishMode: "host" }] });
    expect(ok.errors).toEqual([]);
    const bad = stackOf("services: { web: { image: nginx, deploy: { endpoint_mode: dnsrr }, ports: ['8080:80'] } }");
    expect(problemKeys(bad.errors)).toEqual(["web ports[0]"]);
  });

  it("refuses a published range and warns about host_ip", () => {
    const stack = stackOf("services: { web: { image: nginx, ports: ['8000-8010:80', '127.0.0.1:81:81'] } }");
    expect(problemKeys(stack.errors)).toEqual(["web ports[0].published"]);
    expect(problemKeys(stack.warnings)).toEqual(["web ports[1].host_ip"]);
  });
});
