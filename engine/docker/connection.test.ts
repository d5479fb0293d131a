import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RuntimeError } from "../runtime/runtime-errors.js";
import { apiVersionAtLeast, modemOptions, toRuntimeError } from "./connection.js";
import { DockerRuntime } from "./docker-runtime.js";

describe("modemOptions", () => {
  it("defaults to the standard unix socket and sets every key explicitly", () => {
    const { modem, address } = modemOptions({});
    expect(address).toBe("unix:///var/run/docker.sock");
    expect(modem.socketPath).toBe("/var/run/docker.sock");
    expect(Object.keys(modem)).toEqual(expect.arrayContaining(["host", "port", "protocol", "ca", "cert", "key"]));
    expect(modem.host).toBeUndefined();
  });

  it("reads unix:// and tcp:// hosts", () => {
    expect(modemOptions({ host: "unix:///tmp/d.sock" }).modem.socketPath).toBe("/tmp/d.sock");
    const tcp = modemOptions({ host: "tcp://10.1.2.3:2375" });
    expect(tcp.modem).toMatchObject({ host: "10.1.2.3", port: 2375, protocol: "http", socketPath: undefined });
    expect(tcp.address).toBe("tcp://10.1.2.3:2375");
  });

  it("fails clearly for TLS without certificates and for unsupported schemes", () => {
    const empty = mkdtempSync(join(tmpdir(), "tsc-certs-"));
    expect(() => modemOptions({ host: "tcp://h:2376", tlsVerify: true, certPath: empty })).toThrow(/TLS certificates/);
    expect(() => modemOptions({ host: "ftp://h" })).toThrow(/cannot use the engine address ftp:\/\/h .*the ftp:\/\/ scheme is not supported/);
    expect(() => modemOptions({ host: "ssh://me:pw@h" })).toThrow(RuntimeError);
  });

  it("reads ssh:// hosts as a remote engine reached through ssh, with no socket, host or port", () => {
    const { modem, address } = modemOptions({ host: "ssh://root@10.0.0.5:2222" });
    expect(address).toBe("ssh://root@10.0.0.5:2222");
    expect(modem).toMatchObject({ ssh: { user: "root", host: "10.0.0.5", port: "2222" }, socketPath: undefined, host: undefined, port: undefined });
    expect(modemOptions({ host: "ssh://box/run/user/1000/docker.sock" }).modem.ssh).toEqual({ host: "box", socketPath: "/run/user/1000/docker.sock" });
  });
});

describe("toRuntimeError", () => {
  const http = (statusCode: number, message: string) => Object.assign(new Error(`(HTTP code ${statusCode}) x - ${message} `), { statusCode, json: { message } });

  it("maps statuses to reasons and keeps the engine's message", () => {
    expect(toRuntimeError(http(404, "No such container: x"), "a")).toMatchObject({ reason: "not-found", status: 404, engineMessage: "No such container: x", code: "E_RUNTIME_NOT_FOUND" });
    expect(toRuntimeError(http(409, "name in use"), "a").reason).toBe("conflict");
    expect(toRuntimeError(http(403, "has active endpoints"), "a").reason).toBe("conflict");
    // Podman 4's compat API answers a network in use with 500.
    expect(toRuntimeError(http(500, '"p_default" has associated containers with it. Use -f to forcibly delete containers and pods: network is being used'), "a").reason).toBe("conflict");
    expect(toRuntimeError(http(500, "something else broke"), "a").reason).toBe("other");
    expect(toRuntimeError(http(500, "boom"), "a", "starting web").message).toBe("starting web: boom");
  });

  it("maps transport failures to unreachable with a hint", () => {
    const e = toRuntimeError(Object.assign(new Error("connect ENOENT"), { code: "ENOENT" }), "unix:///x.sock");
    expect(e).toMatchObject({ reason: "unreachable", code: "E_ENGINE_UNREACHABLE" });
    expect(e.message).toBe("cannot reach the Docker Engine at unix:///x.sock (the socket does not exist)");
    expect(e.hint).toMatch(/scripts\/engine\.sh|DOCKER_HOST/);
  });
});

describe("DockerRuntime without an engine", () => {
  it("reports an unreachable engine naming the socket it tried", async () => {
    const socket = join(mkdtempSync(join(tmpdir(), "tsc-nosock-")), "docker.sock");
    const runtime = new DockerRuntime({ host: `unix://${socket}` });
    const error = await runtime.ping().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RuntimeError);
    expect(error).toMatchObject({ reason: "unreachable", message: `cannot reach the Docker Engine at unix://${socket} (the socket does not exist)` });
  });
});

describe("apiVersionAtLeast", () => {
  it("compares dotted versions part by part, as numbers", () => {
    expect(apiVersionAtLeast("1.44", "1.44")).toBe(true);
    expect(apiVersionAtLeast("1.51", "1.44")).toBe(true);
    expect(apiVersionAtLeast("1.100", "1.44")).toBe(true);
    expect(apiVersionAtLeast("2.0", "1.44")).toBe(true);
    expect(apiVersionAtLeast("1.43", "1.44")).toBe(false);
    expect(apiVersionAtLeast("1.9", "1.44")).toBe(false);
    expect(apiVersionAtLeast("1", "1.0")).toBe(true);
  });

  it("counts an empty or unreadable version as older than anything", () => {
    expect(apiVersionAtLeast(undefined, "1.44")).toBe(false);
    expect(apiVersionAtLeast("", "1.44")).toBe(false);
    expect(apiVersionAtLeast("v1.51", "1.44")).toBe(false);
  });
});
