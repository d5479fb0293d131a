import { describe, expect, it } from "vitest";
import { ProjectError } from "../errors.js";
import { normalizePort, parsePortSpec } from "./ports.js";

describe("parsePortSpec (short syntax)", () => {
  it("reads a container port alone", () => {
    expect(parsePortSpec("80")).toEqual([{ mode: "ingress", target: 80, protocol: "tcp" }]);
  });

  it("reads host and container ports", () => {
    expect(parsePortSpec("8080:80")).toEqual([{ mode: "ingress", target: 80, published: "8080", protocol: "tcp" }]);
  });

  it("reads a host IP and a protocol, lowercased", () => {
    expect(parsePortSpec("127.0.0.1:5353:53/UDP")).toEqual([
      { mode: "ingress", host_ip: "127.0.0.1", target: 53, published: "5353", protocol: "udp" },
    ]);
  });

  it("reads a host IP with no host port", () => {
    expect(parsePortSpec("127.0.0.1::80")).toEqual([{ mode: "ingress", host_ip: "127.0.0.1", target: 80, protocol: "tcp" }]);
  });

  it("strips the brackets of an IPv6 host address", () => {
    expect(parsePortSpec("[::1]:8080:80")).toEqual([
      { mode: "ingress", host_ip: "::1", target: 80, published: "8080", protocol: "tcp" },
    ]);
  });

  it("expands equal-length ranges to one entry per port", () => {
    expect(parsePortSpec("9000-9002:8000-8002/sctp")).toEqual([
      { mode: "ingress", target: 8000, published: "9000", protocol: "sctp" },
      { mode: "ingress", target: 8001, published: "9001", protocol: "sctp" },
      { mode: "ingress", target: 8002, published: "9002", protocol: "sctp" },
    ]);
  });

  it("expands a container range alone", () => {
    expect(parsePortSpec("3000-3001").map((p) => p.target)).toEqual([3000, 3001]);
  });

  it("keeps a host range with a single container port as a published range (compose-go)", () => {
    expect(parsePortSpec("8000-8010:80")).toEqual([{ mode: "ingress", target: 80, published: "8000-8010", protocol: "tcp" }]);
    expect(parsePortSpec("1-2:3")).toEqual([{ mode: "ingress", target: 3, published: "1-2", protocol: "tcp" }]);
  });

  it.each([
    ["80:abc", /"abc" is not a valid container port/],
    ["70000", /out of range/],
    ["8080:70000", /out of range/],
    ["8000-8001:80-82", /different lengths/],
    ["8080:80-81", /different lengths/],
    ["80-70", /ends before it starts/],
    ["80/icmp", /unknown protocol "icmp"/],
    ["300.1.1.1:80:80", /is not an IP address/],
    ["[::1:80:80", /unclosed bracket/],
    ["::1:8090:8090", /must be written in brackets, as \[::1\]/],
    ["8080:", /no container port/],
    ["0", /cannot be 0/],
  ])("rejects %j", (spec, why) => {
    let error: unknown;
    try {
      parsePortSpec(spec);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ProjectError);
    const e = error as ProjectError;
    expect(e.code).toBe("E_PORT");
    expect(e.message).toContain(`"${spec}"`);
    expect(e.message).toMatch(why);
    expect(e.hint).toContain('"8080:80"');
  });
});

describe("normalizePort", () => {
  it("takes a number as a container port", () => {
    expect(normalizePort(3000)).toEqual([{ mode: "ingress", target: 3000, protocol: "tcp" }]);
  });

  it("fills the long syntax defaults and makes published a string", () => {
    expect(normalizePort({ target: 80, published: 8080 })).toEqual([
      { mode: "ingress", target: 80, published: "8080", protocol: "tcp" },
    ]);
  });

  it("keeps the other long-syntax fields", () => {
    expect(
      normalizePort({ name: "web", target: 80, published: "8000-8010", host_ip: "0.0.0.0", mode: "host", protocol: "UDP", app_protocol: "http", "x-a": 1 }),
    ).toEqual([
      { name: "web", target: 80, published: "8000-8010", host_ip: "0.0.0.0", mode: "host", protocol: "udp", app_protocol: "http", "x-a": 1 },
    ]);
  });

  it("rejects a long entry without target, or with a bad published port", () => {
    expect(() => normalizePort({ published: 80 })).toThrow(/has no target/);
    expect(() => normalizePort({ target: 80, published: "http" })).toThrow(/invalid published port "http"/);
    expect(() => normalizePort({ target: 0 })).toThrow(/1-65535/);
  });
});
