import { describe, expect, it } from "vitest";
import { Diagnostics } from "../errors.js";
import { resolveExtends } from "./extends.js";
import { memoryHost } from "../host.js";
import { pathKey } from "../location.js";
import { applyTags, mergeFiles } from "./merge.js";
import { parseComposeFile, type ComposeFile } from "../read/parse.js";

/** Resolves `extends` in `entry` with every file of `files` readable through the host. */
function resolve(files: Record<string, string>, entry = "/p/compose.yaml") {
  const diag = new Diagnostics();
  const host = memoryHost(files);
  const loads: string[] = [];
  const loadFile = (p: string): ComposeFile | undefined => {
    loads.push(p);
    const text = host.readFile(p);
    return text === undefined ? undefined : parseComposeFile(text, p, diag);
  };
  const root = loadFile(entry);
  if (!root) throw new Error(diag.errors.map((e) => e.describe()).join("\n"));
  loads.length = 0;
  const file = resolveExtends(root, { host, diag, loadFile });
  const services = file.data["services"] as Record<string, Record<string, unknown>>;
  return { file, services, diag, loads };
}

describe("resolveExtends in one file", () => {
  it("merges the local definition over the base and drops the extends key", () => {
    const { services, diag } = resolve({
      "/p/compose.yaml":
        "services:\n  base:\n    image: busybox\n    environment: [A=1]\n    command: [sleep, '1']\n  web:\n    extends: base\n    environment:\n      B: '2'\n    command: [sleep, '2']\n",
    });
    expect(diag.errors).toEqual([]);
    expect(services["web"]).toEqual({ image: "busybox", environment: { A: "1", B: "2" }, command: ["sleep", "2"] });
    expect(services["base"]).toEqual({ image: "busybox", environment: ["A=1"], command: ["sleep", "1"] });
  });

  it("resolves nested extends (c <- b <- a) whatever the declaration order", () => {
    const { services, diag } = resolve({
      "/p/compose.yaml":
        "services:\n  a:\n    extends: {service: b}\n    user: a\n  b:\n    extends: c\n    ports: ['81:81']\n  c:\n    image: c\n    ports: ['80:80']\n    user: c\n",
    });
    expect(diag.errors).toEqual([]);
    expect(services["a"]).toEqual({ image: "c", ports: ["80:80", "81:81"], user: "a" });
    expect(services["b"]).toEqual({ image: "c", ports: ["80:80", "81:81"], user: "c" });
  });

  it("gives the local file precedence: scalars, replaced command, merged unique lists", () => {
    const { services } = resolve({
      "/p/compose.yaml":
        "services:\n  base:\n    image: a\n    entrypoint: [x]\n    volumes: ['./a:/data', './b:/b']\n  web:\n    extends: base\n    image: b\n    entrypoint: [y]\n    volumes: ['./c:/data']\n",
    });
    expect(services["web"]).toEqual({ image: "b", entrypoint: ["y"], volumes: ["./c:/data", "./b:/b"] });
  });

  it("inherits and merges depends_on, links and volumes_from (Compose v2 allows them)", () => {
    const { services, diag } = resolve({
      "/p/compose.yaml":
        "services:\n  db: {image: pg}\n  cache: {image: redis}\n  base:\n    image: a\n    depends_on: [db]\n    links: [db]\n    volumes_from: [db]\n  web:\n    extends: base\n    depends_on:\n      cache: {condition: service_healthy}\n",
    });
    expect(diag.errors).toEqual([]);
    expect(services["web"]).toEqual({
      image: "a",
      depends_on: { db: { condition: "service_started" }, cache: { condition: "service_healthy" } },
      links: ["db"],
      volumes_from: ["db"],
    });
  });

  it("applies the local !reset and !override to inherited values and keeps the tags for the file merge", () => {
    const { file, services } = resolve({
      "/p/compose.yaml":
        "services:\n  base:\n    image: a\n    ports: ['80:80']\n    environment: {A: '1', B: '2'}\n  web:\n    extends: base\n    ports: !reset []\n    environment: !override {C: '3'}\n",
    });
    expect(file.tags.get(pathKey(["services", "web", "ports"]))).toBe("reset");
    expect(services["web"]?.["environment"]).toEqual({ C: "3" });
    expect((applyTags(file).data["services"] as Record<string, unknown>)["web"]).toEqual({ image: "a", environment: { C: "3" } });
  });

  it("a !reset in an extending override file still removes the value from the earlier file", () => {
    const diag = new Diagnostics();
    const first = parseComposeFile("services:\n  web:\n    image: a\n    ports: ['80:80']\n", "/p/compose.yaml", diag);
    const { file: second } = resolve({
      "/p/override.yaml": "services:\n  tpl:\n    user: root\n  web:\n    extends: tpl\n    ports: !reset []\n",
    }, "/p/override.yaml");
    const merged = applyTags(mergeFiles(first as ComposeFile, second, diag));
    expect((merged.data["services"] as Record<string, unknown>)["web"]).toEqual({ image: "a", user: "root" });
  });

  it("points inherited nodes at the base and local nodes at the local definition", () => {
    const { file } = resolve({
      "/p/compose.yaml": "services:\n  base:\n    image: a\n  web:\n    extends: base\n    user: root\n",
    });
    expect(file.sources.locate(["services", "web", "image"])).toMatchObject({ line: 3, column: 12 });
    expect(file.sources.locate(["services", "web", "user"])).toMatchObject({ line: 6, column: 11 });
    expect(file.sources.locate(["services", "web"])).toMatchObject({ line: 5 });
    expect(file.sources.has(["services", "web", "extends"])).toBe(false);
  });

  it("returns a file without extends unchanged", () => {
    const files = { "/p/compose.yaml": "services:\n  web:\n    image: a\n" };
    const diag = new Diagnostics();
    const f = parseComposeFile(files["/p/compose.yaml"], "/p/compose.yaml", diag) as ComposeFile;
    expect(resolveExtends(f, { host: memoryHost(files), diag, loadFile: () => undefined })).toBe(f);
  });
});

describe("resolveExtends across files", () => {
  const common = "services:\n  tpl:\n    image: base\n    build: ./app\n    env_file: [common.env]\n    label_file: ./labels\n    volumes:\n      - ./data:/data\n      - named:/named\n      - type: bind\n        source: ../shared\n        target: /shared\n      - /abs:/abs\n";

  it("reads extends.file relative to the extending file and rebases the base's relative paths onto its directory", () => {
    const { services, diag } = resolve({
      "/p/compose.yaml": "services:\n  web:\n    extends:\n      file: lib/common.yaml\n      service: tpl\n    volumes: ['./local:/local']\n",
      "/p/lib/common.yaml": common,
    });
    expect(diag.errors).toEqual([]);
    expect(services["web"]).toEqual({
      image: "base",
      build: "/p/lib/app",
      env_file: ["/p/lib/common.env"],
      label_file: "/p/lib/labels",
      volumes: [
        "/p/lib/data:/data",
        "named:/named",
        { type: "bind", source: "/p/shared", target: "/shared" },
        "/abs:/abs",
        "./local:/local",
      ],
    });
  });

  it("gives a build mapping without context the base file's directory", () => {
    const { services } = resolve({
      "/p/compose.yaml": "services:\n  web:\n    extends: {file: lib/c.yaml, service: tpl}\n    build:\n      target: dev\n",
      "/p/lib/c.yaml": "services:\n  tpl:\n    build:\n      dockerfile: Dockerfile.dev\n",
    });
    expect(services["web"]?.["build"]).toEqual({ dockerfile: "Dockerfile.dev", context: "/p/lib", target: "dev" });
  });

  it("keeps same-file bases relative (normalization resolves them against the project directory)", () => {
    const { services } = resolve({
      "/p/compose.yaml": "services:\n  base:\n    build: ./app\n  web:\n    extends: base\n",
    });
    expect(services["web"]?.["build"]).toBe("./app");
  });

  it("resolves nested extends across files, each base relative to its own file", () => {
    const { services, diag, file } = resolve({
      "/p/compose.yaml": "services:\n  web:\n    extends: {file: a/one.yaml, service: mid}\n    user: web\n",
      "/p/a/one.yaml": "services:\n  mid:\n    extends: {file: b/two.yaml, service: root}\n    env_file: mid.env\n  helper:\n    extends: mid\n",
      "/p/a/b/two.yaml": "services:\n  root:\n    image: r\n    build: .\n    user: root\n",
    });
    expect(diag.errors).toEqual([]);
    expect(services["web"]).toEqual({ image: "r", build: "/p/a/b", user: "web", env_file: "/p/a/mid.env" });
    expect(file.sources.locate(["services", "web", "image"])).toMatchObject({ file: "/p/a/b/two.yaml", line: 3 });
    expect(file.sources.locate(["services", "web", "env_file"])).toMatchObject({ file: "/p/a/one.yaml", line: 4 });
    expect(file.sources.locate(["services", "web", "user"])).toMatchObject({ file: "/p/compose.yaml", line: 4 });
  });

  it("loads each extended file once", () => {
    const { loads, diag } = resolve({
      "/p/compose.yaml":
        "services:\n  a:\n    extends: {file: lib.yaml, service: x}\n  b:\n    extends: {file: ./lib.yaml, service: y}\n",
      "/p/lib.yaml": "services:\n  x: {image: x}\n  y: {image: y}\n",
    });
    expect(diag.errors).toEqual([]);
    expect(loads).toEqual(["/p/lib.yaml"]);
  });

  it("applies the base file's own !reset nodes but not its tags", () => {
    const { services, file } = resolve({
      "/p/compose.yaml": "services:\n  web:\n    extends: {file: lib.yaml, service: x}\n",
      "/p/lib.yaml": "services:\n  x:\n    image: x\n    user: !reset root\n    dns: !override [1.1.1.1]\n",
    });
    expect(services["web"]).toEqual({ image: "x", dns: ["1.1.1.1"] });
    expect(file.tags.size).toBe(0);
  });
});

describe("resolveExtends errors", () => {
  it("reports an unknown base with a suggestion, at the extends node", () => {
    const { diag, services } = resolve({
      "/p/compose.yaml": "services:\n  base:\n    image: a\n  web:\n    extends: bsae\n    user: u\n",
    });
    expect(diag.errors).toHaveLength(1);
    const e = diag.errors[0];
    expect(e?.code).toBe("E_EXTENDS_UNKNOWN_SERVICE");
    expect(e?.describe()).toBe('/p/compose.yaml:5:14 services.web.extends.service: service "web" extends "bsae", which is not defined');
    expect(e?.hint).toBe('Did you mean "base"?');
    expect(services["web"]).toEqual({ user: "u" });
  });

  it("reports an unknown base in another file, listing what that file defines", () => {
    const { diag } = resolve({
      "/p/compose.yaml": "services:\n  web:\n    extends:\n      file: lib.yaml\n      service: zzz\n",
      "/p/lib.yaml": "services:\n  alpha: {image: a}\n  beta: {image: b}\n",
    });
    expect(diag.errors[0]?.message).toBe('service "web" extends "zzz", which is not defined in /p/lib.yaml');
    expect(diag.errors[0]?.hint).toBe("Defined services: alpha, beta.");
    expect(diag.errors[0]?.location).toMatchObject({ line: 5, column: 16 });
  });

  it("reports a missing file with the path it resolved to", () => {
    const { diag, loads } = resolve({
      "/p/sub/compose.yaml": "services:\n  web:\n    extends:\n      file: ../nope.yaml\n      service: x\n",
    }, "/p/sub/compose.yaml");
    expect(diag.errors).toHaveLength(1);
    expect(diag.errors[0]?.code).toBe("E_EXTENDS_FILE_NOT_FOUND");
    expect(diag.errors[0]?.message).toBe('extends file ../nope.yaml of service "web" not found');
    expect(diag.errors[0]?.hint).toMatch(/resolved to \/p\/nope.yaml/);
    expect(diag.errors[0]?.location).toMatchObject({ file: "/p/sub/compose.yaml", line: 4, column: 13 });
    expect(loads).toEqual([]);
  });

  it("reports a cycle in one file as a -> b -> a", () => {
    const { diag } = resolve({
      "/p/compose.yaml": "services:\n  a:\n    extends: b\n  b:\n    extends: a\n",
    });
    expect(diag.errors).toHaveLength(1);
    expect(diag.errors[0]?.code).toBe("E_EXTENDS_CYCLE");
    expect(diag.errors[0]?.message).toBe("extends cycle: a -> b -> a");
    expect(diag.errors[0]?.location).toMatchObject({ line: 5 });
  });

  it("reports a service extending itself", () => {
    const { diag } = resolve({ "/p/compose.yaml": "services:\n  a:\n    image: x\n    extends: a\n" });
    expect(diag.errors.map((e) => e.message)).toEqual(["extends cycle: a -> a"]);
  });

  it("names the files of a cycle that crosses files", () => {
    const { diag } = resolve({
      "/p/compose.yaml": "services:\n  web:\n    extends: {file: lib/base.yaml, service: base}\n",
      "/p/lib/base.yaml": "services:\n  base:\n    extends: {file: ../compose.yaml, service: web}\n",
    });
    expect(diag.errors.map((e) => e.message)).toEqual([
      "extends cycle: web (compose.yaml) -> base (lib/base.yaml) -> web (compose.yaml)",
    ]);
    expect(diag.errors[0]?.location?.file).toBe("/p/lib/base.yaml");
  });

  it("reports an extends that names no service", () => {
    const { diag } = resolve({ "/p/compose.yaml": "services:\n  a:\n    extends: {file: x.yaml}\n" });
    expect(diag.errors[0]?.code).toBe("E_EXTENDS_INVALID");
  });

  it("adds no error of its own when the loader could not parse the file", () => {
    const { diag } = resolve({
      "/p/compose.yaml": "services:\n  web:\n    extends: {file: bad.yaml, service: x}\n",
      "/p/bad.yaml": "services: [\n",
    });
    expect(diag.errors.length).toBeGreaterThan(0);
    expect(diag.errors.every((e) => e.code.startsWith("E_YAML"))).toBe(true);
  });
});
