import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { Diagnostics } from "../errors.js";
import { parseComposeFile } from "../read/parse.js";
import { loadSchema, validateModel } from "./validate.js";
import type { SchemaNode } from "./validate-schema.js";

/** Validation problems of a whole file, as `line:col path: message` lines. */
function problems(text: string): string[] {
  const diag = new Diagnostics();
  const file = parseComposeFile(text, "compose.yaml", diag);
  expect(diag.errors.map((e) => e.describe())).toEqual([]);
  validateModel(file!.data, file!.sources, diag);
  return diag.errors.map((e) => e.describe());
}

/** Every schema node of the tree with its JSON pointer. */
function* nodes(node: unknown, pointer = "#"): Generator<[string, SchemaNode]> {
  if (node === null || typeof node !== "object") return;
  if (!Array.isArray(node)) yield [pointer, node as SchemaNode];
  for (const [k, v] of Object.entries(node)) {
    if (k === "examples" || k === "enum") continue;
    yield* nodes(v, `${pointer}/${k}`);
  }
}

describe("schema.json", () => {
  it("is a draft-07 schema that plain ajv compiles", () => {
    const schema = loadSchema();
    expect(schema["$schema"]).toBe("http://json-schema.org/draft-07/schema#");
    expect(schema["$id"]).toBe("https://tscompose.dev/schema.json");
    const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
    expect(validate({ services: { web: { image: "nginx" } } })).toBe(true);
    expect(validate({ services: { web: { imag: "nginx" } } })).toBe(false);
  });

  it("passes ajv's strict mode apart from deliberate union types and open tuples", () => {
    const ajv = new Ajv({ strict: true, allowUnionTypes: true, strictRequired: false, strictTuples: false });
    ajv.addKeyword({ keyword: "x-expected", schemaType: "string" });
    expect(() => ajv.compile(loadSchema())).not.toThrow();
  });

  it("closes every mapping whose keys are known, and lets x- extensions through", () => {
    const open: string[] = [];
    const noExtensions: string[] = [];
    for (const [pointer, node] of nodes(loadSchema())) {
      if (node["properties"] === undefined || pointer.endsWith("/properties")) continue;
      if (node["additionalProperties"] !== false) open.push(pointer);
      const pp = node["patternProperties"] as SchemaNode | undefined;
      if (!pp || !Object.hasOwn(pp, "^x-")) noExtensions.push(pointer);
    }
    expect(open).toEqual([]);
    expect(noExtensions).toEqual([]);
  });

  it("knows every service attribute of the Compose specification", () => {
    const service = (loadSchema()["definitions"] as Record<string, SchemaNode>)["service"]!;
    const attrs = Object.keys(service["properties"] as SchemaNode);
    const expected = [
      "annotations", "attach", "blkio_config", "build", "cap_add", "cap_drop", "cgroup", "cgroup_parent", "command",
      "configs", "container_name", "cpu_count", "cpu_percent", "cpu_period", "cpu_quota", "cpu_rt_period",
      "cpu_rt_runtime", "cpu_shares", "cpus", "cpuset", "credential_spec", "depends_on", "deploy", "develop",
      "device_cgroup_rules", "devices", "dns", "dns_opt", "dns_search", "domainname", "entrypoint", "env_file",
      "environment", "expose", "extends", "external_links", "extra_hosts", "gpus", "group_add", "healthcheck",
      "hostname", "image", "init", "ipc", "isolation", "label_file", "labels", "links", "logging", "mac_address",
      "mem_limit", "mem_reservation", "mem_swappiness", "memswap_limit", "models", "network_mode", "networks",
      "oom_kill_disable", "oom_score_adj", "pid", "pids_limit", "platform", "ports", "post_start",
      "pre_stop", "privileged", "profiles", "provider", "pull_policy", "pull_refresh_after", "read_only", "restart",
      "runtime", "scale", "secrets", "security_opt", "shm_size", "stdin_open", "stop_grace_period", "stop_signal",
      "storage_opt", "sysctls", "tmpfs", "tty", "ulimits", "use_api_socket", "user", "userns_mode", "uts", "volumes",
      "volumes_from", "working_dir",
    ];
    expect([...attrs].sort()).toEqual([...expected].sort());
  });

  it("gives each major definition a description", () => {
    const defs = loadSchema()["definitions"] as Record<string, SchemaNode>;
    const missing = Object.entries(defs)
      .filter(([name]) => !name.endsWith("_or_string") && name !== "blkio_limit" && name !== "blkio_weight")
      .filter(([, d]) => typeof d["description"] !== "string")
      .map(([name]) => name);
    expect(missing).toEqual([]);
  });
});

const STACK = `
name: shop
x-logging: &logging
  driver: json-file
  options:
    max-size: 10m
    max-file: "3"
x-env: &env
  TZ: UTC
  LOG_LEVEL: info

services:
  web:
    build:
      context: ./web
      dockerfile: Dockerfile.dev
      target: dev
      args:
        NODE_VERSION: "22"
        DEBUG: 1
      labels: [com.example.tier=web]
      cache_from: [type=local,src=/tmp/cache]
      extra_hosts: ["registry.local:10.0.0.5"]
      shm_size: 256m
      secrets: [npm_token]
      tags: ["shop/web:dev"]
      platforms: [linux/amd64, linux/arm64]
      x-bake: { output: docker }
    image: shop/web:dev
    command: ["npm", "run", "dev"]
    entrypoint: ""
    environment:
      <<: *env
      API_URL: http://api:8080
      FEATURE_X: true
      EMPTY:
    env_file:
      - .env
      - path: ./web/.env.local
        required: false
      - path: ./web/raw.env
        format: raw
    ports:
      - "3000:3000"
      - 9229
      - "127.0.0.1:5000-5010:5000-5010/udp"
      - target: 443
        published: "8443"
        host_ip: 0.0.0.0
        protocol: tcp
        app_protocol: https
        mode: host
        name: tls
    expose: ["3001", 3002]
    volumes:
      - ./web/src:/app/src:ro,z
      - node_modules:/app/node_modules
      - type: bind
        source: ./web/public
        target: /app/public
        read_only: true
        bind:
          create_host_path: true
          propagation: rprivate
          selinux: z
      - type: volume
        source: cache
        target: /cache
        volume: { nocopy: true, subpath: web }
      - type: tmpfs
        target: /tmp
        tmpfs: { size: 64m, mode: 1777 }
      - type: image
        source: shop/assets:latest
        target: /assets
        image: { subpath: dist }
    depends_on:
      db:
        condition: service_healthy
        restart: true
      cache:
        condition: service_started
        required: false
    networks:
      front:
        aliases: [www, shop.local]
        ipv4_address: 172.28.0.10
        priority: 100
      back:
    healthcheck:
      test: ["CMD", "wget", "-qO-", "http://localhost:3000/health"]
      interval: 10s
      timeout: 2s
      retries: 5
      start_period: 1m30s
      start_interval: 500ms
    restart: on-failure:3
    develop:
      watch:
        - path: ./web/src
          action: sync
          target: /app/src
          ignore: [node_modules/, "*.test.ts"]
          initial_sync: true
        - path: ./web/package.json
          action: rebuild
        - path: ./web/config
          action: sync+restart
          target: /app/config
        - path: ./web/locales
          action: sync+exec
          target: /app/locales
          exec:
            command: ["npm", "run", "i18n"]
            user: node
        - path: ./web/.env
          action: restart
          include: ["*.env"]
    labels:
      com.example.team: storefront
    logging: *logging
    x-owner: storefront
    profiles: [frontend, dev]
    pull_policy: build
    init: true
    tty: true
    stdin_open: true
    user: "1000:1000"
    working_dir: /app
    stop_grace_period: 20s
    stop_signal: SIGINT
    post_start:
      - command: ["sh", "-c", "echo started"]
        user: root
        privileged: true
        environment: [PHASE=post]
    pre_stop:
      - command: ./drain.sh
    annotations:
      org.opencontainers.image.source: https://example.com/shop
    label_file: ./web/labels.txt
    extra_hosts:
      host.docker.internal: host-gateway
      multi: ["10.0.0.1", "::1"]
    use_api_socket: false

  db:
    image: postgres:17
    container_name: shop-db
    environment:
      - POSTGRES_PASSWORD_FILE=/run/secrets/db_password
      - POSTGRES_DB
    secrets:
      - db_password
      - source: db_ca
        target: /etc/ssl/ca.pem
        uid: "999"
        gid: "999"
        mode: 0440
    configs:
      - source: pg_conf
        target: /etc/postgresql/postgresql.conf
    volumes:
      - db-data:/var/lib/postgresql/data
    healthcheck:
      test: pg_isready -U postgres
      interval: 5s
      retries: 10
    shm_size: 1g
    ulimits:
      nofile: { soft: 65536, hard: 65536 }
      nproc: 4096
    sysctls: [net.core.somaxconn=1024]
    logging: *logging
    deploy:
      replicas: 1
      resources:
        limits: { cpus: "1.5", memory: 1g, pids: 200 }
        reservations: { cpus: 0.25, memory: 256m }
      restart_policy:
        condition: on-failure
        delay: 5s
        max_attempts: 3
        window: 2m
    networks: [back]
    restart: unless-stopped
    stop_grace_period: 1m

  cache:
    image: redis:7-alpine
    command: redis-server --appendonly yes
    volumes:
      - cache:/data
    networks:
      - back
    mem_limit: 256m
    memswap_limit: -1
    cpus: 0.5
    read_only: true
    tmpfs: /run
    cap_drop: [ALL]
    cap_add: [SETUID, SETGID]
    security_opt: ["no-new-privileges:true"]
    healthcheck:
      disable: true
    restart: "no"
    profiles: [backend]

  worker:
    extends:
      file: ./common.yaml
      service: base-worker
    scale: 2
    gpus: all
    depends_on: [db, cache]
    models:
      - llm
    pull_policy: every_12h
    network_mode: "service:cache"

  trainer:
    image: shop/trainer
    gpus:
      - driver: nvidia
        count: all
        capabilities: [gpu]
    deploy:
      resources:
        reservations:
          devices:
            - capabilities: [gpu, compute]
              driver: nvidia
              device_ids: ["0", "1"]
    models:
      llm:
        endpoint_var: LLM_URL
        model_var: LLM_NAME
    blkio_config:
      weight: 300
      device_read_bps:
        - path: /dev/sda
          rate: 12mb
    oom_score_adj: -500
    pids_limit: -1
    ipc: host
    pid: host
    platform: linux/amd64
    devices:
      - /dev/fuse
      - source: /dev/dri
        target: /dev/dri
        permissions: rwm

  payments:
    provider:
      type: awesomecloud
      options:
        type: mysql
        size: 256
        flags: [a, b]

networks:
  front:
    driver: bridge
    ipam:
      config:
        - subnet: 172.28.0.0/16
          gateway: 172.28.0.1
    labels: [com.example.net=front]
  back:
    internal: true
    enable_ipv6: false
  outside:
    external: true
    name: corp-net

volumes:
  db-data:
  cache:
    driver: local
    driver_opts:
      type: tmpfs
      device: tmpfs
  node_modules:
    external: true
  legacy:
    external:
      name: old-volume

secrets:
  db_password:
    file: ./secrets/db_password.txt
  db_ca:
    environment: DB_CA
  npm_token:
    external: true

configs:
  pg_conf:
    file: ./db/postgresql.conf
  banner:
    content: |
      Welcome to the shop
  tls:
    external: true
    name: shop_tls

models:
  llm:
    model: ai/smollm2
    context_size: 4096
    runtime_flags: ["--verbose"]

include:
  - ./monitoring/compose.yaml
  - path: [./search/compose.yaml, ./search/compose.override.yaml]
    env_file: ./search/.env
    project_directory: ./search
`;

describe("valid files", () => {
  it("accepts a realistic stack using long and short syntaxes, anchors, merge keys and extensions", () => {
    expect(problems(STACK)).toEqual([]);
  });

  it("accepts values that came out of interpolation as strings", () => {
    const text = [
      "version: '3.8'",
      "services:",
      "  app:",
      "    image: app",
      "    ports:",
      "      - target: '8080'",
      "        published: '80'",
      "    cpus: '0.5'",
      "    scale: '2'",
      "    init: 'true'",
      "    oom_score_adj: '-100'",
      "    deploy:",
      "      replicas: '3'",
      "      resources:",
      "        limits: { memory: '512M', cpus: '2' }",
      "    healthcheck:",
      "      retries: '3'",
      "      disable: 'false'",
      "    depends_on:",
      "      db: { condition: service_started, required: 'false', restart: 'true' }",
      "  db:",
      "    image: db",
      "    ulimits: { nofile: '1024' }",
      "    restart: ''",
      "    stop_grace_period: 10",
      "    mem_limit: 1073741824",
      "    shm_size: '1.5GB'",
      "    cpu_rt_runtime: 950ms",
      "    secrets: [{ source: s, mode: '0o440' }]",
    ].join("\n");
    expect(problems(text)).toEqual([]);
  });

  it("accepts the minimal and empty forms Compose accepts", () => {
    const text = [
      "services:",
      "  a:",
      "    image: a",
      "    command:",
      "    networks:",
      "      default:",
      "    deploy:",
      "    develop:",
      "  b:",
      "    build: .",
      "    entrypoint: []",
      "    environment: []",
      "networks:",
      "  default:",
      "volumes:",
      "  data:",
      "x-anything:",
      "  nested: [1, 2, {deep: true}]",
    ].join("\n");
    expect(problems(text)).toEqual([]);
  });

  it("accepts a file with no services (only includes)", () => {
    expect(problems("include:\n  - ./other/compose.yaml\n")).toEqual([]);
  });
});
