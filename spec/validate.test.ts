import { describe, expect, it } from "vitest";
import { Diagnostics } from "./errors.js";
import { formatPath, SourceMap } from "./location.js";
import { parseComposeFile } from "./parse.js";
import { validateModel } from "./validate.js";

interface Reported {
  code: string;
  at: string;
  path: string;
  message: string;
  hint?: string;
}

/** Parses `lines` as compose.yaml and returns what validation reported, in order. */
function check(...lines: string[]): Reported[] {
  const diag = new Diagnostics();
  const file = parseComposeFile(lines.join("\n") + "\n", "compose.yaml", diag);
  expect(diag.errors.map((e) => e.describe())).toEqual([]);
  if (!file) throw new Error("unparsable test input");
  validateModel(file.data, file.sources, diag);
  return diag.errors.map((e) => ({
    code: e.code,
    at: e.location ? `${e.location.file}:${e.location.line}:${e.location.column}` : "?",
    path: formatPath(e.path ?? []),
    message: e.message,
    ...(e.hint === undefined ? {} : { hint: e.hint }),
  }));
}

/** The single problem reported for the input. */
function one(...lines: string[]): Reported {
  const all = check(...lines);
  expect(all).toHaveLength(1);
  return all[0]!;
}

describe("validateModel: unknown keys", () => {
  it("suggests the closest service attribute for a typo, pointing at the key", () => {
    expect(one("services:", "  web:", "    image: nginx", "    depend_on: [db]")).toEqual({
      code: "E_SCHEMA_UNKNOWN_KEY",
      at: "compose.yaml:4:5",
      path: "services.web.depend_on",
      message: 'unknown key "depend_on"',
      hint: 'did you mean "depends_on"?',
    });
  });

  it("lists the allowed top-level keys for an unknown one", () => {
    expect(one("services: {}", "servics: {}")).toEqual({
      code: "E_SCHEMA_UNKNOWN_KEY",
      at: "compose.yaml:2:1",
      path: "servics",
      message: 'unknown key "servics"',
      hint:
        'Did you mean "services"? The top level allows: version, name, include, services, networks, volumes, ' +
        'secrets, configs, models, or an "x-" extension.',
    });
    expect(one("services: {}", "foo: 1").hint).toBe(
      'The top level allows: version, name, include, services, networks, volumes, secrets, configs, models, or an "x-" extension.',
    );
  });

  it("offers the extension prefix when nothing is close", () => {
    expect(one("services:", "  web:", "    image: nginx", "    colour: blue")).toMatchObject({
      at: "compose.yaml:4:5",
      message: 'unknown key "colour"',
      hint: 'Remove it, or rename it "x-colour" to keep it as an extension.',
    });
  });

  it("lists the few allowed keys of a small mapping", () => {
    expect(one("services:", "  web:", "    image: nginx", "    ports:", "      - target: 80", "        exposed: 8080")).toEqual({
      code: "E_SCHEMA_UNKNOWN_KEY",
      at: "compose.yaml:6:9",
      path: "services.web.ports[0].exposed",
      message: 'unknown key "exposed"',
      hint: 'Allowed keys here: name, target, published, host_ip, protocol, app_protocol, mode, or an "x-" extension.',
    });
  });

  it("catches typos in nested mappings (network settings, deploy)", () => {
    const found = check(
      "services:",
      "  web:",
      "    image: nginx",
      "    networks:",
      "      front:",
      "        alias: [www]",
      "    deploy:",
      "      resources:",
      "        limit:",
      "          memory: 512m",
      "networks:",
      "  front:",
      "    drivr: bridge",
    );
    expect(found.map((r) => [r.at, r.path, r.message, r.hint])).toEqual([
      ["compose.yaml:6:9", "services.web.networks.front.alias", 'unknown key "alias"', 'did you mean "aliases"?'],
      ["compose.yaml:9:9", "services.web.deploy.resources.limit", 'unknown key "limit"', 'did you mean "limits"?'],
      ["compose.yaml:13:5", "networks.front.drivr", 'unknown key "drivr"', 'did you mean "driver"?'],
    ]);
  });

  it("rejects a service name with characters Compose does not allow", () => {
    expect(one("services:", '  "my web":', "    image: nginx")).toEqual({
      code: "E_SCHEMA_INVALID_NAME",
      at: "compose.yaml:2:3",
      path: 'services["my web"]',
      message: 'invalid service name "my web"',
      hint: "Names may contain only letters, digits, '.', '_' and '-'.",
    });
  });
});

describe("validateModel: types and forms", () => {
  it("says what a port may be when it is none of the forms", () => {
    expect(one("services:", "  web:", "    image: nginx", "    ports:", "      - true")).toEqual({
      code: "E_SCHEMA_TYPE",
      at: "compose.yaml:5:9",
      path: "services.web.ports[0]",
      message: 'must be a number, a string like "8080:80", or a mapping with `target`, found a boolean (true)',
    });
  });

  it("reports a wrong scalar type with the value found and a quoting hint", () => {
    expect(one("services:", "  web:", "    image: nginx", "    user: 1000")).toEqual({
      code: "E_SCHEMA_TYPE",
      at: "compose.yaml:4:11",
      path: "services.web.user",
      message: "must be a string, found a number (1000)",
      hint: 'Quote the value ("1000") to write it as text.',
    });
  });

  it("reports a wrong type inside the long port syntax, not the other forms", () => {
    expect(one("services:", "  web:", "    image: nginx", "    ports:", "      - target: [80]")).toEqual({
      code: "E_SCHEMA_TYPE",
      at: "compose.yaml:5:17",
      path: "services.web.ports[0].target",
      message: "must be an integer, found a list",
    });
  });

  it("explains a service written with nothing under it", () => {
    expect(one("services:", "  web:", "  db:", "    image: postgres")).toEqual({
      code: "E_SCHEMA_EMPTY_SERVICE",
      at: "compose.yaml:2:3",
      path: "services.web",
      message: 'service "web" is empty',
      hint: 'Give it at least an "image" or a "build", or remove it.',
    });
  });

  it("collapses list-or-mapping alternatives into one sentence", () => {
    expect(one("services:", "  web:", "    image: nginx", '    environment: "DEBUG=1"')).toEqual({
      code: "E_SCHEMA_TYPE",
      at: "compose.yaml:4:18",
      path: "services.web.environment",
      message: 'must be a mapping or a list of strings, found a string ("DEBUG=1")',
      hint: 'Write a single entry as a list: ["DEBUG=1"].',
    });
  });

  it("checks the values of a mapping-form environment", () => {
    expect(one("services:", "  web:", "    image: nginx", "    environment:", "      NESTED:", "        a: 1")).toEqual({
      code: "E_SCHEMA_TYPE",
      at: "compose.yaml:6:9",
      path: "services.web.environment.NESTED",
      message: "must be a string, a number, true or false, or empty, found a mapping",
    });
  });

  it("shows a lone value where a list is expected as a one-entry list", () => {
    expect(one("services:", "  web:", "    image: nginx", '    ports: "8080:80"')).toEqual({
      code: "E_SCHEMA_TYPE",
      at: "compose.yaml:4:12",
      path: "services.web.ports",
      message: "must be a list, found a string (\"8080:80\")",
      hint: 'Write a single entry as a list: ["8080:80"].',
    });
    expect(one("services:", "  web:", "    image: nginx", "    depends_on: db").hint).toBe('Write a single entry as a list: ["db"].');
  });

  it("recognises a service written as a bare image name", () => {
    expect(one("services:", "  web: nginx")).toEqual({
      code: "E_SCHEMA_TYPE",
      at: "compose.yaml:2:8",
      path: "services.web",
      message: 'must be a mapping, found a string ("nginx")',
      hint: 'A service is a mapping of attributes; did you mean "image: nginx"?',
    });
  });

  it("looks inside the mapping form of build for typos", () => {
    expect(one("services:", "  web:", "    build:", "      contxt: ./web", "      x-cache: local")).toEqual({
      code: "E_SCHEMA_UNKNOWN_KEY",
      at: "compose.yaml:4:7",
      path: "services.web.build.contxt",
      message: 'unknown key "contxt"',
      hint: 'did you mean "context"?',
    });
  });

  it("describes the build forms", () => {
    expect(one("services:", "  web:", "    build: 5")).toMatchObject({
      at: "compose.yaml:3:12",
      message: 'must be a string like "./app" or a mapping, found a number (5)',
    });
  });

  it("describes the command forms", () => {
    expect(one("services:", "  web:", "    image: nginx", "    command: {run: x}")).toMatchObject({
      at: "compose.yaml:4:14",
      message: "must be empty, a string, or a list of strings, found a mapping",
    });
  });

  it("rejects top-level sections of the wrong shape", () => {
    expect(one("services:", "  web:", "    image: nginx", "volumes: [data]")).toEqual({
      code: "E_SCHEMA_TYPE",
      at: "compose.yaml:4:10",
      path: "volumes",
      message: "must be a mapping, found a list",
    });
  });
});

describe("validateModel: values", () => {
  it("lists the allowed dependency conditions and suggests the closest", () => {
    const text = ["services:", "  web:", "    image: nginx", "    depends_on:", "      db:", "        condition: service_healty", "  db:", "    image: postgres"];
    expect(one(...text)).toEqual({
      code: "E_SCHEMA_ENUM",
      at: "compose.yaml:6:20",
      path: "services.web.depends_on.db.condition",
      message: "must be one of: service_started, service_healthy, service_completed_successfully",
      hint: 'did you mean "service_healthy"?',
    });
  });

  it("requires a condition in the long depends_on syntax, pointing at the dependency", () => {
    expect(one("services:", "  web:", "    image: nginx", "    depends_on:", "      db:", "        restart: true")).toEqual({
      code: "E_SCHEMA_REQUIRED",
      at: "compose.yaml:5:7",
      path: "services.web.depends_on.db",
      message: 'missing required key "condition"',
      hint: 'Add "condition:" with one of: service_started, service_healthy, service_completed_successfully.',
    });
  });

  it("checks the restart policy", () => {
    expect(one("services:", "  web:", "    image: nginx", "    restart: unless_stopped")).toEqual({
      code: "E_SCHEMA_PATTERN",
      at: "compose.yaml:4:14",
      path: "services.web.restart",
      message: "must be one of: no, always, on-failure, on-failure:<max-retries>, unless-stopped",
      hint: 'did you mean "unless-stopped"?',
    });
    expect(one("services:", "  web:", "    image: nginx", "    restart: false")).toEqual({
      code: "E_SCHEMA_TYPE",
      at: "compose.yaml:4:14",
      path: "services.web.restart",
      message: "must be one of: no, always, on-failure, on-failure:<max-retries>, unless-stopped, found a boolean (false)",
      hint: 'Quote the value ("false") to write it as text.',
    });
  });

  it("accepts strings for typed fields only when they spell a value of the type", () => {
    const found = check(
      "services:",
      "  web:",
      "    image: nginx",
      "    privileged: sure",
      "    init: 'yes'",
      "    scale: two",
      "    cpus: '0.5'",
      "    mem_swappiness: '1.5'",
      "    ports:",
      "      - target: '80'",
      "        published: 8080-8090",
      "      - target: 443",
      "        published: http",
    );
    expect(found.map((r) => [r.at, r.path, r.message])).toEqual([
      ["compose.yaml:4:17", "services.web.privileged", 'must be true or false, found "sure"'],
      ["compose.yaml:6:12", "services.web.scale", 'must be an integer, found "two"'],
      ["compose.yaml:8:21", "services.web.mem_swappiness", 'must be an integer, found "1.5"'],
      ["compose.yaml:13:20", "services.web.ports[1].published", 'must be a port or a port range like "8080-8090", found "http"'],
    ]);
  });

  it("checks durations", () => {
    expect(one("services:", "  web:", "    image: nginx", "    healthcheck:", "      interval: 30 seconds")).toEqual({
      code: "E_SCHEMA_PATTERN",
      at: "compose.yaml:5:17",
      path: "services.web.healthcheck.interval",
      message: 'must be a duration like "30s", "1m30s" or "500ms", found "30 seconds"',
    });
  });

  it("checks byte sizes", () => {
    expect(one("services:", "  web:", "    image: nginx", "    mem_limit: lots")).toMatchObject({
      at: "compose.yaml:4:16",
      message: 'must be a byte size like "512m" or "2g", found "lots"',
    });
  });

  it("explains how a healthcheck list must start", () => {
    expect(one("services:", "  web:", "    image: nginx", "    healthcheck:", '      test: ["curl", "-f", "http://localhost"]')).toEqual({
      code: "E_SCHEMA_ENUM",
      at: "compose.yaml:5:14",
      path: "services.web.healthcheck.test[0]",
      message: "must be one of: NONE, CMD, CMD-SHELL",
      hint: 'Start the list with "CMD" (run directly) or "CMD-SHELL" (run by a shell), e.g. ["CMD", "curl", ...].',
    });
  });

  it("checks profile names", () => {
    expect(one("services:", "  web:", "    image: nginx", '    profiles: ["-debug"]')).toEqual({
      code: "E_SCHEMA_PATTERN",
      at: "compose.yaml:4:16",
      path: "services.web.profiles[0]",
      message:
        "must be a profile name made of letters, digits, '_', '.' and '-', starting with a letter or a digit " +
        '(at least 2 characters), found "-debug"',
    });
  });

  it("checks numeric ranges", () => {
    expect(one("services:", "  web:", "    image: nginx", "    oom_score_adj: 5000")).toEqual({
      code: "E_SCHEMA_RANGE",
      at: "compose.yaml:4:20",
      path: "services.web.oom_score_adj",
      message: "must be at most 1000, found 5000",
    });
  });

  it("checks pull_policy and suggests the intended value", () => {
    expect(one("services:", "  web:", "    image: nginx", "    pull_policy: allways")).toMatchObject({
      code: "E_SCHEMA_PATTERN",
      message: "must be one of: always, never, missing, if_not_present, build, refresh, daily, weekly, every_<duration> (e.g. every_12h)",
      hint: 'did you mean "always"?',
    });
  });

  it("checks develop.watch rules", () => {
    const found = check(
      "services:",
      "  web:",
      "    build: .",
      "    develop:",
      "      watch:",
      "        - path: ./src",
      "          action: synk",
      "        - action: rebuild",
    );
    expect(found).toEqual([
      {
        code: "E_SCHEMA_ENUM",
        at: "compose.yaml:7:19",
        path: "services.web.develop.watch[0].action",
        message: "must be one of: rebuild, sync, restart, sync+restart, sync+exec",
        hint: 'did you mean "sync"?',
      },
      {
        code: "E_SCHEMA_REQUIRED",
        at: "compose.yaml:8:11",
        path: "services.web.develop.watch[1]",
        message: 'missing required key "path"',
      },
    ]);
  });

  it("requires capabilities or a driver in a device reservation", () => {
    const text = ["services:", "  ml:", "    image: x", "    deploy:", "      resources:", "        reservations:", "          devices:", "            - count: 1"];
    expect(one(...text)).toEqual({
      code: "E_SCHEMA_REQUIRED",
      at: "compose.yaml:8:15",
      path: "services.ml.deploy.resources.reservations.devices[0]",
      message: 'missing one of the keys "capabilities" or "driver"',
    });
  });

  it("reports duplicates in a list of unique items at the second entry", () => {
    expect(one("services:", "  web:", "    image: nginx", "    ports:", '      - "8080:80"', '      - "8443:443"', '      - "8080:80"')).toEqual({
      code: "E_SCHEMA_DUPLICATE",
      at: "compose.yaml:7:9",
      path: "services.web.ports",
      message: "duplicate entries in a list of unique items",
      hint: 'Entries [0] and [2] are the same ("8080:80"); remove one.',
    });
  });

  it("requires a type and a target in the long volume syntax", () => {
    expect(check("services:", "  web:", "    image: nginx", "    volumes:", "      - source: ./data")).toEqual([
      { code: "E_SCHEMA_REQUIRED", at: "compose.yaml:5:9", path: "services.web.volumes[0]", message: 'missing required key "type"',
        hint: 'Add "type:" with one of: bind, volume, tmpfs, image, npipe, cluster.' },
      { code: "E_SCHEMA_REQUIRED", at: "compose.yaml:5:9", path: "services.web.volumes[0]", message: 'missing required key "target"' },
    ]);
  });
});

describe("validateModel: extensions and names", () => {
  it("lets x- keys through wherever the spec allows them, and nothing else", () => {
    const found = check(
      "x-top: 1",
      "services:",
      "  web:",
      "    image: nginx",
      "    x-svc: {any: [thing]}",
      "    deploy:",
      "      x-dep: 1",
      "      resources: {x-res: 1, limits: {x-lim: 1}}",
      "    healthcheck: {x-hc: 1}",
      "    ports: [{target: 80, x-port: 1}]",
      "    volumes: [{type: bind, source: ., target: /app, x-vol: 1, bind: {x-bind: 1}}]",
      "    develop: {x-dev: 1, watch: [{path: ., action: sync, target: /app, x-w: 1}]}",
      "networks: {front: {x-net: 1, ipam: {x-ipam: 1}}}",
      "volumes: {data: {x-v: 1}}",
      "secrets: {s: {file: ./s, x-s: 1}}",
      "configs: {c: {content: hi, x-c: 1}}",
      "models: {m: {model: ai/x, x-m: 1}}",
      "  # and one that is not an extension:",
      "y-top: 1",
    );
    expect(found.map((r) => `${r.at} ${r.message}`)).toEqual(['compose.yaml:19:1 unknown key "y-top"']);
  });

  it("checks container names like the engine does", () => {
    expect(one("services:", "  web:", "    image: nginx", "    container_name: -web")).toMatchObject({
      code: "E_SCHEMA_PATTERN",
      at: "compose.yaml:4:21",
      message:
        "must be a container name made of letters, digits, '_', '.' and '-', starting with a letter or a digit " +
        '(at least 2 characters), found "-web"',
    });
  });

  it("names the kind of resource whose name is invalid", () => {
    const found = check("services:", "  web:", "    image: nginx", "networks:", "  front end: {}", "volumes:", "  'my data': {}");
    expect(found.map((r) => `${r.at} ${r.message}`)).toEqual([
      'compose.yaml:5:3 invalid network name "front end"',
      'compose.yaml:7:3 invalid volume name "my data"',
    ]);
  });
});

describe("validateModel: merged trees", () => {
  it("points at the file each offending node came from", () => {
    const diag = new Diagnostics();
    const base = parseComposeFile("services:\n  web:\n    image: nginx\n", "/p/compose.yaml", diag)!;
    const over = parseComposeFile("services:\n  web:\n    ports:\n      - true\n", "/p/compose.override.yaml", diag)!;
    const sources = new SourceMap();
    sources.copyFrom(base.sources);
    sources.copyFrom(over.sources, ["services", "web", "ports"]);
    validateModel({ services: { web: { image: "nginx", ports: [true], colour: "red" } } }, sources, diag);
    expect(diag.errors.map((e) => e.describe())).toEqual([
      // No position was recorded for "colour": the closest recorded ancestor is used.
      '/p/compose.yaml:3:5 services.web.colour: unknown key "colour"',
      "/p/compose.override.yaml:4:9 services.web.ports[0]: " +
        'must be a number, a string like "8080:80", or a mapping with `target`, found a boolean (true)',
    ]);
  });

  it("reports nothing for a valid tree", () => {
    const diag = new Diagnostics();
    validateModel({ services: { web: { image: "nginx" } } }, new SourceMap(), diag);
    expect(diag.errors).toEqual([]);
    expect(diag.warnings).toEqual([]);
  });
});

describe("validateModel: many problems at once", () => {
  it("reports every problem once, in file order", () => {
    const found = check(
      "services:",
      "  web:",
      "    image: 5",
      "    depend_on: [db]",
      "    ports:",
      "      - published: 80",
      "  db:",
      "    image: postgres",
      "    restart: sometimes",
      "volumes:",
      "  data:",
      "    external: maybe",
      "    labels: 7",
    );
    expect(found.map((r) => `${r.at} ${r.path}: ${r.message}`)).toEqual([
      'compose.yaml:3:12 services.web.image: must be a string like "nginx:1.27", found a number (5)',
      'compose.yaml:4:5 services.web.depend_on: unknown key "depend_on"',
      'compose.yaml:6:9 services.web.ports[0]: missing required key "target"',
      "compose.yaml:9:14 services.db.restart: must be one of: no, always, on-failure, on-failure:<max-retries>, unless-stopped",
      'compose.yaml:12:15 volumes.data.external: must be true or false, found "maybe"',
      "compose.yaml:13:13 volumes.data.labels: must be a mapping or a list of strings, found a number (7)",
    ]);
  });
});
