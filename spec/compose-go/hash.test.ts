import { describe, expect, it } from "vitest";
import { configModel } from "./config-model.js";
import { networkConfigHash, serviceConfigHash, volumeConfigHash } from "./hash.js";
import { normalizeForTest } from "../../test/kits/normalize-kit.js";

// The project below, loaded by Docker Compose 2.40.3 as project "demo" in /proj, gets these hashes
// (`docker compose -p demo config --hash '*'`, and the config-hash labels `docker compose create`
// writes on the networks and the volume): the values tscompose must write for the two tools to
// see each other's objects as up to date.
const YAML = `
services:
  web:
    image: nginx:1.25
    ports: ["8080:80", {target: 443, published: "8443", host_ip: 127.0.0.1}]
    environment:
      A: "1<2&3"
      Z: "é\\u2028"
    depends_on: [db]
    volumes:
      - data:/data
      - ./src:/src
      - {type: bind, source: ./conf, target: /conf, bind: {propagation: rshared}}
    cap_add: [NET_ADMIN]
    labels: {b: "2", a: "1", "10": x, "9": y}
    healthcheck:
      test: ["CMD", "true"]
      interval: 5s
      retries: 3
    develop:
      watch:
        - {path: ./src, action: rebuild}
    x-ignored: 1
  db:
    image: postgres
    scale: 2
    deploy:
      resources:
        limits:
          memory: 256M
    networks:
      back: {aliases: [database], priority: 3}
volumes:
  data: {}
networks:
  back: {driver_opts: {x: "y"}}
`;

describe("config hashes, as Docker Compose 2.40 computes them", () => {
  const { project, diag } = normalizeForTest(YAML);

  it("gives each service the hash Compose labels its containers with", () => {
    expect(diag.errors).toEqual([]);
    expect(serviceConfigHash(project.services["web"]!)).toBe("02d942305ea3fa2bcee7d8dae76f8f3c100ee84ea630aae93026e00cae4038f6");
    expect(serviceConfigHash(project.services["db"]!)).toBe("772bb46fd2e8507e83504ae66c1f958f51d712fe2ed10a04f3d535f000394076");
  });

  it("gives networks and volumes Compose's hashes", () => {
    expect(networkConfigHash(project.networks["back"]!)).toBe("30155bb37943604e04593fe023e67c2a5b5dc7e24eb2157c8e222017065e5c7a");
    expect(networkConfigHash(project.networks["default"]!)).toBe("9233c9210449f8a494f89ea29e14489610bbb8c740b68ce5e474fe6816a5a9ca");
    expect(volumeConfigHash(project.volumes["data"]!)).toBe("504ad458c80a54e9120954e1d0ad581a3e0d7b50499e9f2755876d04a2d3321a");
  });

  it("ignores what must not recreate a container: scale, replicas, dependencies, profiles, build, pull policy", () => {
    const base = normalizeForTest("services:\n  a:\n    image: x\n    deploy: {resources: {limits: {pids: 5}}}\n").project;
    const edited = normalizeForTest(
      "services:\n  a:\n    image: x\n    scale: 3\n    profiles: [p]\n    pull_policy: always\n    build: .\n    depends_on: [b]\n" +
        "    deploy: {replicas: 3, resources: {limits: {pids: 5}}}\n  b:\n    image: y\n",
    ).project;
    expect(serviceConfigHash(edited.services["a"]!)).toBe(serviceConfigHash(base.services["a"]!));
  });

  it("changes with anything else, an x- key excepted", () => {
    const hash = (extra: string) => serviceConfigHash(normalizeForTest(`services:\n  a:\n    image: x\n${extra}`).project.services["a"]!);
    expect(hash("    x-note: 1\n")).toBe(hash(""));
    expect(hash("    environment: {A: b}\n")).not.toBe(hash(""));
  });
});

describe("config hash of a service with label_file", () => {
  // Measured with Docker Compose 2.40.3 in /tmp/h12 (label_file: [./sub//one.labels, two.labels] and
  // two.labels): the config-hash labels of its containers. Compose hashes the merged labels plus the
  // files' absolute paths (`label_file` right after `labels`); its config --hash and config output leave
  // label_file out.
  const files = { "/tmp/h12/sub/one.labels": "a=1\nb=1\n", "/tmp/h12/two.labels": "b=2\n" };
  const yaml = [
    "services:",
    "  app:",
    "    image: tscompose-busybox:latest",
    "    label_file: [/tmp/h12/sub/one.labels, /tmp/h12/two.labels]",
    "  plain:",
    "    image: tscompose-busybox:latest",
    "    label_file: /tmp/h12/two.labels",
    "    labels: [c=3]",
    "",
  ].join("\n");
  const { project, diag } = normalizeForTest(yaml, { files });

  it("hashes the label files' paths with the merged labels, as Compose's container label", () => {
    expect(diag.errors).toEqual([]);
    expect(project.services["app"]?.labels).toEqual({ a: "1", b: "2" });
    expect(serviceConfigHash(project.services["app"]!)).toBe("fcbdd473d53c4b3a3fe773b4243eaec3a4689fd05adc9dcde0b44e8ff9f53636");
    expect(serviceConfigHash(project.services["plain"]!)).toBe("2b0a3d5373ce18f21a2f3a4a82b40cefc69a4ed34af4bbaa4342f3954f7d7a05");
  });

  it("does not print label_file in config", () => {
    const services = configModel(project)["services"] as Record<string, Record<string, unknown>>;
    expect(services["app"]).not.toHaveProperty("label_file");
    expect(services["plain"]?.["labels"]).toEqual({ b: "2", c: "3" });
  });
});
