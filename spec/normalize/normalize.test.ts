import { describe, expect, it } from "vitest";
import { normalizeForTest as run } from "../../test/kits/normalize-kit.js";

const svc = (service: Record<string, unknown>, env?: Record<string, string>) =>
  run({ services: { web: service } } as never, env ? { env } : {}).project.services["web"];

describe("normalizeProject: project level", () => {
  it("sets the name, drops version with Compose's warning, keeps x-* extensions", () => {
    const { project, diag } = run('version: "3.8"\nname: ignored\nx-common: {a: 1}\nservices:\n  web: {image: nginx}\n');
    expect(project.name).toBe("demo");
    expect(project).not.toHaveProperty("version");
    expect(project["x-common"]).toEqual({ a: 1 });
    expect(diag.warnings).toEqual([
      {
        code: "W_VERSION_OBSOLETE",
        message: "the attribute `version` is obsolete, it will be ignored, please remove it to avoid potential confusion",
        location: { file: "/proj/compose.yaml", line: 1, column: 10 },
        path: ["version"],
      },
    ]);
  });

  it("returns a deeply frozen project and leaves the input untouched", () => {
    const data = { services: { web: { image: "nginx", ports: ["80"], labels: ["a=b"] } } };
    const before = structuredClone(data);
    const { project } = run(data);
    expect(data).toEqual(before);
    expect(Object.isFrozen(project)).toBe(true);
    expect(Object.isFrozen(project.services["web"]?.ports?.[0])).toBe(true);
    expect(Object.isFrozen(project.services["web"]?.labels)).toBe(true);
  });

  it("always has the resource maps", () => {
    const { project } = run({ services: { one: { image: "x", network_mode: "host" } } });
    expect(project).toMatchObject({ networks: {}, volumes: {}, secrets: {}, configs: {} });
  });
});

describe("normalizeProject: build, command, entrypoint", () => {
  it("expands a build string to an absolute context and the default Dockerfile", () => {
    expect(svc({ build: "./app" })?.build).toEqual({ context: "/proj/app", dockerfile: "Dockerfile" });
    expect(svc({ build: {} })?.build).toEqual({ context: "/proj", dockerfile: "Dockerfile" });
  });

  it("keeps URL and git contexts, a custom dockerfile, and no default with dockerfile_inline", () => {
    expect(svc({ build: "https://github.com/a/b.git#main" })?.build?.context).toBe("https://github.com/a/b.git#main");
    expect(svc({ build: { context: "git@github.com:a/b.git" } })?.build?.context).toBe("git@github.com:a/b.git");
    expect(svc({ build: { context: ".", dockerfile: "docker/Dockerfile.dev" } })?.build?.dockerfile).toBe("docker/Dockerfile.dev");
    expect(svc({ build: { dockerfile_inline: "FROM scratch" } })?.build).toEqual({ context: "/proj", dockerfile_inline: "FROM scratch" });
  });

  it("keeps an absolute context as written and cleans a relative one, as Compose 2.40", () => {
    expect(svc({ build: { context: "/tmp/", additional_contexts: { a: "/tmp//q/", b: "./y/" } } })?.build).toEqual({
      context: "/tmp/",
      dockerfile: "Dockerfile",
      additional_contexts: { a: "/tmp//q/", b: "/proj/y" },
    });
  });

  it("makes provenance and sbom strings, as compose-go's model prints them", () => {
    const build = svc({ build: { provenance: false, sbom: true } })?.build;
    expect(build).toMatchObject({ provenance: "false", sbom: "true" });
    expect(svc({ build: { provenance: "mode=max" } })?.build?.provenance).toBe("mode=max");
  });

  it("turns build args, labels and extra_hosts lists into maps, looking up bare args and dropping unset ones", () => {
    const build = svc({ build: { context: ".", args: ["A=1", "B", "C"], labels: ["x=y"], extra_hosts: ["h:1.2.3.4"] } }, { B: "from-env" })?.build;
    expect(build?.args).toEqual({ A: "1", B: "from-env" });
    expect(build?.labels).toEqual({ x: "y" });
    expect(build?.extra_hosts).toEqual(["h=1.2.3.4"]);
    expect(svc({ build: { args: { N: 3, E: null } } }, { E: "e" })?.build?.args).toEqual({ N: "3", E: "e" });
  });

  it("shell-splits string commands and entrypoints and keeps lists", () => {
    const s = svc({ command: `sh -c "echo hi"`, entrypoint: ["/bin/tini", "--"] });
    expect(s?.command).toEqual(["sh", "-c", "echo hi"]);
    expect(s?.entrypoint).toEqual(["/bin/tini", "--"]);
    expect(svc({ entrypoint: "" })?.entrypoint).toEqual([]);
  });

  it("warns when a shell operator cuts a command short, and reports an unclosed quote at its line", () => {
    const { project, diag } = run("services:\n  web:\n    image: x\n    command: npm ci && npm start\n    entrypoint: 'sh -c \"oops'\n");
    expect(project.services["web"]?.command).toEqual(["npm", "ci"]);
    expect(diag.warnings.map((w) => w.code)).toEqual(["W_COMMAND_SHELL_OPERATOR"]);
    expect(diag.warnings[0]?.message).toContain('"&& npm start" is ignored');
    expect(diag.errors).toHaveLength(1);
    expect(diag.errors[0]).toMatchObject({ code: "E_COMMAND", path: ["services", "web", "entrypoint"], location: { line: 5, column: 17 } });
    expect(project.services["web"]).not.toHaveProperty("entrypoint");
  });
});

describe("normalizeProject: maps, lists and scalars", () => {
  it("turns labels, annotations and sysctls lists into string maps", () => {
    const s = svc({ labels: ["a=1", "b", "c=x=y"], annotations: { n: 1, t: true }, sysctls: ["net.core.somaxconn=1024"] });
    expect(s?.labels).toEqual({ a: "1", b: "", c: "x=y" });
    expect(s?.annotations).toEqual({ n: "1", t: "true" });
    expect(s?.sysctls).toEqual({ "net.core.somaxconn": "1024" });
  });

  it("prints extra_hosts as Compose does: sorted host=ip, brackets removed", () => {
    expect(svc({ extra_hosts: ["somehost:162.242.195.82", "otherhost=50.31.209.229", "v6=[::1]"] })?.extra_hosts).toEqual([
      "otherhost=50.31.209.229",
      "somehost=162.242.195.82",
      "v6=::1",
    ]);
    expect(svc({ extra_hosts: { b: "10.0.0.2", a: ["10.0.0.1", "::1"] } })?.extra_hosts).toEqual(["a=10.0.0.1", "a=::1", "b=10.0.0.2"]);
  });

  it("stringifies expose and group_add, and makes dns, dns_search and tmpfs lists", () => {
    const s = svc({ expose: [3000, "8000-8010/udp"], group_add: [1000, "audio"], dns: "8.8.8.8", dns_search: "example.com", tmpfs: "/run" });
    expect(s).toMatchObject({ expose: ["3000", "8000-8010/udp"], group_add: ["1000", "audio"], dns: ["8.8.8.8"], dns_search: ["example.com"], tmpfs: ["/run"] });
  });

  it("normalizes durations, byte sizes and numbers", () => {
    const s = svc({ stop_grace_period: "90s", shm_size: "256m", mem_limit: "1g", mem_reservation: 1024, memswap_limit: -1, cpus: "0.5", pids_limit: 100 });
    expect(s).toMatchObject({ stop_grace_period: "1m30s", shm_size: 268435456, mem_limit: 1073741824, mem_reservation: 1024, memswap_limit: -1, cpus: 0.5, pids_limit: 100 });
  });

  it("reports a bad size at its location and leaves the attribute out", () => {
    const { project, diag } = run("services:\n  web:\n    image: x\n    shm_size: lots\n");
    expect(diag.errors[0]).toMatchObject({ code: "E_BYTE_SIZE", path: ["services", "web", "shm_size"], location: { line: 4, column: 15 } });
    expect(diag.errors[0]?.message).toContain('"lots"');
    expect(project.services["web"]).not.toHaveProperty("shm_size");
  });

  it("expands ulimits, keeps restart, scale and deploy.replicas as written, rewrites pull_policy if_not_present", () => {
    const s = svc({ ulimits: { nproc: 65535, nofile: { soft: "20000", hard: 40000 } }, restart: "on-failure:3", scale: 2, deploy: { replicas: 3 }, pull_policy: "if_not_present" });
    expect(s?.ulimits).toEqual({ nproc: { soft: 65535, hard: 65535, single: true }, nofile: { soft: 20000, hard: 40000 } });
    expect(s).toMatchObject({ restart: "on-failure:3", scale: 2, deploy: { replicas: 3 }, pull_policy: "missing" });
  });

  it("normalizes deploy resources and durations", () => {
    const s = svc({ deploy: { labels: ["a=b"], resources: { limits: { cpus: "1.5", memory: "512M" }, reservations: { memory: "128m" } }, restart_policy: { condition: "on-failure", delay: "5s", window: "120s" } } });
    expect(s?.deploy).toEqual({
      labels: { a: "b" },
      resources: { limits: { cpus: 1.5, memory: 536870912 }, reservations: { memory: 134217728 } },
      restart_policy: { condition: "on-failure", delay: "5s", window: "2m0s" },
    });
  });

  it("expands device short syntax and secret/config references", () => {
    const s = svc({ devices: ["/dev/ttyUSB0", "/dev/sda:/dev/xvda:r"], secrets: ["token", { source: "cert", mode: 0o400 }], configs: ["app", { source: "nginx", target: "/etc/nginx.conf" }] });
    expect(s?.devices).toEqual([
      { source: "/dev/ttyUSB0", target: "/dev/ttyUSB0", permissions: "rwm" },
      { source: "/dev/sda", target: "/dev/xvda", permissions: "r" },
    ]);
    expect(s?.secrets).toEqual([
      { source: "token", target: "/run/secrets/token" },
      { source: "cert", mode: 256, target: "/run/secrets/cert" },
    ]);
    expect(s?.configs).toEqual([{ source: "app" }, { source: "nginx", target: "/etc/nginx.conf" }]);
  });

  it("accepts pull_refresh_after and drops it from the model, as Compose 2.40 (not printed, not hashed)", () => {
    const service = svc({ image: "x", pull_policy: "refresh", pull_refresh_after: "2h" });
    expect(service).not.toHaveProperty("pull_refresh_after");
    expect(service?.pull_policy).toBe("refresh");
  });

  it("makes every provider option a list of strings, as compose-go's model holds and Compose prints it", () => {
    const provider = svc({ provider: { type: "awesomecloud", options: { size: 256, type: "mysql", flag: true, f: 1.5, list: ["a", 2, false], empty: "" } } })?.provider;
    expect(provider).toEqual({
      type: "awesomecloud",
      options: { size: ["256"], type: ["mysql"], flag: ["true"], f: ["1.5"], list: ["a", "2", "false"], empty: [""] },
    });
  });

  it("keeps service-level x-* extensions and unknown-to-us attributes as written", () => {
    expect(svc({ image: "x", "x-tier": "front", platform: "linux/amd64", init: true })).toMatchObject({ "x-tier": "front", platform: "linux/amd64", init: true });
  });
});

describe("normalizeProject: healthcheck", () => {
  it("turns a string test into CMD-SHELL and normalizes durations", () => {
    expect(svc({ healthcheck: { test: "curl -f http://localhost", interval: "30s", timeout: "10s", retries: 3, start_period: "0s", start_interval: "500ms" } })?.healthcheck).toEqual({
      test: ["CMD-SHELL", "curl -f http://localhost"],
      interval: "30s",
      timeout: "10s",
      retries: 3,
      start_period: "0s",
      start_interval: "500ms",
    });
  });

  it("keeps list tests, NONE and disable as written", () => {
    expect(svc({ healthcheck: { test: ["CMD", "pg_isready"], interval: "1m" } })?.healthcheck).toEqual({ test: ["CMD", "pg_isready"], interval: "1m0s" });
    expect(svc({ healthcheck: { test: ["NONE"] } })?.healthcheck).toEqual({ test: ["NONE"] });
    expect(svc({ healthcheck: { disable: true } })?.healthcheck).toEqual({ disable: true });
  });

  it("reports a bad duration at the exact field", () => {
    const { diag } = run("services:\n  web:\n    image: x\n    healthcheck:\n      test: [CMD, x]\n      interval: 10\n");
    expect(diag.errors[0]).toMatchObject({ code: "E_DURATION", path: ["services", "web", "healthcheck", "interval"], location: { line: 6, column: 17 } });
  });
});
