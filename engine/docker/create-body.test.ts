import { describe, expect, it } from "vitest";
import { createRequest, endpointConfig } from "./create-body.js";

describe("createRequest", () => {
  it("maps a full spec onto the Engine API's create body", () => {
    const { body, laterEndpoints } = createRequest({
      name: "p-web-1",
      image: "busybox",
      cmd: ["sh", "-c", "echo hi"],
      env: { A: "1", B: "x=y", UNSET: null },
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
        { type: "volume", target: "/anon", noCopy: false },
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
      Env: ["A=1", "B=x=y", "UNSET"],
      User: "1000",
      StopSignal: "SIGINT",
      StopTimeout: 3,
      Healthcheck: { Test: ["CMD", "true"], Interval: 1e9, Retries: 2 },
      ExposedPorts: { "80/tcp": {}, "53/udp": {}, "9000": {} },
      AttachStdout: true,
      AttachStderr: true,
      NetworkingConfig: { EndpointsConfig: { p_default: { Aliases: ["web"] } } },
    });
    expect(body.HostConfig).toMatchObject({
      Binds: ["/src:/app:ro,z"],
      Mounts: [
        { Type: "volume", Source: "data", Target: "/data" },
        { Type: "volume", Target: "/anon", VolumeOptions: { NoCopy: undefined, Subpath: undefined } },
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

  it("clears the image entrypoint with an empty list, as Compose sends it, and keeps it when omitted", () => {
    expect(createRequest({ image: "x", entrypoint: [] }).body.Entrypoint).toEqual([]);
    expect(createRequest({ image: "x" }).body.Entrypoint).toBeUndefined();
  });

  it("sends empty ExtraHosts and PortBindings, and attaches stdout and stderr, as Compose does for every container", () => {
    const { body } = createRequest({ image: "x" });
    expect(body).toMatchObject({ AttachStdout: true, AttachStderr: true, AttachStdin: false });
    expect(body.HostConfig).toMatchObject({ ExtraHosts: [], PortBindings: {} });
  });

  it("sends expose entries as written, beside published ports", () => {
    const { body } = createRequest({ image: "x", exposedPorts: ["5432", "7000-7001/udp"], portBindings: [{ containerPort: 80 }] });
    expect(body.ExposedPorts).toEqual({ "5432": {}, "7000-7001/udp": {}, "80/tcp": {} });
  });

  it("normalizes capabilities as the Go client does: upper case, CAP_ prefix but ALL, no duplicates, sorted", () => {
    const { body } = createRequest({ image: "x", capAdd: ["NET_ADMIN", "CAP_SYS_TIME", "sys_ptrace", "all", "ALL"], capDrop: ["mknod", "CAP_CHOWN", "MKNOD"] });
    expect(body.HostConfig).toMatchObject({
      CapAdd: ["ALL", "CAP_NET_ADMIN", "CAP_SYS_PTRACE", "CAP_SYS_TIME"],
      CapDrop: ["CAP_CHOWN", "CAP_MKNOD"],
    });
    expect((body.HostConfig as Record<string, unknown>).CapAdd).toBeDefined();
    expect((createRequest({ image: "x", capAdd: [] }).body.HostConfig as Record<string, unknown>).CapAdd).toBeUndefined();
  });

  it("sends plain binds and project volumes as Binds strings and everything else as Mounts, as Compose 2.40 does", () => {
    const { body } = createRequest({
      image: "x",
      mounts: [
        { type: "bind", source: "/short", target: "/a", createHostPath: true },
        { type: "bind", source: "/long", target: "/b", readOnly: true },
        { type: "bind", source: "/sel", target: "/c", createHostPath: true, selinux: "Z" },
        { type: "bind", source: "/strict", target: "/d", createHostPath: false, selinux: "z" },
        { type: "bind", source: "/prop", target: "/e", createHostPath: true, propagation: "rslave" },
        { type: "bind", source: "/rec", target: "/f", createHostPath: false, recursive: "disabled" },
        { type: "bind", source: "/s.txt", target: "/run/secrets/s", readOnly: true, file: "secret", createHostPath: false },
        { type: "bind", source: "/c.txt", target: "/c.txt", readOnly: true, file: "config" },
        { type: "volume", source: "p_data", target: "/g", noCopy: false, declared: true },
        { type: "volume", source: "p_data", target: "/h", readOnly: true, declared: true },
        { type: "volume", source: "p_data", target: "/i", noCopy: true, declared: true },
        { type: "volume", source: "p_data", target: "/j", subpath: "sub", declared: true },
        { type: "volume", source: "0123abcd", target: "/k" },
        { type: "tmpfs", target: "/l" },
      ],
    });
    const host = body.HostConfig as Record<string, unknown>;
    expect(host.Binds).toEqual(["/short:/a:rw", "/long:/b:ro", "/sel:/c:rw,Z", "p_data:/g:rw", "p_data:/h:ro"]);
    expect(JSON.parse(JSON.stringify(host.Mounts))).toEqual([
      { Type: "bind", Source: "/strict", Target: "/d", BindOptions: {} },
      { Type: "bind", Source: "/prop", Target: "/e", BindOptions: { Propagation: "rslave", CreateMountpoint: true } },
      { Type: "bind", Source: "/rec", Target: "/f", BindOptions: { NonRecursive: true } },
      { Type: "bind", Source: "/s.txt", Target: "/run/secrets/s", ReadOnly: true, BindOptions: {} },
      { Type: "bind", Source: "/c.txt", Target: "/c.txt", ReadOnly: true },
      { Type: "volume", Source: "p_data", Target: "/i", VolumeOptions: { NoCopy: true } },
      { Type: "volume", Source: "p_data", Target: "/j", VolumeOptions: { Subpath: "sub" } },
      { Type: "volume", Source: "0123abcd", Target: "/k" },
      { Type: "tmpfs", Target: "/l" },
    ]);
  });

  it("maps recursive bind options to the Mount API's flags", () => {
    const flags = (recursive: "enabled" | "disabled" | "writable" | "readonly") => {
      const { body } = createRequest({ image: "x", mounts: [{ type: "bind", source: "/s", target: "/t", readOnly: true, createHostPath: true, recursive }] });
      return JSON.parse(JSON.stringify((body.HostConfig as { Mounts: { BindOptions: unknown }[] }).Mounts[0]?.BindOptions)) as unknown;
    };
    expect(flags("enabled")).toEqual({ CreateMountpoint: true });
    expect(flags("disabled")).toEqual({ CreateMountpoint: true, NonRecursive: true });
    expect(flags("writable")).toEqual({ CreateMountpoint: true, ReadOnlyNonRecursive: true });
    expect(flags("readonly")).toEqual({ CreateMountpoint: true, ReadOnlyForceRecursive: true });
  });

  it("sends annotations, Windows CPU limits, isolation, and empty masked paths for systempaths=unconfined", () => {
    const { body } = createRequest({
      image: "x",
      annotations: { "com.example": "1" },
      resources: { cpuCount: 2, cpuPercent: 5000 },
      isolation: "default",
      systemPathsUnconfined: true,
    });
    expect(body.HostConfig).toMatchObject({ Annotations: { "com.example": "1" }, CpuCount: 2, CpuPercent: 5000, Isolation: "default", MaskedPaths: [], ReadonlyPaths: [] });
    expect((createRequest({ image: "x" }).body.HostConfig as Record<string, unknown>).MaskedPaths).toBeUndefined();
  });

  it("maps restart 'no' to the engine's empty name and an explicit network mode wins", () => {
    const { body } = createRequest({ image: "x", restartPolicy: { name: "no" }, networkMode: "host", networks: [{ network: "n" }] });
    expect(body.HostConfig).toMatchObject({ RestartPolicy: { Name: "" }, NetworkMode: "host" });
  });

  it("puts static addresses under IPAMConfig, and in IPAddress and IPv6Gateway as Compose does", () => {
    expect(endpointConfig({ ipv4Address: "10.0.0.2", ipv6Address: "fd00::2", aliases: [] })).toEqual({
      Aliases: undefined,
      Links: undefined,
      IPAddress: "10.0.0.2",
      IPv6Gateway: "fd00::2",
      IPAMConfig: { IPv4Address: "10.0.0.2", IPv6Address: "fd00::2", LinkLocalIPs: undefined },
      MacAddress: undefined,
      DriverOpts: undefined,
      GwPriority: undefined,
    });
  });
});

describe("createRequest and the engine's API version", () => {
  const spec = {
    image: "x",
    macAddress: "02:42:ac:11:00:09",
    networks: [
      { network: "p_a", aliases: ["p-web-1", "web"], macAddress: "02:42:ac:11:00:09", gwPriority: 2 },
      { network: "p_b", aliases: ["p-web-1", "web", "b"], ipv4Address: "10.9.0.9", driverOpts: { k: "v" } },
      { network: "p_c", links: ["p-db-1:db"] },
    ],
  };
  const endpoints = (body: Record<string, unknown>) => Object.keys((body.NetworkingConfig as { EndpointsConfig: object }).EndpointsConfig);

  it("sends every network at create from API 1.44, and the MAC address only on its endpoint", () => {
    for (const version of ["1.44", "1.51", "2.0"]) {
      const { body, laterEndpoints } = createRequest(spec, version);
      expect(endpoints(body)).toEqual(["p_a", "p_b", "p_c"]);
      expect(laterEndpoints).toEqual([]);
      expect(body.MacAddress).toBeUndefined();
      expect(body.HostConfig).toMatchObject({ NetworkMode: "p_a" });
      expect(body.NetworkingConfig).toMatchObject({
        EndpointsConfig: {
          p_a: { MacAddress: "02:42:ac:11:00:09", GwPriority: 2 },
          p_b: { Aliases: ["p-web-1", "web", "b"], IPAddress: "10.9.0.9", IPAMConfig: { IPv4Address: "10.9.0.9" }, DriverOpts: { k: "v" } },
          p_c: { Links: ["p-db-1:db"] },
        },
      });
    }
  });

  it("sends the primary network at create and the rest to connect before API 1.44 or when the version is unknown", () => {
    for (const version of ["1.41", "1.43", "1.9", "", undefined]) {
      const { body, laterEndpoints } = createRequest(spec, version);
      expect(endpoints(body)).toEqual(["p_a"]);
      expect(laterEndpoints.map((e) => e.network)).toEqual(["p_b", "p_c"]);
      expect(body.MacAddress).toBe("02:42:ac:11:00:09");
    }
  });

  it("sends no networking config, and keeps the MAC address, for a container without endpoints", () => {
    const { body, laterEndpoints } = createRequest({ image: "x", networkMode: "container:abc", macAddress: "02:42:ac:11:00:09" }, "1.51");
    expect(body.NetworkingConfig).toBeUndefined();
    expect(body.MacAddress).toBe("02:42:ac:11:00:09");
    expect(laterEndpoints).toEqual([]);
  });
});

describe("endpointConfig's IPAMConfig", () => {
  it("is an empty object for a network the service lists with settings, and absent for a bare name (as Compose sends)", () => {
    expect(JSON.parse(JSON.stringify(endpointConfig({ aliases: ["a"], configured: true }))).IPAMConfig).toEqual({});
    expect(JSON.parse(JSON.stringify(endpointConfig({ aliases: ["a"] }))).IPAMConfig).toBeUndefined();
  });
});
