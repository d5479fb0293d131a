import { describe, expect, it } from "vitest";
import { castValues } from "./cast.js";
import { Diagnostics } from "../errors.js";
import { interpolateFile } from "./interpolate.js";
import { pathKey } from "../location.js";
import { parseComposeFile, type ComposeFile, type PlainMap } from "./parse.js";

function cast(text: string): { data: PlainMap; diag: Diagnostics; file: ComposeFile; input: ComposeFile } {
  const diag = new Diagnostics();
  const input = parseComposeFile(text, "/p/compose.yaml", diag);
  if (!input) throw new Error(diag.errors.map((e) => e.describe()).join("\n"));
  const file = castValues(input, diag);
  return { data: file.data, diag, file, input };
}

function service(data: PlainMap): PlainMap {
  return (data["services"] as PlainMap)["s"] as PlainMap;
}

describe("castValues", () => {
  it("turns integer strings into numbers at integer paths", () => {
    const { data, diag } = cast(
      [
        "services:",
        "  s:",
        "    cpu_count: '2'",
        "    scale: '+3'",
        "    oom_score_adj: '-500'",
        "    pids_limit: '-1'",
        "    mem_swappiness: '60'",
        "    healthcheck: { retries: '5' }",
        "    deploy: { replicas: '4', resources: { limits: { pids: '100' } } }",
        "    ports: [{ target: '80', published: '8080' }, '9000:9000']",
        "    ulimits: { nproc: '65535', nofile: { soft: '20000', hard: '40000' } }",
      ].join("\n"),
    );
    expect(service(data)).toEqual({
      cpu_count: 2,
      scale: 3,
      oom_score_adj: -500,
      pids_limit: -1,
      mem_swappiness: 60,
      healthcheck: { retries: 5 },
      deploy: { replicas: 4, resources: { limits: { pids: 100 } } },
      ports: [{ target: 80, published: "8080" }, "9000:9000"],
      ulimits: { nproc: 65535, nofile: { soft: 20000, hard: 40000 } },
    });
    expect(diag.warnings).toEqual([]);
  });

  it("turns decimal strings into numbers at number paths", () => {
    const { data } = cast("services:\n  s:\n    cpus: '0.5'\n    cpu_percent: '50'\n    deploy: { update_config: { max_failure_ratio: '.25' } }\n");
    expect(service(data)).toEqual({ cpus: 0.5, cpu_percent: 50, deploy: { update_config: { max_failure_ratio: 0.25 } } });
  });

  it("turns boolean strings into booleans, any case", () => {
    const { data, diag } = cast(
      [
        "services:",
        "  s:",
        "    privileged: 'TRUE'",
        "    read_only: 'false'",
        "    tty: 'True'",
        "    stdin_open: 'false'",
        "    init: 'true'",
        "    build: { context: ., no_cache: 'true', pull: 'false' }",
        "    depends_on: { db: { condition: service_started, required: 'false', restart: 'true' } }",
        "    volumes: [{ type: volume, source: v, target: /v, read_only: 'true', volume: { nocopy: 'true' } }]",
        "networks: { n: { external: 'true', internal: 'false', attachable: 'true', enable_ipv6: 'false' } }",
        "volumes: { v: { external: 'false' } }",
        "secrets: { x: { external: 'true' } }",
        "configs: { y: { external: 'true' } }",
      ].join("\n"),
    );
    expect(service(data)).toEqual({
      privileged: true,
      read_only: false,
      tty: true,
      stdin_open: false,
      init: true,
      build: { context: ".", no_cache: true, pull: false },
      depends_on: { db: { condition: "service_started", required: false, restart: true } },
      volumes: [{ type: "volume", source: "v", target: "/v", read_only: true, volume: { nocopy: true } }],
    });
    expect(data["networks"]).toEqual({ n: { external: true, internal: false, attachable: true, enable_ipv6: false } });
    expect(data["volumes"]).toEqual({ v: { external: false } });
    expect(data["secrets"]).toEqual({ x: { external: true } });
    expect(data["configs"]).toEqual({ y: { external: true } });
    expect(diag.warnings).toEqual([]);
  });

  it("accepts YAML 1.1 booleans like compose-go, with a located warning", () => {
    const { data, diag } = cast("services:\n  s:\n    tty: 'yes'\n    init: 'Off'\n    privileged: 'n'\n");
    expect(service(data)).toEqual({ tty: true, init: false, privileged: false });
    expect(diag.warnings.map((w) => [w.code, w.location?.line, w.message])).toEqual([
      ["W_YAML11_BOOLEAN", 3, '"yes" as a boolean is YAML 1.1 syntax; write true'],
      ["W_YAML11_BOOLEAN", 4, '"Off" as a boolean is YAML 1.1 syntax; write false'],
      ["W_YAML11_BOOLEAN", 5, '"n" as a boolean is YAML 1.1 syntax; write false'],
    ]);
  });

  it("reads file modes written with a leading zero as octal", () => {
    const { data } = cast(
      "services:\n  s:\n    secrets: [{ source: a, mode: '0440' }, { source: b, mode: '0o600' }, { source: c, mode: '292' }]\n    configs: [{ source: d, mode: '0' }]\n",
    );
    expect(service(data)).toEqual({
      secrets: [
        { source: "a", mode: 0o440 },
        { source: "b", mode: 0o600 },
        { source: "c", mode: 292 },
      ],
      configs: [{ source: "d", mode: 0 }],
    });
  });

  it("leaves values that are not valid for the type to the schema", () => {
    const { data, diag } = cast(
      "services:\n  s:\n    scale: '1.5'\n    cpus: 'lots'\n    tty: 'maybe'\n    mem_swappiness: ''\n    ports: [{ target: '80-81' }]\n    cpu_count: '99999999999999999999'\n",
    );
    expect(service(data)).toEqual({
      scale: "1.5",
      cpus: "lots",
      tty: "maybe",
      mem_swappiness: "",
      ports: [{ target: "80-81" }],
      cpu_count: "99999999999999999999",
    });
    expect(diag.errors).toEqual([]);
  });

  it("touches only typed paths: other strings, keys and non-strings stay as written", () => {
    const { data } = cast(
      "services:\n  s:\n    image: '1'\n    environment: { DEBUG: 'true', PORT: '80' }\n    labels: ['true']\n    tty: false\n    scale: 2\n    x-scale: '3'\n    restart: 'no'\nx-tty: 'true'\n",
    );
    expect(data).toEqual({
      services: {
        s: { image: "1", environment: { DEBUG: "true", PORT: "80" }, labels: ["true"], tty: false, scale: 2, "x-scale": "3", restart: "no" },
      },
      "x-tty": "true",
    });
  });

  it("keeps path, sources and tags and leaves the input unchanged", () => {
    const { file, input } = cast("services:\n  s:\n    scale: '2'\n    ports: !reset []\n");
    expect(file.path).toBe(input.path);
    expect(file.sources).toBe(input.sources);
    expect(file.tags.get(pathKey(["services", "s", "ports"]))).toBe("reset");
    expect(service(input.data)["scale"]).toBe("2");
  });

  it("lets an interpolated default satisfy an integer field", () => {
    const diag = new Diagnostics();
    const parsed = parseComposeFile(
      "services:\n  s:\n    ports: [{ target: '${PORT:-8080}', published: '${PUB:-80}' }]\n    deploy: { replicas: $N }\n",
      "/p/compose.yaml",
      diag,
    )!;
    const env: Record<string, string> = { N: "3" };
    const out = castValues(interpolateFile(parsed, (n) => env[n], diag), diag);
    expect(service(out.data)).toEqual({ ports: [{ target: 8080, published: "80" }], deploy: { replicas: 3 } });
  });
});
