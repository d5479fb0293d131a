import { mkdtempSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { normalizeForTest } from "../../test/kits/normalize-kit.js";
import { apiSocketCredentials } from "./docker-credentials.js";

const withSocket = normalizeForTest("services: {app: {image: x, use_api_socket: true}}").project;
const without = normalizeForTest("services: {app: {image: x}}").project;

function configDir(text: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), "tsc-docker-config-"));
  writeFileSync(path.join(dir, "config.json"), text);
  return dir;
}

describe("apiSocketCredentials", () => {
  it("gives the auths of $DOCKER_CONFIG/config.json, else $HOME/.docker/config.json, only for a project that uses the socket", () => {
    const dir = configDir(JSON.stringify({ auths: { "r.io": { auth: "dTpw", email: "e", extra: 1 } }, credsStore: "desktop", currentContext: "x" }));
    expect(apiSocketCredentials(withSocket, { DOCKER_CONFIG: dir })).toEqual({ "r.io": { auth: "dTpw", email: "e" } });
    expect(apiSocketCredentials(without, { DOCKER_CONFIG: dir })).toBeUndefined();
    const home = mkdtempSync(path.join(tmpdir(), "tsc-home-"));
    mkdirSync(path.join(home, ".docker"));
    writeFileSync(path.join(home, ".docker", "config.json"), JSON.stringify({ auths: { "h.io": { auth: "aDpp" } } }));
    expect(apiSocketCredentials(withSocket, { HOME: home })).toEqual({ "h.io": { auth: "aDpp" } });
  });

  it("gives no credentials without a readable JSON file", () => {
    expect(apiSocketCredentials(withSocket, {})).toEqual({});
    expect(apiSocketCredentials(withSocket, { DOCKER_CONFIG: configDir("{not json") })).toEqual({});
    expect(apiSocketCredentials(withSocket, { DOCKER_CONFIG: path.join(tmpdir(), "tsc-no-such-dir") })).toEqual({});
  });
});
