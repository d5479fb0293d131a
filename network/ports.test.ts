import { describe, expect, it } from "vitest";
import { parsePortSpec } from "../spec/normalize/ports.js";
import type { ServicePort } from "../spec/project.js";
import { portBindings } from "./ports.js";

const short = (...specs: string[]): ServicePort[] => specs.flatMap((s) => parsePortSpec(s));

describe("portBindings", () => {
  it("binds a published port on every address", () => {
    expect(portBindings(short("8080:80"))).toEqual({
      exposedPorts: ["80/tcp"],
      portBindings: [{ containerPort: 80, protocol: "tcp", hostPort: "8080" }],
    });
  });

  it("leaves the host port to the engine when none is published", () => {
    expect(portBindings(short("3000")).portBindings).toEqual([{ containerPort: 3000, protocol: "tcp" }]);
  });

  it("keeps the host address and protocol of each entry", () => {
    expect(portBindings(short("127.0.0.1:5353:53/udp")).portBindings).toEqual([
      { containerPort: 53, protocol: "udp", hostIp: "127.0.0.1", hostPort: "5353" },
    ]);
  });

  it("passes an IPv6 host address without brackets", () => {
    const long: ServicePort = { mode: "ingress", host_ip: "[::1]", target: 80, published: "8080", protocol: "tcp" };
    expect(portBindings([...short("[::1]:8081:81"), long]).portBindings.map((b) => b.hostIp)).toEqual(["::1", "::1"]);
  });

  it("passes a published range for a single container port, so the engine picks one", () => {
    expect(portBindings(short("8000-8010:80")).portBindings).toEqual([{ containerPort: 80, protocol: "tcp", hostPort: "8000-8010" }]);
  });

  it("maps equal-length ranges port by port", () => {
    expect(portBindings(short("9000-9001:90-91")).portBindings.map((b) => `${b.hostPort}->${b.containerPort}`)).toEqual([
      "9000->90",
      "9001->91",
    ]);
  });

  it("keeps two bindings of one container port", () => {
    const plan = portBindings(short("127.0.0.1:8080:80", "127.0.0.1:8081:80"));
    expect(plan.exposedPorts).toEqual(["80/tcp"]);
    expect(plan.portBindings.map((b) => b.hostPort)).toEqual(["8080", "8081"]);
  });

  it("adds expose entries as exposed-only ports, ranges expanded", () => {
    expect(portBindings(short("80"), ["3000", "5000-5002/udp", "80"]).exposedPorts).toEqual([
      "80/tcp",
      "3000/tcp",
      "5000/udp",
      "5001/udp",
      "5002/udp",
    ]);
    expect(portBindings([], ["3000"]).portBindings).toEqual([]);
  });

  it("rejects a malformed expose entry and an unknown protocol", () => {
    expect(() => portBindings([], ["web"])).toThrow(/invalid exposed port "web"/);
    expect(() => portBindings([], ["10-5"])).toThrow(/invalid exposed port/);
    const bad: ServicePort = { mode: "ingress", target: 80, protocol: "icmp" };
    expect(() => portBindings([bad])).toThrow(/unknown protocol "icmp"/);
  });
});
