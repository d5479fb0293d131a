import { describe, expect, it } from "vitest";
import { Diagnostics } from "../errors.js";
import { SourceMap } from "../location.js";
import { parseComposeFile } from "../read/parse.js";
import { validateModel } from "./validate.js";
import { validateLines as check, type Reported } from "../../test/kits/validate-kit.js";

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
    const found = check("services:", "  web:", "    image: nginx", "volumes:", "  'my data': {}", "secrets:", "  's s': {file: ./s}");
    expect(found.map((r) => `${r.at} ${r.message}`)).toEqual([
      'compose.yaml:5:3 invalid volume name "my data"',
      'compose.yaml:7:3 invalid secret name "s s"',
    ]);
  });

  it("takes any top-level network or model name, as Compose 2.40 (and the engine) do, but checks its content", () => {
    expect(check("services:", "  web:", "    image: nginx", "networks:", "  front end: {}", "models:", "  'm m': {model: ai/x}")).toEqual([]);
    const found = check("services:", "  web:", "    image: nginx", "networks:", "  front end: {bogus: 1}");
    expect(found.map((r) => `${r.at} ${r.message}`)).toEqual(['compose.yaml:5:15 unknown key "bogus"']);
    // a service's networks mapping keeps the name pattern (Compose rejects it there too)
    const mapped = check("services:", "  web:", "    image: nginx", "    networks: {front end: {}}", "networks:", "  front end: {}");
    expect(mapped.map((r) => r.message)).toEqual(['invalid network name "front end"']);
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
      'compose.yaml:9:14 services.db.restart: must be one of: no, always, on-failure, on-failure:<max-retries>, unless-stopped, found "sometimes"',
      'compose.yaml:12:15 volumes.data.external: must be true or false, found "maybe"',
      "compose.yaml:13:13 volumes.data.labels: must be a mapping or a list of strings, found a number (7)",
    ]);
  });
});
