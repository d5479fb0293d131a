import { describe, expect, it } from "vitest";
import type { Project } from "../../spec/project.js";
import { dialHost, engineConnection, isRemoteEngine, remoteBindWarning } from "./connect.js";

describe("engineConnection", () => {
  it("reads DOCKER_HOST, DOCKER_TLS_VERIFY and DOCKER_CERT_PATH from the given env only", () => {
    expect(engineConnection({})).toEqual({});
    expect(engineConnection({ DOCKER_HOST: "tcp://h:2376", DOCKER_TLS_VERIFY: "1", DOCKER_CERT_PATH: "/c" })).toEqual({ host: "tcp://h:2376", tlsVerify: true, certPath: "/c" });
    expect(engineConnection({ DOCKER_HOST: "unix:///s", DOCKER_TLS_VERIFY: "0" })).toEqual({ host: "unix:///s" });
    expect(engineConnection({ DOCKER_HOST: "ssh://root@10.0.0.5:2222" })).toEqual({ host: "ssh://root@10.0.0.5:2222" });
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

  it("dials the ssh host of an engine reached over ssh", () => {
    expect(dialHost("0.0.0.0", { host: "ssh://root@build-box:2222" })).toBe("build-box");
    expect(dialHost("127.0.0.1", { host: "ssh://[fd00::2]" })).toBe("fd00::2");
  });
});

describe("remote engines and bind mounts", () => {
  const project = (volumes: Record<string, { type: "bind" | "volume"; source: string; target: string }[]>) =>
    ({ services: Object.fromEntries(Object.entries(volumes).map(([name, v]) => [name, { volumes: v }])) }) as unknown as Project;

  it("counts ssh:// engines and tcp:// engines on another host as remote", () => {
    expect(isRemoteEngine({ host: "ssh://root@127.0.0.1:2222" })).toBe(true);
    expect(isRemoteEngine({ host: "tcp://10.0.0.5:2375" })).toBe(true);
    expect(isRemoteEngine({ host: "tcp://127.0.0.1:2375" })).toBe(false);
    expect(isRemoteEngine({ host: "tcp://localhost:2375" })).toBe(false);
    expect(isRemoteEngine({ host: "unix:///var/run/docker.sock" })).toBe(false);
    expect(isRemoteEngine({})).toBe(false);
  });

  it("warns once, naming the first bind of the project directory and counting the others", () => {
    const p = project({
      web: [
        { type: "bind", source: "/work/app/src", target: "/src" },
        { type: "volume", source: "data", target: "/data" },
      ],
      db: [
        { type: "bind", source: "/etc/ssl/certs", target: "/certs" },
        { type: "bind", source: "/work/app", target: "/app" },
      ],
    });
    const w = remoteBindWarning(p, "/work/app", { host: "ssh://root@box" });
    expect(w).toEqual({
      code: "W_REMOTE_BIND",
      message:
        "bind source ./src is /work/app/src on this machine, but the engine at ssh://root@box is remote: it mounts /work/app/src from its own host, where these files may not exist (and 1 more bind mount of the project directory); copy the files there or use a named volume",
      path: ["services", "web", "volumes", 0],
    });
  });

  it("says nothing for a local engine, or binds outside the project directory only", () => {
    const p = project({ web: [{ type: "bind", source: "/work/app/src", target: "/src" }] });
    expect(remoteBindWarning(p, "/work/app", {})).toBeUndefined();
    expect(remoteBindWarning(p, "/work/app", { host: "tcp://127.0.0.1:2375" })).toBeUndefined();
    expect(remoteBindWarning(project({ web: [{ type: "bind", source: "/srv/data", target: "/d" }] }), "/work/app", { host: "ssh://box" })).toBeUndefined();
    expect(remoteBindWarning(project({ web: [{ type: "bind", source: "/work/application", target: "/d" }] }), "/work/app", { host: "ssh://box" })).toBeUndefined();
  });
});
