import { describe, expect, it } from "vitest";
import { dialHost, engineConnection } from "./connect.js";

describe("engineConnection", () => {
  it("reads DOCKER_HOST, DOCKER_TLS_VERIFY and DOCKER_CERT_PATH from the given env only", () => {
    expect(engineConnection({})).toEqual({});
    expect(engineConnection({ DOCKER_HOST: "tcp://h:2376", DOCKER_TLS_VERIFY: "1", DOCKER_CERT_PATH: "/c" })).toEqual({ host: "tcp://h:2376", tlsVerify: true, certPath: "/c" });
    expect(engineConnection({ DOCKER_HOST: "unix:///s", DOCKER_TLS_VERIFY: "0" })).toEqual({ host: "unix:///s" });
  });
});

describe("dialHost", () => {
  it("dials loopback for wildcard bindings on a local engine", () => {
    expect(dialHost("0.0.0.0")).toBe("127.0.0.1");
    expect(dialHost("")).toBe("127.0.0.1");
    expect(dialHost("::")).toBe("::1");
    expect(dialHost("127.0.0.2", { host: "unix:///var/run/docker.sock" })).toBe("127.0.0.2");
  });

  it("dials the engine's host when it is reached over tcp", () => {
    expect(dialHost("0.0.0.0", { host: "tcp://10.0.0.5:2375" })).toBe("10.0.0.5");
    expect(dialHost("0.0.0.0", { host: "tcp://[fd00::1]:2375" })).toBe("fd00::1");
  });
});
