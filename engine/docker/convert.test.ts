import { describe, expect, it } from "vitest";
import { runtimeEvent } from "./convert.js";
import { containerDetails, publishedPorts } from "./convert-container.js";

describe("runtimeEvent", () => {
  it("splits `health_status: healthy` into action and status", () => {
    const e = runtimeEvent({ Type: "container", Action: "health_status: healthy", Actor: { ID: "abc", Attributes: { name: "web" } }, timeNano: 5 });
    expect(e).toEqual({ type: "container", action: "health_status", status: "healthy", id: "abc", attributes: { name: "web" }, timeNano: 5 });
    expect(runtimeEvent({ Type: "container", Action: "exec_start: sh -c true", Actor: { ID: "x" } }).action).toBe("exec_start");
  });

  it("reads Podman's form, `health_status` with the status in HealthStatus", () => {
    const e = runtimeEvent({ Type: "container", Action: "health_status", HealthStatus: "unhealthy", Actor: { ID: "abc" }, timeNano: 7 });
    expect(e).toMatchObject({ action: "health_status", status: "unhealthy", id: "abc" });
  });
});

describe("containerDetails", () => {
  it("maps the engine's zero times to undefined and reads health", () => {
    const d = containerDetails({
      Id: "id1",
      Name: "/p-web-1",
      Image: "sha256:abc",
      Config: { Image: "busybox", Labels: { a: "b" }, Healthcheck: { Test: ["CMD", "true"] } },
      State: { Status: "created", StartedAt: "0001-01-01T00:00:00Z", FinishedAt: "0001-01-01T00:00:00Z", Health: { Status: "starting", FailingStreak: 0, Log: [] } },
      NetworkSettings: { Networks: { n: { NetworkID: "nid", Aliases: ["web"], IPAddress: "" } }, Ports: {} },
    });
    expect(d.name).toBe("p-web-1");
    expect(d.state.startedAt).toBeUndefined();
    expect(d.state.health).toBe("starting");
    expect(d.config.hasHealthcheck).toBe(true);
    expect(d.networks.n).toEqual({ networkId: "nid", endpointId: "", aliases: ["web"] });
  });

  it("lists exposed-only ports without a host side", () => {
    expect(publishedPorts({ "80/tcp": [{ HostIp: "0.0.0.0", HostPort: "49153" }], "53/udp": null })).toEqual([
      { containerPort: 80, protocol: "tcp", hostIp: "0.0.0.0", hostPort: 49153 },
      { containerPort: 53, protocol: "udp" },
    ]);
  });
});
