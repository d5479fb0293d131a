import { describe, expect, it } from "vitest";
import type { ServiceSpec } from "./api-types.js";
import { mountSpec, stackOneOffSpec } from "./oneoff.js";

function service(container: Partial<ServiceSpec["TaskTemplate"]["ContainerSpec"]>, template: Partial<ServiceSpec["TaskTemplate"]> = {}): ServiceSpec {
  return {
    Name: "app_web",
    Labels: { "com.docker.stack.namespace": "app" },
    TaskTemplate: { ContainerSpec: { Image: "busybox:latest@sha256:abc", Labels: { "com.docker.stack.namespace": "app", team: "x" }, ...container }, ...template },
    Mode: { Replicated: { Replicas: 2 } },
  };
}

const input = { stack: "app", service: "web", name: "app_web-run-0123456789ab", networks: ["app_default", "app_back"] };

describe("stackOneOffSpec", () => {
  it("carries the task's image, entrypoint, command, env, dir, user and hostname, on the networks without aliases", () => {
    const { spec, warnings } = stackOneOffSpec(
      service({ Command: ["/entry"], Args: ["serve", "-v"], Env: ["A=1", "B=x=y", "UNSET"], Dir: "/srv", User: "app", Hostname: "web-host" }),
      input,
    );
    expect(warnings).toEqual([]);
    expect(spec).toEqual({
      name: "app_web-run-0123456789ab",
      image: "busybox:latest@sha256:abc",
      entrypoint: ["/entry"],
      cmd: ["serve", "-v"],
      env: { A: "1", B: "x=y", UNSET: null },
      labels: { "com.docker.stack.namespace": "app", team: "x", "com.docker.compose.service": "web", "com.docker.compose.oneoff": "True" },
      user: "app",
      workingDir: "/srv",
      hostname: "web-host",
      tty: false,
      networks: [{ network: "app_default" }, { network: "app_back" }],
    });
  });

  it("lets the flags replace the command (not the entrypoint), add env and override user and dir", () => {
    const { spec } = stackOneOffSpec(service({ Command: ["/entry"], Args: ["serve"], Env: ["A=1"], Dir: "/srv", User: "app" }), {
      ...input,
      options: { command: ["sh", "-c", "exit 3"], env: { A: "2", C: "3" }, user: "0", workdir: "/tmp" },
    });
    expect(spec).toMatchObject({ entrypoint: ["/entry"], cmd: ["sh", "-c", "exit 3"], env: { A: "2", C: "3" }, user: "0", workingDir: "/tmp" });
  });

  it("keeps the image's entrypoint and command when the service sets neither", () => {
    const { spec } = stackOneOffSpec(service({}), input);
    expect(spec.entrypoint).toBeUndefined();
    expect(spec.cmd).toBeUndefined();
  });

  it("warns about secrets, configs and a templated hostname, which the one-off goes without", () => {
    const file = { Name: "x", UID: "0", GID: "0", Mode: 0o444 };
    const { spec, warnings } = stackOneOffSpec(
      service({ Hostname: "{{.Node.Hostname}}", Secrets: [{ File: file, SecretName: "app_token_0123456789" }], Configs: [{ File: file, ConfigName: "app_conf_abcdef0123" }] }),
      input,
    );
    expect(spec.hostname).toBeUndefined();
    expect(warnings).toEqual([
      "service web uses secret app_token_0123456789, config app_conf_abcdef0123: Swarm mounts those only into its own tasks, so the one-off runs without them",
      'service web\'s hostname "{{.Node.Hostname}}" is a Swarm template; the one-off keeps the engine\'s default hostname',
    ]);
  });

  it("carries healthcheck, stop settings, hosts, DNS, capabilities, ulimits and limits", () => {
    const { spec } = stackOneOffSpec(
      service(
        {
          Healthcheck: { Test: ["CMD", "true"], Interval: 1e9, Retries: 3 },
          StopSignal: "SIGINT",
          StopGracePeriod: 2_500_000_000,
          Hosts: ["10.0.0.1 db db.local"],
          DNSConfig: { Nameservers: ["1.1.1.1"], Search: [], Options: ["ndots:1"] },
          CapabilityAdd: ["CAP_NET_ADMIN"],
          Ulimits: [{ Name: "nofile", Soft: 10, Hard: 20 }],
          Init: true,
          ReadOnly: true,
        },
        { Resources: { Limits: { NanoCPUs: 5e8, MemoryBytes: 64 * 1024 * 1024 } } },
      ),
      input,
    );
    expect(spec).toMatchObject({
      healthcheck: { test: ["CMD", "true"], intervalNs: 1e9, retries: 3 },
      stopSignal: "SIGINT",
      stopTimeoutSeconds: 3,
      extraHosts: ["db:10.0.0.1", "db.local:10.0.0.1"],
      dns: ["1.1.1.1"],
      dnsOptions: ["ndots:1"],
      capAdd: ["CAP_NET_ADMIN"],
      ulimits: [{ name: "nofile", soft: 10, hard: 20 }],
      init: true,
      readOnlyRootfs: true,
      resources: { nanoCpus: 5e8, memoryBytes: 64 * 1024 * 1024 },
    });
    expect(spec.dnsSearch).toBeUndefined();
  });

  it("mounts the task's volumes, binds and tmpfs, and warns about a mount a container cannot have", () => {
    const { spec, warnings } = stackOneOffSpec(
      service({
        Mounts: [
          { Type: "volume", Source: "app_data", Target: "/data", VolumeOptions: { Labels: { "com.docker.stack.namespace": "app" } } },
          { Type: "bind", Source: "/srv/conf", Target: "/conf", ReadOnly: true },
          { Type: "tmpfs", Target: "/tmp", TmpfsOptions: { SizeBytes: 1024 } },
          { Type: "npipe", Source: "x", Target: "y" },
        ],
      }),
      input,
    );
    expect(spec.mounts).toEqual([
      { type: "volume", source: "app_data", target: "/data", labels: { "com.docker.stack.namespace": "app" } },
      { type: "bind", source: "/srv/conf", target: "/conf", readOnly: true, createHostPath: false },
      { type: "tmpfs", target: "/tmp", sizeBytes: 1024 },
    ]);
    expect(warnings).toEqual(["service web mounts y as type npipe, which a plain container cannot have; the one-off runs without it"]);
  });
});

describe("mountSpec", () => {
  it("maps bind options: create the mountpoint, propagation, recursion", () => {
    expect(mountSpec({ Type: "bind", Source: "/a", Target: "/b", BindOptions: { CreateMountpoint: true, Propagation: "rshared", ReadOnlyNonRecursive: true } })).toEqual({
      type: "bind",
      source: "/a",
      target: "/b",
      createHostPath: true,
      propagation: "rshared",
      recursive: "writable",
    });
  });

  it("keeps an anonymous volume anonymous, with nocopy and subpath", () => {
    expect(mountSpec({ Type: "volume", Target: "/v", VolumeOptions: { NoCopy: true, Subpath: "sub" } })).toEqual({ type: "volume", target: "/v", noCopy: true, subpath: "sub" });
  });
});
