import { describe, expect, it } from "vitest";
import { createRequest, endpointConfig } from "./create-body.js";

describe("createRequest", () => {
  it("maps a full spec onto the Engine API's create body", () => {
    const { body, laterEndpoints } = createRequest({
      name: "p-web-1",
      image: "busybox",
      cmd: ["sh", "-c", "echo hi"],
      env: { A: "1", B: "x=y" },
      labels: { "com.docker.compose.project": "p" },
      user: "1000",
      stopSignal: "SIGINT",
      stopTimeoutSeconds: 3,
      healthcheck: { test: ["CMD", "true"], intervalNs: 1e9, retries: 2 },
      portBindings: [{ containerPort: 80, hostPort: "8080" }, { containerPort: 53, protocol: "udp" }],
      exposedPorts: ["9000"],
      mounts: [
        { type: "bind", source: "/src", target: "/app", readOnly: true, createHostPath: true, selinux: "z" },
        { type: "volume", source: "data", target: "/data" },
        { type: "volume", target: "/anon" },
        { type: "tmpfs", target: "/run", sizeBytes: 1024 },
      ],
      networks: [{ network: "p_default", aliases: ["web"] }, { network: "p_back", ipv4Address: "10.0.0.5" }],
      restartPolicy: { name: "on-failure", maximumRetryCount: 3 },
      resources: { nanoCpus: 5e8, memoryBytes: 64 * 1024 * 1024 },
      ulimits: [{ name: "nofile", soft: 1024, hard: 2048 }],
      logging: { driver: "json-file", options: { "max-size": "1m" } },
    });
    expect(body).toMatchObject({
      Image: "busybox",
      Cmd: ["sh", "-c", "echo hi"],
      Env: ["A=1", "B=x=y"],
      User: "1000",
      StopSignal: "SIGINT",
      StopTimeout: 3,
      Healthcheck: { Test: ["CMD", "true"], Interval: 1e9, Retries: 2 },
      ExposedPorts: { "80/tcp": {}, "53/udp": {}, "9000/tcp": {} },
      NetworkingConfig: { EndpointsConfig: { p_default: { Aliases: ["web"] } } },
    });
    expect(body.HostConfig).toMatchObject({
      Binds: ["/src:/app:ro,z"],
      Mounts: [
        { Type: "volume", Source: "data", Target: "/data" },
        { Type: "volume", Target: "/anon" },
        { Type: "tmpfs", Target: "/run", TmpfsOptions: { SizeBytes: 1024 } },
      ],
      NetworkMode: "p_default",
      PortBindings: { "80/tcp": [{ HostIp: "", HostPort: "8080" }], "53/udp": [{ HostIp: "", HostPort: "" }] },
      RestartPolicy: { Name: "on-failure", MaximumRetryCount: 3 },
      NanoCpus: 5e8,
      Memory: 64 * 1024 * 1024,
      Ulimits: [{ Name: "nofile", Soft: 1024, Hard: 2048 }],
      LogConfig: { Type: "json-file", Config: { "max-size": "1m" } },
    });
    expect(laterEndpoints).toEqual([{ network: "p_back", ipv4Address: "10.0.0.5" }]);
  });

  it("clears the image entrypoint with [\"\"] and keeps it when omitted", () => {
    expect(createRequest({ image: "x", entrypoint: [] }).body.Entrypoint).toEqual([""]);
    expect(createRequest({ image: "x" }).body.Entrypoint).toBeUndefined();
  });

  it("maps restart 'no' to the engine's empty name and an explicit network mode wins", () => {
    const { body } = createRequest({ image: "x", restartPolicy: { name: "no" }, networkMode: "host", networks: [{ network: "n" }] });
    expect(body.HostConfig).toMatchObject({ RestartPolicy: { Name: "" }, NetworkMode: "host" });
  });

  it("puts static addresses under IPAMConfig", () => {
    expect(endpointConfig({ ipv4Address: "10.0.0.2", aliases: [] })).toEqual({
      Aliases: undefined,
      IPAMConfig: { IPv4Address: "10.0.0.2", IPv6Address: undefined, LinkLocalIPs: undefined },
      MacAddress: undefined,
      DriverOpts: undefined,
      GwPriority: undefined,
    });
  });
});
