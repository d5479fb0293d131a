import { describe, expect, it } from "vitest";
import { ProjectErrors } from "./errors.js";
import { memoryHost } from "./host.js";
import { envFileOf, loadProject, type LoadOptions } from "./load.js";

function load(files: Record<string, string>, opts: Partial<LoadOptions> = {}) {
  return loadProject({ workingDir: "/app", env: {}, ...opts }, memoryHost(files));
}

function problems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof ProjectErrors) return e.errors.map((x) => `${x.code} ${x.describe()}`);
    throw e;
  }
  return [];
}

describe("loadProject", () => {
  it("loads the default file and its override, merging in order", () => {
    const { project, files } = load({
      "/app/compose.yaml": "services:\n  web:\n    image: a\n    environment: [A=1]\n",
      "/app/compose.override.yaml": "services:\n  web:\n    image: b\n    environment: {B: '2'}\n",
    });
    expect(files).toEqual(["/app/compose.yaml", "/app/compose.override.yaml"]);
    expect(project.name).toBe("app");
    expect(project.services["web"]?.image).toBe("b");
    expect(project.services["web"]?.environment).toEqual({ A: "1", B: "2" });
  });

  it("interpolates from .env with the shell winning, and COMPOSE_* keys in .env act as exported", () => {
    const { project } = load(
      {
        "/app/.env": "TAG=from-env\nPORT=1\nCOMPOSE_PROJECT_NAME=fromdotenv\nCOMPOSE_PROFILES=dbg\n",
        "/app/compose.yaml":
          "services:\n  web:\n    image: nginx:${TAG}\n    ports: ['${PORT}:80']\n  tool:\n    image: t\n    profiles: [dbg]\n",
      },
      { env: { PORT: "8080" } },
    );
    expect(project.name).toBe("fromdotenv");
    expect(project.services["web"]?.image).toBe("nginx:from-env");
    expect(project.services["web"]?.ports?.[0]?.published).toBe("8080");
    expect(Object.keys(project.services).sort()).toEqual(["tool", "web"]);
  });

  it("lists the explicit env files as Compose labels containers with them (not the default .env)", () => {
    const files = {
      "/app/compose.yaml": "services:\n  a:\n    image: x\n",
      "/app/.env": "A=1\n",
      "/app/custom.env": "B=1\n",
      "/app/two.env": "C=1\n",
      "/app/sub/x.env": "D=1\n",
    };
    expect(load(files).envFiles).toEqual([]);
    expect(envFileOf(load(files))).toEqual({});
    expect(load(files, { envFiles: ["custom.env", "./two.env"] }).envFiles).toEqual(["/app/custom.env", "/app/two.env"]);
    expect(envFileOf(load(files, { envFiles: ["custom.env", "./two.env"] }))).toEqual({ envFile: "/app/custom.env,/app/two.env" });
    expect(load(files, { env: { COMPOSE_ENV_FILES: "custom.env,two.env" } }).envFiles).toEqual(["/app/custom.env", "/app/two.env"]);
    // relative to the working directory (not the project directory); an absolute one as written, as Compose
    expect(load(files, { workingDir: "/app/sub", files: ["../compose.yaml"], envFiles: ["x.env"] }).envFiles).toEqual(["/app/sub/x.env"]);
    expect(load(files, { envFiles: ["/app//./custom.env"] }).envFiles).toEqual(["/app//./custom.env"]);
  });

  it("takes the name from -p over COMPOSE_PROJECT_NAME over name:", () => {
    const files = { "/app/compose.yaml": "name: fromfile\nservices:\n  a:\n    image: x\n" };
    expect(load(files).project.name).toBe("fromfile");
    expect(load(files, { env: { COMPOSE_PROJECT_NAME: "fromenv" } }).project.name).toBe("fromenv");
    expect(load(files, { projectName: "flag", env: { COMPOSE_PROJECT_NAME: "fromenv" } }).project.name).toBe("flag");
  });

  it("reports an invalid top-level name: at its position, unless -p or COMPOSE_PROJECT_NAME overrides it", () => {
    const files = { "/app/compose.yaml": "name: MyShop\nservices:\n  a:\n    image: x\n" };
    expect(problems(() => load(files))).toEqual([
      'E_INVALID_PROJECT_NAME /app/compose.yaml:1:7 name: invalid project name "MyShop": it must consist only of lowercase alphanumeric characters, hyphens, and underscores as well as start with a letter or number',
    ]);
    expect(load(files, { projectName: "shop" }).project.name).toBe("shop");
  });

  it("includes a sub-project with its own directory and .env, local definitions winning", () => {
    const { project } = load({
      "/app/compose.yaml": "include:\n  - sub/compose.yaml\nservices:\n  web:\n    image: web\n    depends_on: [db]\n",
      "/app/sub/.env": "DB_TAG=15\n",
      "/app/sub/compose.yaml":
        "services:\n  db:\n    image: postgres:${DB_TAG}\n    volumes: ['./data:/var/lib/data']\n  web:\n    image: overridden\n",
    });
    expect(project.services["db"]?.image).toBe("postgres:15");
    expect(project.services["db"]?.volumes?.[0]?.source).toBe("/app/sub/data");
    expect(project.services["web"]?.image).toBe("web");
  });

  it("keeps paths as written with resolvePaths: false, rebasing included and extended ones relatively", () => {
    const files = {
      "/app/compose.yaml":
        "include:\n  - sub/compose.yaml\nservices:\n  web:\n    image: w\n    volumes: ['./data:/d', '~/c:/c']\n    env_file: ./a.env\n    build: {context: ., dockerfile: ../D}\n" +
        "  ext:\n    extends: {file: sub/base.yaml, service: base}\n",
      "/app/a.env": "A=1\n",
      "/app/sub/compose.yaml": "services:\n  inc:\n    image: i\n    volumes: ['./incdata:/i', '../up:/u']\n    env_file: ./inc.env\n    build: ./ctx\n",
      "/app/sub/inc.env": "B=2\n",
      "/app/sub/base.yaml": "services:\n  base:\n    image: b\n    volumes: [{type: bind, source: ./bd, target: /b}]\n",
    };
    const { project } = load(files, { resolvePaths: false });
    const sources = (name: string) => project.services[name]?.volumes?.map((v) => `${v.type}:${v.source}`);
    expect(sources("web")).toEqual(["bind:./data", "bind:~/c"]);
    expect(project.services["web"]?.build).toMatchObject({ context: ".", dockerfile: "../D" });
    expect(project.services["web"]?.environment).toEqual({ A: "1" });
    expect(sources("inc")).toEqual(["bind:sub/incdata", "bind:up"]);
    expect(project.services["inc"]?.build?.context).toBe("sub/ctx");
    expect(project.services["inc"]?.environment).toEqual({ B: "2" });
    expect(sources("ext")).toEqual(["bind:sub/bd"]);
    // The same pipeline, absolute by default.
    expect(load(files).project.services["inc"]?.volumes?.map((v) => v.source)).toEqual(["/app/sub/incdata", "/app/up"]);
  });

  it("leaves out what normalization adds with normalize: false", () => {
    const files = {
      "/app/compose.yaml":
        "services:\n  a:\n    image: x\n    build: {context: ., args: [SET, UNSET, X=1]}\n    links: [b]\n    pull_policy: if_not_present\n" +
        "    volumes: [{type: volume, source: v, target: /x/./y/}]\n  b:\n    image: y\n    networks: [back]\nnetworks:\n  back: {}\nvolumes:\n  v: {}\n",
    };
    const { project } = load(files, { normalize: false, env: { SET: "s" } });
    const a = project.services["a"];
    expect(a?.networks).toBeUndefined();
    expect(a?.depends_on).toBeUndefined();
    expect(a?.build).toEqual({ context: "/app", args: { SET: null, UNSET: null, X: "1" } });
    expect(a?.pull_policy).toBe("if_not_present");
    expect(a?.volumes?.[0]?.target).toBe("/x/./y/");
    expect(project.networks).toEqual({ back: {} });
    expect(project.volumes).toEqual({ v: {} });
    const normalized = load(files, { env: { SET: "s" } }).project;
    expect(normalized.services["a"]?.networks).toEqual({ default: null });
    expect(Object.keys(normalized.services["a"]?.depends_on ?? {})).toEqual(["b"]);
    expect(normalized.networks["default"]?.name).toBe("app_default");
  });

  it("reports an include cycle with its path", () => {
    const errs = problems(() =>
      load({
        "/app/compose.yaml": "include: [a.yaml]\nservices: {}\n",
        "/app/a.yaml": "include: [compose.yaml]\nservices: {}\n",
      }),
    );
    expect(errs.join("\n")).toMatch(/E_INCLUDE_CYCLE .*include cycle: compose.yaml -> a.yaml -> compose.yaml/);
  });

  it("reports a missing included file at the include entry", () => {
    const errs = problems(() => load({ "/app/compose.yaml": "services: {}\ninclude:\n  - nope.yaml\n" }));
    expect(errs).toEqual([
      "E_INCLUDE_NOT_FOUND /app/compose.yaml:3:5 include[0]: included file /app/nope.yaml not found",
    ]);
  });

  it("collects problems from several stages of one file at once", () => {
    const errs = problems(() =>
      load({ "/app/compose.yaml": "services:\n  web:\n    image: a\n    depends_on: [db]\n    networks: [front]\n" }),
    );
    expect(errs).toHaveLength(2);
    expect(errs[0]).toMatch(/E_UNDEFINED_SERVICE .*service "web" depends on undefined service "db"/);
    expect(errs[1]).toMatch(/E_UNDEFINED_NETWORK .*undefined network "front"/);
  });

  it("reads -f - from the given stdin text", () => {
    const { project } = load({}, { files: ["-"], stdin: "services:\n  a:\n    image: x\n" });
    expect(project.services["a"]?.image).toBe("x");
  });

  it("skips the consistency checks with consistency: false, keeping schema errors", () => {
    const files = { "/app/compose.yaml": "services:\n  a:\n    image: x\n    depends_on: [ghost]\n    networks: [nowhere]\n    cpus: 1\n    deploy: {resources: {limits: {cpus: '2'}}}\n" };
    expect(problems(() => load(files)).length).toBeGreaterThan(0);
    const { project } = load(files, { consistency: false });
    expect(Object.keys(project.services["a"]?.depends_on ?? {})).toEqual(["ghost"]);
    expect(Object.keys(project.services["a"]?.networks ?? {})).toEqual(["nowhere"]);
    expect(project.services["a"]?.cpus).toBe(1);
    expect(problems(() => load({ "/app/compose.yaml": "services:\n  a:\n    imagee: x\n" }, { consistency: false })).length).toBe(1);
  });

  it("keeps ${VAR} as written with interpolation off", () => {
    const { project } = load({ "/app/compose.yaml": "services:\n  a:\n    image: ${IMG}\n" }, { interpolate: false });
    expect(project.services["a"]?.image).toBe("${IMG}");
  });

  it("lists referenced variables and .env keys as the resolved environment", () => {
    const loaded = load({ "/app/.env": "A=1\n", "/app/compose.yaml": "services:\n  s:\n    image: ${B:-x}\n" }, { env: { B: "2" } });
    expect([...loaded.variables]).toEqual([
      ["A", "1"],
      ["B", "2"],
    ]);
  });

  it("gives interpolation COMPOSE_PROJECT_NAME as the resolved name: -p, env, interpolated name:, directory", () => {
    const label = (files: Record<string, string>, opts: Partial<LoadOptions> = {}) => {
      const loaded = load(files, opts);
      return [loaded.project.services["a"]?.labels?.["p"], loaded.warnings.map((w) => w.code)];
    };
    const svc = "services:\n  a:\n    image: x\n    labels:\n      p: ${COMPOSE_PROJECT_NAME}_x\n";
    expect(label({ "/app/compose.yaml": `name: \${PREFIX:-acme}-\${STAGE}\n${svc}` }, { env: { STAGE: "dev" } })).toEqual(["acme-dev_x", []]);
    expect(label({ "/app/compose.yaml": svc })).toEqual(["app_x", []]);
    expect(label({ "/app/compose.yaml": `name: file\n${svc}` }, { projectName: "flag" })).toEqual(["flag_x", []]);
    expect(label({ "/app/compose.yaml": `name: file\n${svc}` }, { env: { COMPOSE_PROJECT_NAME: "env" } })).toEqual(["env_x", []]);
  });

  const stack = [
    "services:",
    "  web: { image: w, depends_on: [api], networks: [front] }",
    "  api: { image: a, depends_on: [db], networks: [back] }",
    "  db: { image: d, volumes: ['data:/data'], networks: [back] }",
    "  tool: { image: t, profiles: [tools], depends_on: [db], volumes: ['cache:/c'] }",
    "networks: { front: {}, back: {}, spare: {} }",
    "volumes: { data: {}, cache: {} }",
    "",
  ].join("\n");

  it("keeps the named services with their dependencies, and only the resources they use", () => {
    const loaded = load({ "/app/compose.yaml": stack }, { services: ["api"] });
    expect(Object.keys(loaded.project.services).sort()).toEqual(["api", "db"]);
    expect([...loaded.disabledServices].sort()).toEqual(["tool", "web"]);
    expect(Object.keys(loaded.project.networks)).toEqual(["back"]);
    expect(Object.keys(loaded.project.volumes)).toEqual(["data"]);
    const tool = load({ "/app/compose.yaml": stack }, { services: ["tool"] });
    expect(Object.keys(tool.project.services).sort()).toEqual(["db", "tool"]);
    expect(Object.keys(tool.project.volumes).sort()).toEqual(["cache", "data"]);
  });

  it("leaves out unused resources unless allResources is set", () => {
    expect(Object.keys(load({ "/app/compose.yaml": stack }).project.networks).sort()).toEqual(["back", "front"]);
    expect(Object.keys(load({ "/app/compose.yaml": stack }, { allResources: true }).project.networks).sort()).toEqual(["back", "default", "front", "spare"]);
    expect(Object.keys(load({ "/app/compose.yaml": stack }, { allResources: true }).project.volumes).sort()).toEqual(["cache", "data"]);
  });

  it("rejects an unknown service name", () => {
    expect(() => load({ "/app/compose.yaml": stack }, { services: ["nope"] })).toThrow("no such service: nope");
  });

  it("keeps an optional dependency on a service switched off by profiles, silently; a required one is an error", () => {
    const files = (required: boolean) => ({
      "/app/compose.yaml": `services:\n  api:\n    image: a\n    depends_on:\n      search: { condition: service_healthy, required: ${required} }\n  search:\n    image: s\n    profiles: [search]\n`,
    });
    const loaded = load(files(false));
    expect(loaded.project.services["api"]?.depends_on).toEqual({ search: { condition: "service_healthy", required: false, restart: false } });
    expect(loaded.warnings).toEqual([]);
    expect(problems(() => load(files(true)))).toEqual([
      'E_DEPENDENCY_DISABLED /app/compose.yaml:5:15 services.api.depends_on.search: service "api" depends on "search", which is disabled by its profiles (search)',
    ]);
  });
});
