import { describe, expect, it } from "vitest";
import { ProjectErrors } from "../errors.js";
import { memoryHost } from "../host.js";
import { loadProject, type LoadOptions } from "../load.js";

type Extra = Partial<Omit<LoadOptions, "workingDir" | "env">> & { readonly files?: readonly string[]; readonly others?: Record<string, string> };

/** Loads /app/compose.yaml (plus `others`) and returns each reported problem as `describe()` text. */
function problems(lines: readonly string[], extra: Extra = {}): string[] {
  const { others, ...opts } = extra;
  const files = { "/app/compose.yaml": lines.join("\n") + "\n", ...others };
  try {
    loadProject({ workingDir: "/app", env: {}, ...opts }, memoryHost(files));
  } catch (e) {
    if (e instanceof ProjectErrors) return e.errors.map((x) => x.describe("/app"));
    throw e;
  }
  return [];
}

/** The hints of the problems `problems()` would report. */
function hints(lines: readonly string[], extra: Extra = {}): (string | undefined)[] {
  const { others, ...opts } = extra;
  try {
    loadProject({ workingDir: "/app", env: {}, ...opts }, memoryHost({ "/app/compose.yaml": lines.join("\n") + "\n", ...others }));
  } catch (e) {
    if (e instanceof ProjectErrors) return e.errors.map((x) => x.hint);
    throw e;
  }
  return [];
}

describe("a service with neither image nor build", () => {
  const file = ["services:", "  web:", "    command: sleep 1", "  db:", "    image: x"];

  it("is refused at the service, like Compose", () => {
    expect(problems(file)).toEqual(['compose.yaml:2:3 services.web: service "web" has neither an image nor a build context specified']);
  });

  it("is checked only when enabled: a profile that disables it hides it, enabling it brings it back", () => {
    const profiled = [...file.slice(0, 3), "    profiles: [debug]", ...file.slice(3)];
    expect(problems(profiled)).toEqual([]);
    expect(problems(profiled, { profiles: ["debug"] })).toHaveLength(1);
  });

  it("is checked after extends (an extended service with an image is complete)", () => {
    expect(problems(["services:", "  base:", "    image: x", "  web:", "    extends: base", "  other:", "    extends: web2", "  web2:", "    command: x"])).toEqual([
      'compose.yaml:6:3 services.other: service "other" has neither an image nor a build context specified',
      'compose.yaml:8:3 services.web2: service "web2" has neither an image nor a build context specified',
    ]);
  });

  it("suggests the service an override file probably meant", () => {
    const found = problems(["services:", "  web:", "    image: x"], {
      files: ["compose.yaml", "compose.prod.yaml"],
      others: { "/app/compose.prod.yaml": "services:\n  wbe:\n    restart: always\n" },
    });
    expect(found).toHaveLength(1);
    expect(found[0]).toContain('compose.prod.yaml:2:3 services.wbe: service "wbe" has neither an image nor a build context specified');
    expect(hints(["services:", "  web:", "    image: x"], {
      files: ["compose.yaml", "compose.prod.yaml"],
      others: { "/app/compose.prod.yaml": "services:\n  wbe:\n    restart: always\n" },
    })).toEqual(['Add `image:` or `build:` to it; if it is meant to change service "web" (from another file), give it that name.']);
    // In one file, a close name is no typo of an override.
    expect(hints(["services:", "  web:", "    image: x", "  wbe:", "    restart: always"])).toEqual(["Add `image:` (an image to run) or `build:` (a directory with a Dockerfile) to it."]);
  });

  it("lets a provider service be, and is not checked with --no-interpolate (as Compose)", () => {
    expect(problems(["services:", "  db:", "    provider:", "      type: cloud"])).toEqual([]);
    expect(problems(file, { interpolate: false })).toEqual([]);
  });
});

describe("build and platform", () => {
  it("refuses a platform that build.platforms leaves out", () => {
    expect(problems(["services:", "  web:", "    build:", "      context: .", "      platforms: [linux/amd64]", "    platform: linux/arm64"])).toEqual([
      'compose.yaml:6:15 services.web.platform: service "web" runs on platform "linux/arm64", which its build.platforms (linux/amd64) does not include',
    ]);
  });

  it("accepts a listed platform, and a platform without build.platforms", () => {
    expect(problems(["services:", "  web:", "    build: {context: ., platforms: [linux/amd64, linux/arm64]}", "    platform: linux/arm64"])).toEqual([]);
    expect(problems(["services:", "  web:", "    build: .", "    platform: linux/arm64"])).toEqual([]);
  });

  it("refuses dockerfile with dockerfile_inline, and an undefined build secret", () => {
    expect(problems(["services:", "  web:", "    build:", "      context: .", "      dockerfile: Dockerfile", '      dockerfile_inline: "FROM scratch"', "      secrets: [nope]"])).toEqual([
      'compose.yaml:6:26 services.web.build.dockerfile_inline: service "web" sets both build.dockerfile and build.dockerfile_inline, which are mutually exclusive',
      'compose.yaml:7:17 services.web.build.secrets[0]: service "web" refers to undefined build secret "nope"',
    ]);
  });
});

describe("network_mode with networks", () => {
  it("is refused when networks are listed, not when the list is empty", () => {
    expect(problems(["services:", "  web:", "    image: x", "    network_mode: host", "    networks: [default]"])).toEqual([
      'compose.yaml:5:15 services.web.networks: service "web" sets both network_mode "host" and networks, which are mutually exclusive',
    ]);
    expect(problems(["services:", "  web:", "    image: x", "    network_mode: none", "    networks: {}"])).toEqual([]);
  });
});

describe("resource attributes against deploy.resources", () => {
  it("must agree once the deploy block exists, an absent value counting as unset", () => {
    expect(problems(["services:", "  web:", "    image: x", "    cpus: 0.5", "    pids_limit: 10", "    deploy:", "      resources:", "        limits:", "          memory: 1g", "          pids: 20"])).toEqual([
      "compose.yaml:4:11 services.web.cpus: service \"web\" sets cpus to 0.5 but deploy.resources.limits does not set cpus; the two must agree",
      "compose.yaml:5:17 services.web.pids_limit: service \"web\" sets pids_limit to 10 but deploy.resources.limits.pids is 20; the two must agree",
    ]);
  });

  it("accepts equal values, and a deploy block without that side", () => {
    expect(problems(["services:", "  web:", "    image: x", "    cpus: 0.5", "    mem_limit: 1g", "    deploy:", "      resources:", "        limits: {cpus: '0.5', memory: 1g}"])).toEqual([]);
    expect(problems(["services:", "  web:", "    image: x", "    mem_limit: 100m", "    deploy:", "      resources:", "        reservations: {memory: 20m}"])).toEqual([]);
  });

  it("compares mem_reservation with the reservations", () => {
    expect(problems(["services:", "  web:", "    image: x", "    mem_reservation: 10m", "    deploy:", "      resources:", "        reservations: {memory: 20m}"])).toEqual([
      "compose.yaml:4:22 services.web.mem_reservation: service \"web\" sets mem_reservation to 10485760 bytes but deploy.resources.reservations.memory is 20971520 bytes; the two must agree",
    ]);
  });
});

describe("develop.watch targets", () => {
  it("are required by the sync actions only", () => {
    const rule = (action: string) => ["services:", "  web:", "    image: x", "    develop:", "      watch:", "        - path: ./src", `          action: ${action}`];
    expect(problems(rule("sync"))).toEqual(["compose.yaml:6:11 services.web.develop.watch[0]: service \"web\" has a develop.watch rule with action sync but no target to sync to"]);
    expect(problems(rule("sync+exec").concat("          exec: {command: ls}"))).toHaveLength(1);
    expect(problems(rule("rebuild"))).toEqual([]);
    expect(problems(rule("restart"))).toEqual([]);
  });
});

describe("container names", () => {
  it("two services with one container_name: refused at the second, naming the first", () => {
    expect(problems(["services:", "  web:", "    image: x", "    container_name: same", "  db:", "    image: x", "    container_name: same"])).toEqual([
      'compose.yaml:7:21 services.db.container_name: service "db" has container_name "same", which service "web" already has; container names must be unique',
    ]);
  });

  it("counts only enabled services", () => {
    const file = ["services:", "  web:", "    image: x", "    container_name: same", "  db:", "    image: x", "    container_name: same", "    profiles: [debug]"];
    expect(problems(file)).toEqual([]);
    expect(problems(file, { profiles: ["debug"] })).toHaveLength(1);
  });
});

describe("secret and config sources", () => {
  it("each must say where its content comes from, even unused and with --no-interpolate", () => {
    const file = ["services:", "  web:", "    image: x", "secrets:", "  ext: {external: true}", "  s: {}", "configs:", "  c: {}", "  inline: {content: hi}"];
    const expected = [
      'compose.yaml:6:3 secrets.s: secret "s" sets none of file or environment',
      'compose.yaml:8:3 configs.c: config "c" sets none of file, environment or content',
    ];
    expect(problems(file)).toEqual(expected);
    expect(problems(file, { interpolate: false })).toEqual(expected);
  });

  it("takes only one source each, as Compose 2.40 (file|environment[|content] are mutually exclusive, even external)", () => {
    const file = [
      "services:", "  web:", "    image: x",
      "secrets:", "  s: {file: ./s, environment: HOME}", "  e: {external: true, file: ./s, environment: HOME}", "  ok: {external: true, file: ./s}",
      "configs:", "  c: {file: ./c, content: hi}", "  d: {environment: HOME, content: hi}", "  f: {file: ./c, environment: HOME, content: hi}",
    ];
    expect(problems(file)).toEqual([
      'compose.yaml:5:3 secrets.s: secret "s" sets file and environment, which are mutually exclusive',
      'compose.yaml:6:3 secrets.e: secret "e" sets file and environment, which are mutually exclusive',
      'compose.yaml:9:3 configs.c: config "c" sets file and content, which are mutually exclusive',
      'compose.yaml:10:3 configs.d: config "d" sets environment and content, which are mutually exclusive',
      'compose.yaml:11:3 configs.f: config "f" sets file, environment and content, which are mutually exclusive',
    ]);
  });
});
