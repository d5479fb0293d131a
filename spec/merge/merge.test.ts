import { describe, expect, it } from "vitest";
import { Diagnostics } from "../errors.js";
import { pathKey, SourceMap } from "../location.js";
import { applyTags, copyNode, mergeFiles, mergeService } from "./merge.js";
import { parseComposeFile, type ComposeFile, type Plain } from "../read/parse.js";

function parse(text: string, file: string, diag = new Diagnostics()): ComposeFile {
  const parsed = parseComposeFile(text, file, diag);
  if (!parsed) throw new Error(diag.errors.map((e) => e.describe()).join("\n"));
  return parsed;
}

/** Merges the texts in order (like `-f a -f b -f c`) and applies the tags at the end. */
function mergeAll(...texts: string[]) {
  const diag = new Diagnostics();
  const files = texts.map((t, i) => parse(t, `/p/f${i}.yaml`, diag));
  let merged = files[0] as ComposeFile;
  for (const f of files.slice(1)) merged = mergeFiles(merged, f, diag);
  return { file: applyTags(merged), diag };
}

function web(...texts: string[]): Record<string, unknown> {
  const { file, diag } = mergeAll(...texts);
  expect(diag.errors).toEqual([]);
  return (file.data["services"] as Record<string, Record<string, unknown>>)["web"] ?? {};
}

describe("mergeFiles: mappings, sequences and scalars", () => {
  it("merges mappings recursively and lets the override win on scalars", () => {
    const { file } = mergeAll(
      "services:\n  web:\n    image: a\n    restart: always\n",
      "services:\n  web:\n    image: b\n    user: root\n  db:\n    image: pg\n",
    );
    expect(file.data).toEqual({
      services: { web: { image: "b", restart: "always", user: "root" }, db: { image: "pg" } },
    });
    expect(Object.keys(file.data["services"] as object)).toEqual(["web", "db"]);
  });

  it("appends plain sequences, base entries first", () => {
    expect(web("services:\n  web:\n    group_add: [a, b]\n", "services:\n  web:\n    group_add: [c]\n")["group_add"]).toEqual([
      "a",
      "b",
      "c",
    ]);
  });

  it("keeps the base value when the override writes null", () => {
    expect(web("services:\n  web:\n    image: a\n", "services:\n  web:\n    image:\n")["image"]).toBe("a");
  });

  it("replaces command, entrypoint and healthcheck.test instead of appending", () => {
    const w = web(
      "services:\n  web:\n    command: [echo, foo]\n    entrypoint: [sh, -c]\n    healthcheck:\n      test: [CMD, a]\n      retries: 3\n",
      "services:\n  web:\n    command: [echo, bar]\n    entrypoint: bash\n    healthcheck:\n      test: [CMD, b]\n",
    );
    expect(w["command"]).toEqual(["echo", "bar"]);
    expect(w["entrypoint"]).toBe("bash");
    expect(w["healthcheck"]).toEqual({ test: ["CMD", "b"], retries: 3 });
  });

  it("reports a mapping overridden by a list and keeps the override", () => {
    const { file, diag } = mergeAll(
      "services:\n  web:\n    deploy:\n      replicas: 2\n",
      "services:\n  web:\n    deploy: [x]\n",
    );
    expect(diag.errors[0]?.code).toBe("E_MERGE_TYPE");
    expect(diag.errors[0]?.describe()).toMatch(/^\/p\/f1.yaml:3:13 services.web.deploy: cannot merge a list into the mapping defined at \/p\/f0.yaml:4:7/);
    expect((file.data["services"] as Record<string, Record<string, unknown>>)["web"]?.["deploy"]).toEqual(["x"]);
  });

  it("merges top-level networks and volumes, labels by name", () => {
    const { file } = mergeAll(
      "networks:\n  front:\n    driver: bridge\n    labels: [a=1]\nvolumes:\n  data: {}\n",
      "networks:\n  front:\n    labels:\n      b: 2\nvolumes:\n  cache: {}\n",
    );
    expect(file.data["networks"]).toEqual({ front: { driver: "bridge", labels: { a: "1", b: 2 } } });
    expect(file.data["volumes"]).toEqual({ data: {}, cache: {} });
  });
});

describe("mergeFiles: unique-key sequences", () => {
  it("merges ports by host ip, published port, target and protocol across short and long syntax", () => {
    const w = web(
      'services:\n  web:\n    ports: ["8080:80", "127.0.0.1:9000:9000", "53:53/udp", 3000]\n',
      "services:\n  web:\n    ports:\n      - target: 80\n        published: 8080\n        mode: host\n      - '53:53/tcp'\n      - 3000\n      - '[::1]:7000:7000'\n",
    );
    expect(w["ports"]).toEqual([
      { target: 80, published: 8080, mode: "host" },
      "127.0.0.1:9000:9000",
      "53:53/udp",
      3000,
      "53:53/tcp",
      "[::1]:7000:7000",
    ]);
  });

  it("keeps ports apart when the host ip differs", () => {
    expect(web('services:\n  web:\n    ports: ["8080:80"]\n', 'services:\n  web:\n    ports: ["127.0.0.1:8080:80"]\n')["ports"]).toEqual([
      "8080:80",
      "127.0.0.1:8080:80",
    ]);
  });

  it("merges volumes by target, short and long", () => {
    const w = web(
      "services:\n  web:\n    volumes:\n      - ./src:/app\n      - data:/data:ro\n      - /cache\n",
      "services:\n  web:\n    volumes:\n      - type: bind\n        source: ./other\n        target: /app\n      - /cache\n      - logs:/logs\n",
    );
    expect(w["volumes"]).toEqual([{ type: "bind", source: "./other", target: "/app" }, "data:/data:ro", "/cache", "logs:/logs"]);
  });

  it("merges secrets and configs by target, defaulting the target from the source", () => {
    const w = web(
      "services:\n  web:\n    secrets: [token, {source: key, target: /etc/key}]\n    configs: [app]\n",
      "services:\n  web:\n    secrets:\n      - source: token\n        mode: 0400\n      - source: other\n        target: key2\n    configs:\n      - source: app\n        target: /app\n        uid: '1'\n",
    );
    expect(w["secrets"]).toEqual([
      { source: "token", mode: 0o400 },
      { source: "key", target: "/etc/key" },
      { source: "other", target: "key2" },
    ]);
    expect(w["configs"]).toEqual([{ source: "app", target: "/app", uid: "1" }]);
  });

  it("deduplicates expose, dns, cap_add, profiles, links, tmpfs and friends", () => {
    const w = web(
      "services:\n  web:\n    expose: [80, '81']\n    dns: 8.8.8.8\n    dns_search: [a]\n    dns_opt: [x]\n    cap_add: [NET_ADMIN]\n    cap_drop: [ALL]\n    security_opt: [a]\n    profiles: [dev]\n    links: [db]\n    external_links: [c]\n    tmpfs: /tmp\n    devices: ['/dev/a:/dev/a']\n",
      "services:\n  web:\n    expose: ['80', 82]\n    dns: [8.8.8.8, 1.1.1.1]\n    dns_search: [a, b]\n    dns_opt: [x]\n    cap_add: [NET_ADMIN, SYS_TIME]\n    cap_drop: [ALL]\n    security_opt: [a]\n    profiles: [dev, test]\n    links: [db, 'cache:c']\n    external_links: [c]\n    tmpfs: [/tmp, /run]\n    devices: ['/dev/b:/dev/a:r']\n",
    );
    expect(w["expose"]).toEqual(["80", "81", 82]);
    expect(w["dns"]).toEqual(["8.8.8.8", "1.1.1.1"]);
    expect(w["dns_search"]).toEqual(["a", "b"]);
    expect(w["dns_opt"]).toEqual(["x"]);
    expect(w["cap_add"]).toEqual(["NET_ADMIN", "SYS_TIME"]);
    expect(w["cap_drop"]).toEqual(["ALL"]);
    expect(w["security_opt"]).toEqual(["a"]);
    expect(w["profiles"]).toEqual(["dev", "test"]);
    expect(w["links"]).toEqual(["db", "cache:c"]);
    expect(w["external_links"]).toEqual(["c"]);
    expect(w["tmpfs"]).toEqual(["/tmp", "/run"]);
    expect(w["devices"]).toEqual(["/dev/b:/dev/a:r"]);
  });

  it("merges env_file entries by path", () => {
    expect(
      web("services:\n  web:\n    env_file: a.env\n", "services:\n  web:\n    env_file:\n      - path: a.env\n        required: false\n      - b.env\n")[
        "env_file"
      ],
    ).toEqual([{ path: "a.env", required: false }, "b.env"]);
  });
});

describe("mergeFiles: key/value and by-name fields", () => {
  it("merges environment written as a list in one file and a map in the other, keeping bare names as null", () => {
    const w = web(
      "services:\n  web:\n    environment:\n      - A=1\n      - B\n      - C=x=y\n",
      "services:\n  web:\n    environment:\n      A: 2\n      D: ~\n",
    );
    expect(w["environment"]).toEqual({ A: 2, B: null, C: "x=y", D: null });
  });

  it("lets an override null replace an environment value (the value then comes from the shell)", () => {
    expect(web("services:\n  web:\n    environment: {A: '1'}\n", "services:\n  web:\n    environment: [A]\n")["environment"]).toEqual({
      A: null,
    });
  });

  it("merges labels, annotations, sysctls, build args and build labels by name", () => {
    const w = web(
      "services:\n  web:\n    labels: [a=1, b=2]\n    annotations: {x: '1'}\n    sysctls: [net.core.somaxconn=1024]\n    build:\n      context: .\n      args: [V=1]\n      labels: {l: a}\n",
      "services:\n  web:\n    labels: {b: '3'}\n    annotations: [y=2]\n    sysctls: {net.ipv4.ip_forward: 1}\n    build:\n      args: {V: '2', W: '3'}\n      labels: [m=b]\n",
    );
    expect(w["labels"]).toEqual({ a: "1", b: "3" });
    expect(w["annotations"]).toEqual({ x: "1", y: "2" });
    expect(w["sysctls"]).toEqual({ "net.core.somaxconn": "1024", "net.ipv4.ip_forward": 1 });
    expect(w["build"]).toEqual({ context: ".", args: { V: "2", W: "3" }, labels: { l: "a", m: "b" } });
  });

  it("merges extra_hosts written as host:ip, host=ip or a map", () => {
    const w = web(
      "services:\n  web:\n    extra_hosts: ['a:10.0.0.1', 'b=10.0.0.2', 'v6=::1']\n",
      "services:\n  web:\n    extra_hosts:\n      a: 10.0.0.9\n      c: 10.0.0.3\n",
    );
    expect(w["extra_hosts"]).toEqual({ a: "10.0.0.9", b: "10.0.0.2", v6: "::1", c: "10.0.0.3" });
  });

  it("turns a depends_on list into a map with service_started and merges by service", () => {
    const w = web(
      "services:\n  web:\n    depends_on: [db, cache]\n",
      "services:\n  web:\n    depends_on:\n      db:\n        condition: service_healthy\n      queue:\n        condition: service_started\n        required: false\n",
    );
    expect(w["depends_on"]).toEqual({
      db: { condition: "service_healthy" },
      cache: { condition: "service_started" },
      queue: { condition: "service_started", required: false },
    });
  });

  it("merges service networks written as a list or a map, and deduplicates aliases", () => {
    const w = web(
      "services:\n  web:\n    networks:\n      front:\n        aliases: [w]\n      back: {}\n",
      "services:\n  web:\n    networks: [front, extra]\n",
    );
    expect(w["networks"]).toEqual({ front: { aliases: ["w"] }, back: {}, extra: null });
    const w2 = web(
      "services:\n  web:\n    networks: [front]\n",
      "services:\n  web:\n    networks:\n      front:\n        aliases: [a, a2]\n",
      "services:\n  web:\n    networks:\n      front:\n        aliases: [a, a3]\n",
    );
    expect(w2["networks"]).toEqual({ front: { aliases: ["a", "a2", "a3"] } });
  });

  it("merges a build string with a build mapping", () => {
    expect(web("services:\n  web:\n    build: ./app\n", "services:\n  web:\n    build:\n      target: dev\n")["build"]).toEqual({
      context: "./app",
      target: "dev",
    });
    expect(web("services:\n  web:\n    build:\n      dockerfile: D\n", "services:\n  web:\n    build: ./other\n")["build"]).toEqual({
      dockerfile: "D",
      context: "./other",
    });
  });

  it("merges logging options only when the driver stays the same", () => {
    const same = web(
      "services:\n  web:\n    logging:\n      driver: json-file\n      options: {max-size: 1m}\n",
      "services:\n  web:\n    logging:\n      options: {max-file: '3'}\n",
    );
    expect(same["logging"]).toEqual({ driver: "json-file", options: { "max-size": "1m", "max-file": "3" } });
    const other = web(
      "services:\n  web:\n    logging:\n      driver: json-file\n      options: {max-size: 1m}\n",
      "services:\n  web:\n    logging:\n      driver: syslog\n      options: {tag: x}\n",
    );
    expect(other["logging"]).toEqual({ driver: "syslog", options: { tag: "x" } });
  });

  it("merges ulimits entries as mappings, and replaces a number by a mapping", () => {
    const w = web(
      "services:\n  web:\n    ulimits:\n      nproc: 65535\n      nofile: {soft: 10, hard: 20}\n",
      "services:\n  web:\n    ulimits:\n      nproc: {soft: 1, hard: 2}\n      nofile: {hard: 40}\n",
    );
    expect(w["ulimits"]).toEqual({ nproc: { soft: 1, hard: 2 }, nofile: { soft: 10, hard: 40 } });
  });

  it("merges IPAM pools by subnet", () => {
    const { file } = mergeAll(
      "networks:\n  n:\n    ipam:\n      config:\n        - subnet: 10.0.0.0/24\n          gateway: 10.0.0.1\n",
      "networks:\n  n:\n    ipam:\n      config:\n        - subnet: 10.0.0.0/24\n          ip_range: 10.0.0.0/28\n        - subnet: 10.1.0.0/24\n",
    );
    expect(file.data["networks"]).toEqual({
      n: {
        ipam: {
          config: [{ subnet: "10.0.0.0/24", gateway: "10.0.0.1", ip_range: "10.0.0.0/28" }, { subnet: "10.1.0.0/24" }],
        },
      },
    });
  });
});

describe("!reset and !override", () => {
  it("!reset removes the inherited value", () => {
    const w = web(
      "services:\n  web:\n    image: a\n    ports: ['80:80']\n    environment: {A: '1'}\n",
      "services:\n  web:\n    ports: !reset []\n    environment: !reset {}\n",
    );
    expect(w).toEqual({ image: "a" });
  });

  it("!reset removes a whole service", () => {
    const { file } = mergeAll("services:\n  web: {image: a}\n  db: {image: b}\n", "services:\n  web: !reset null\n");
    expect(file.data["services"]).toEqual({ db: { image: "b" } });
  });

  it("!reset of an environment entry removes just that entry, even from list form", () => {
    const w = web("services:\n  web:\n    environment: [A=1, B=2]\n", "services:\n  web:\n    environment:\n      A: !reset\n");
    expect(w["environment"]).toEqual({ B: "2" });
  });

  it("!override replaces without merging", () => {
    const w = web(
      "services:\n  web:\n    ports: ['80:80', '81:81']\n    environment: {A: '1', B: '2'}\n",
      "services:\n  web:\n    ports: !override ['90:90']\n    environment: !override {C: '3'}\n",
    );
    expect(w["ports"]).toEqual(["90:90"]);
    expect(w["environment"]).toEqual({ C: "3" });
  });

  it("a !reset from an early override still wins over the first file after a third file merges", () => {
    const w = web(
      "services:\n  web:\n    image: a\n    volumes: [./a:/a]\n",
      "services:\n  web:\n    volumes: !reset []\n",
      "services:\n  web:\n    user: root\n",
    );
    expect(w).toEqual({ image: "a", user: "root" });
  });

  it("keeps the override's tags on the merge result until applyTags", () => {
    const diag = new Diagnostics();
    const a = parse("services:\n  web:\n    ports: ['80:80']\n", "/p/a.yaml", diag);
    const b = parse("services:\n  web:\n    ports: !reset []\n", "/p/b.yaml", diag);
    const merged = mergeFiles(a, b, diag);
    expect(merged.tags.get(pathKey(["services", "web", "ports"]))).toBe("reset");
    const applied = applyTags(merged);
    expect(applied.tags.size).toBe(0);
    expect(applied.data).toEqual({ services: { web: {} } });
  });

  it("applyTags on a single file drops !reset nodes (also in sequences) and keeps !override ones", () => {
    const diag = new Diagnostics();
    const f = parse("services:\n  web:\n    image: a\n    user: !reset root\n    dns: [a, !reset b, c]\n    command: !override [sh]\n", "/p/a.yaml", diag);
    const applied = applyTags(f);
    expect(applied.data).toEqual({ services: { web: { image: "a", dns: ["a", "c"], command: ["sh"] } } });
    expect(applied.sources.locate(["services", "web", "dns", 1])?.line).toBe(5);
    expect(applied.sources.locate(["services", "web", "dns", 1])?.column).toBe(24);
  });
});

describe("positions follow the data", () => {
  it("points base nodes at the base file and override nodes at the override file", () => {
    const { file } = mergeAll(
      "services:\n  web:\n    image: a\n    ports: ['80:80']\n    environment: [A=1]\n",
      "services:\n  web:\n    user: root\n    ports: ['81:81']\n    environment: [B=2]\n",
    );
    const at = (...p: (string | number)[]) => file.sources.locate(["services", "web", ...p]);
    expect(at("image")).toMatchObject({ file: "/p/f0.yaml", line: 3 });
    expect(at("user")).toMatchObject({ file: "/p/f1.yaml", line: 3 });
    expect(at("ports", 0)).toMatchObject({ file: "/p/f0.yaml", line: 4 });
    expect(at("ports", 1)).toMatchObject({ file: "/p/f1.yaml", line: 4 });
    expect(at("environment", "A")).toMatchObject({ file: "/p/f0.yaml", line: 5, column: 19 });
    expect(at("environment", "B")).toMatchObject({ file: "/p/f1.yaml", line: 5 });
    expect(file.sources.locateKey(["services", "web", "user"])).toMatchObject({ file: "/p/f1.yaml", line: 3, column: 5 });
  });

  it("an entry replaced by key points at the file that replaced it, in the base's slot", () => {
    const { file } = mergeAll(
      "services:\n  web:\n    volumes: [./a:/a, ./b:/b]\n",
      "services:\n  web:\n    volumes:\n      - ./z:/a\n",
    );
    expect(file.sources.locate(["services", "web", "volumes", 0])).toMatchObject({ file: "/p/f1.yaml", line: 4 });
    expect(file.sources.locate(["services", "web", "volumes", 1])).toMatchObject({ file: "/p/f0.yaml", line: 3 });
  });

  it("a depends_on converted from a list points at the list entry", () => {
    const { file } = mergeAll("services:\n  web:\n    depends_on: [db]\n", "services:\n  web:\n    depends_on:\n      cache: {condition: service_healthy}\n");
    expect(file.sources.locate(["services", "web", "depends_on", "db", "condition"])).toMatchObject({ file: "/p/f0.yaml", line: 3, column: 18 });
    expect(file.sources.locate(["services", "web", "depends_on", "cache", "condition"])).toMatchObject({ file: "/p/f1.yaml", line: 4 });
  });

  it("leaves no stale positions for replaced nodes", () => {
    const { file } = mergeAll("services:\n  web:\n    command: [a, b, c]\n", "services:\n  web:\n    command: [x]\n");
    expect(file.sources.has(["services", "web", "command", 2])).toBe(false);
    expect(file.sources.locate(["services", "web", "command", 0])).toMatchObject({ file: "/p/f1.yaml" });
  });
});

describe("mergeService and copyNode", () => {
  it("merges a base service definition from another place under the local one", () => {
    const diag = new Diagnostics();
    const base = parse("services:\n  tpl:\n    image: a\n    environment: [A=1]\n", "/p/base.yaml", diag);
    const local = parse("services:\n  web:\n    environment: {B: '2'}\n    ports: !reset []\n", "/p/compose.yaml", diag);
    const out = { sources: new SourceMap(), tags: new Map(), diag };
    const svc = (f: ComposeFile, n: string): Plain => (f.data["services"] as Record<string, Plain>)[n] ?? null;
    const merged = mergeService(
      { value: svc(base, "tpl"), path: ["services", "tpl"], sources: base.sources, tags: base.tags },
      { value: svc(local, "web"), path: ["services", "web"], sources: local.sources, tags: local.tags },
      ["services", "web"],
      out,
    );
    expect(merged).toEqual({ image: "a", environment: { A: "1", B: "2" }, ports: [] });
    expect(out.tags.get(pathKey(["services", "web", "ports"]))).toBe("reset");
    expect(out.sources.locate(["services", "web", "image"])).toMatchObject({ file: "/p/base.yaml", line: 3 });
    expect(out.sources.locate(["services", "web", "environment", "B"])).toMatchObject({ file: "/p/compose.yaml", line: 3 });
  });

  it("copyNode copies a subtree elsewhere with its positions and tags", () => {
    const diag = new Diagnostics();
    const f = parse("x:\n  a: !override [1]\n", "/p/a.yaml", diag);
    const out = { sources: new SourceMap(), tags: new Map(), diag };
    const copied = copyNode({ value: f.data["x"] ?? null, path: ["x"], sources: f.sources, tags: f.tags }, ["y"], out);
    expect(copied).toEqual({ a: [1] });
    expect(out.tags.get(pathKey(["y", "a"]))).toBe("override");
    expect(out.sources.locate(["y", "a", 0])).toMatchObject({ line: 2, column: 17 });
  });
});
