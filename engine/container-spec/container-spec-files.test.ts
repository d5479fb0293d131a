import { describe, expect, it } from "vitest";
import { normalizeForTest } from "../../test/kits/normalize-kit.js";
import type { Project } from "../../spec/project.js";
import { dockerConfigJson, serviceFiles } from "./container-spec-files.js";
import { withApiSocket } from "./container-spec-mounts.js";
import { containerSpec, type ContainerSpecInput } from "./container-spec.js";

const project = (yaml: string): Project => {
  const { project, diag } = normalizeForTest(yaml);
  expect(diag.errors.map((e) => e.message)).toEqual([]);
  return project;
};

const env = (vars: Record<string, string>) => (name: string) => vars[name];

const FIXTURE = `
services:
  app:
    image: x
    configs:
      - greeting
      - {source: from_env, target: /etc/app/env.conf, uid: "123", gid: "456", mode: 0600}
      - {source: greeting, target: rel/cfg}
      - empty
      - on_disk
    secrets:
      - token
      - {source: token, target: custom, mode: 0400, uid: "7"}
      - {source: token, target: /deep/dir/s.txt}
      - disk_secret
configs:
  greeting: {content: "hello there"}
  from_env: {environment: CFG_VAR}
  empty: {environment: EMPTY_VAR}
  on_disk: {file: ./cfg.txt}
secrets:
  token: {environment: SEC_VAR}
  disk_secret: {file: ./sec.txt}
`;

function spec(p: Project, extra: Partial<ContainerSpecInput> = {}) {
  return containerSpec({
    project: p,
    service: "app",
    number: 1,
    name: "demo-app-1",
    image: "x",
    configHash: "h",
    projectDir: "/proj",
    configFiles: ["/proj/compose.yaml"],
    resolveServiceContainer: () => undefined,
    ...extra,
  });
}

describe("serviceFiles", () => {
  it("gives the secrets from environment, then the configs from content or environment, as Compose 2.40 copies them", () => {
    const p = project(FIXTURE);
    const files = serviceFiles(p, p.services["app"]!, env({ CFG_VAR: "cfgvalue", SEC_VAR: "secvalue", EMPTY_VAR: "" }));
    expect(files).toEqual([
      { path: "/run/secrets/token", content: "secvalue", mode: 0o444 },
      { path: "/run/secrets/custom", content: "secvalue", mode: 0o400, uid: 7 },
      { path: "/deep/dir/s.txt", content: "secvalue", mode: 0o444 },
      { path: "/greeting", content: "hello there", mode: 0o444 },
      { path: "/etc/app/env.conf", content: "cfgvalue", mode: 0o600, uid: 123, gid: 456 },
      { path: "/rel/cfg", content: "hello there", mode: 0o444 },
    ]);
  });

  it("fails as Compose does when an environment variable is not set, naming the variable and the secret or config", () => {
    const p = project(FIXTURE);
    expect(() => serviceFiles(p, p.services["app"]!, env({ SEC_VAR: "s", EMPTY_VAR: "" }))).toThrow(
      'environment variable "CFG_VAR" required by config "demo_from_env" is not set',
    );
    expect(() => serviceFiles(p, p.services["app"]!, undefined)).toThrow('environment variable "SEC_VAR" required by secret "demo_token" is not set');
  });

  it("writes nothing for a service without such secrets or configs", () => {
    const p = project("services: {app: {image: x, secrets: [s]}}\nsecrets: {s: {file: ./s.txt}}");
    expect(serviceFiles(p, p.services["app"]!, undefined)).toEqual([]);
    expect(spec(p).files).toBeUndefined();
  });

  it("gives use_api_socket's #apisocket config the user's credentials as a docker config file", () => {
    const p = project("services: {app: {image: x, use_api_socket: true}}");
    const files = spec(p, { credentials: { "registry.example.com": { auth: "dXNlcjpwYXNz" } } }).files;
    expect(files).toEqual([{ path: "/run/secrets/docker/config.json", content: '{\n\t"auths": {\n\t\t"registry.example.com": {\n\t\t\t"auth": "dXNlcjpwYXNz"\n\t\t}\n\t}\n}', mode: 0o444 }]);
    const service = withApiSocket("app", p.services["app"]!, "unix:///var/run/docker.sock");
    expect(serviceFiles(p, service, undefined)).toEqual([{ path: "/run/secrets/docker/config.json", content: '{\n\t"auths": {}\n}', mode: 0o444 }]);
  });
});

describe("containerSpec files", () => {
  it("carries the files, and a missing variable fails before anything is created", () => {
    const p = project(FIXTURE);
    expect(spec(p, { environment: env({ CFG_VAR: "c", SEC_VAR: "s", EMPTY_VAR: "" }) }).files).toHaveLength(6);
    expect(() => spec(p)).toThrow(/required by secret "demo_token" is not set/);
  });
});

describe("dockerConfigJson", () => {
  it("saves auths as the docker CLI does: auth from user and password, other fields dropped, sorted, tab-indented, Go-escaped", () => {
    const json = dockerConfigJson({
      "z.io": { username: "u", password: "p<&>", serveraddress: "https://z.io", email: "e@x" },
      "a.io": { auth: "dXNlcjpwYXNz", username: "ignored", identitytoken: "tok" },
      "t.io": { identitytoken: "only" },
    });
    expect(json).toBe(
      [
        "{",
        '\t"auths": {',
        '\t\t"a.io": {',
        '\t\t\t"auth": "dXNlcjpwYXNz",',
        '\t\t\t"identitytoken": "tok"',
        "\t\t},",
        '\t\t"t.io": {',
        '\t\t\t"identitytoken": "only"',
        "\t\t},",
        '\t\t"z.io": {',
        `\t\t\t"auth": "${Buffer.from("u:p<&>").toString("base64")}",`,
        '\t\t\t"email": "e@x"',
        "\t\t}",
        "\t}",
        "}",
      ].join("\n"),
    );
    expect(dockerConfigJson({ "x.io": { email: "<a>" } })).toContain('"email": "\\u003ca\\u003e"');
  });
});
