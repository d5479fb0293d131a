import { describe, expect, it } from "vitest";
import { validateLines as check, type Reported } from "../../test/kits/validate-kit.js";

/** The single problem reported for the input. */
function one(...lines: string[]): Reported {
  const all = check(...lines);
  expect(all).toHaveLength(1);
  return all[0]!;
}

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

  it("rejects pre_start as Docker Compose 2.40 does, saying why and what to do instead", () => {
    expect(one("services:", "  web:", "    image: x", "    pre_start:", "      - command: migrate")).toEqual({
      code: "E_SCHEMA_UNKNOWN_KEY",
      at: "compose.yaml:4:5",
      path: "services.web.pre_start",
      message: 'unknown key "pre_start"',
      hint:
        "pre_start is not part of the Compose specification that Docker Compose 2.40 implements, which rejects it too. " +
        "Run the step as its own service and make this one depend on it with `condition: service_completed_successfully`.",
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
      hint: 'Write each volume as a mapping key, e.g. "data: {}".',
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

  it("takes any string as a profile name, as Compose 2.40 does (its schema has no pattern), but not a number", () => {
    expect(check("services:", "  web:", "    image: nginx", '    profiles: ["-debug", x, "a b", ""]')).toEqual([]);
    expect(one("services:", "  web:", "    image: nginx", "    profiles: [1]")).toMatchObject({
      at: "compose.yaml:4:16",
      path: "services.web.profiles[0]",
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
