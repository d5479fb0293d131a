import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { engineConnection } from "./connect.js";
import { dockerContextChoice } from "./docker-context.js";

/** A docker CLI config folder holding `contexts` (name → host, with TLS files when asked) and a config.json. */
function configDir(contexts: Record<string, { host: string; tls?: boolean }>, config?: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "tsc-docker-config-"));
  for (const [name, c] of Object.entries(contexts)) {
    const id = createHash("sha256").update(name).digest("hex");
    mkdirSync(path.join(dir, "contexts/meta", id), { recursive: true });
    writeFileSync(path.join(dir, "contexts/meta", id, "meta.json"), JSON.stringify({ Name: name, Metadata: {}, Endpoints: { docker: { Host: c.host, SkipTLSVerify: false } } }));
    if (c.tls) {
      mkdirSync(path.join(dir, "contexts/tls", id, "docker"), { recursive: true });
      for (const f of ["ca.pem", "cert.pem", "key.pem"]) writeFileSync(path.join(dir, "contexts/tls", id, "docker", f), "x");
    }
  }
  if (config !== undefined) writeFileSync(path.join(dir, "config.json"), config);
  return dir;
}

describe("docker CLI contexts", () => {
  it("uses the config's currentContext, DOCKER_CONTEXT over it, and DOCKER_HOST over both", () => {
    const dir = configDir({ colima: { host: "unix:///home/u/.colima/default/docker.sock" }, remote: { host: "tcp://10.0.0.9:2376", tls: true } }, JSON.stringify({ auths: {}, currentContext: "colima" }));
    expect(engineConnection({ DOCKER_CONFIG: dir })).toEqual({ host: "unix:///home/u/.colima/default/docker.sock" });
    expect(engineConnection({ DOCKER_CONFIG: dir, DOCKER_CONTEXT: "remote" })).toEqual({ host: "tcp://10.0.0.9:2376", tlsVerify: true, certPath: path.join(dir, "contexts/tls", createHash("sha256").update("remote").digest("hex"), "docker") });
    expect(engineConnection({ DOCKER_CONFIG: dir, DOCKER_CONTEXT: "remote", DOCKER_HOST: "unix:///s" })).toEqual({ host: "unix:///s" });
  });

  it("finds the config under $HOME/.docker, and names no context for an empty env, `default` or a config without one", () => {
    const home = mkdtempSync(path.join(os.tmpdir(), "tsc-home-"));
    const dir = configDir({ mine: { host: "unix:///run/user/1000/docker.sock" } }, JSON.stringify({ currentContext: "mine" }));
    mkdirSync(path.join(home, ".docker/contexts"), { recursive: true });
    writeFileSync(path.join(home, ".docker/config.json"), JSON.stringify({ currentContext: "mine" }));
    expect(dockerContextChoice({ HOME: home })).toEqual({ name: "mine", from: path.join(home, ".docker/config.json"), configDir: path.join(home, ".docker") });
    expect(engineConnection({})).toEqual({});
    expect(engineConnection({ DOCKER_CONFIG: dir, DOCKER_CONTEXT: "default" })).toEqual({});
    expect(engineConnection({ DOCKER_CONFIG: configDir({}, JSON.stringify({ auths: {} })) })).toEqual({});
    expect(engineConnection({ DOCKER_CONFIG: configDir({}) })).toEqual({});
  });

  it("uses a context with an ssh endpoint as DOCKER_HOST=ssh:// would be used", () => {
    const dir = configDir({ "build-box": { host: "ssh://deploy@10.0.0.7:2222" } }, JSON.stringify({ currentContext: "build-box" }));
    expect(engineConnection({ DOCKER_CONFIG: dir })).toEqual({ host: "ssh://deploy@10.0.0.7:2222" });
  });

  it("fails clearly for a context that does not exist, or a config that is not JSON", () => {
    const dir = configDir({}, "{not json");
    expect(() => engineConnection({ DOCKER_CONFIG: dir, DOCKER_CONTEXT: "gone" })).toThrow(/docker context "gone" \(from DOCKER_CONTEXT\) was not found/);
    expect(() => engineConnection({ DOCKER_CONFIG: dir })).toThrow(/cannot read the docker CLI configuration .*config\.json: it is not valid JSON/);
  });
});
