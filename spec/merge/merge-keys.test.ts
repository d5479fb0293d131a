import { describe, expect, it } from "vitest";
import { deviceKey, envFileKey, mountKey, portKey, splitEntry, valueKey, volumeKey } from "./merge-keys.js";
import { mergeRuleFor } from "./merge-rules.js";

describe("merge keys", () => {
  it("splits K=V, bare K and host entries", () => {
    expect(splitEntry("A=1=2")).toEqual(["A", "1=2"]);
    expect(splitEntry("A")).toEqual(["A", null]);
    expect(splitEntry("A=")).toEqual(["A", ""]);
    expect(splitEntry("host:10.0.0.1", true)).toEqual(["host", "10.0.0.1"]);
    expect(splitEntry("host:::1", true)).toEqual(["host", "::1"]);
    expect(splitEntry("host=::1", true)).toEqual(["host", "::1"]);
    expect(splitEntry("host:10.0.0.1")).toEqual(["host:10.0.0.1", null]);
  });

  it("keys ports by host ip, published, target and protocol", () => {
    expect(portKey("80")).toBe("::80/tcp");
    expect(portKey(80)).toBe("::80/tcp");
    expect(portKey("8080:80")).toBe(":8080:80/tcp");
    expect(portKey("127.0.0.1:8080:80/UDP")).toBe("127.0.0.1:8080:80/udp");
    expect(portKey("127.0.0.1::80")).toBe("127.0.0.1::80/tcp");
    expect(portKey("[::1]:8080:80")).toBe("::1:8080:80/tcp");
    expect(portKey("8000-8001:80-81")).toBe(":8000-8001:80-81/tcp");
    expect(portKey({ target: 80, published: "8080", host_ip: "127.0.0.1", protocol: "udp" })).toBe("127.0.0.1:8080:80/udp");
    expect(portKey({ target: 80, published: 8080 })).toBe(portKey("8080:80"));
    expect(portKey({ target: 80, host_ip: "::1", published: 8080 })).toBe(portKey("[::1]:8080:80"));
  });

  it("keys volumes and devices by container path", () => {
    expect(volumeKey("./a:/app:ro")).toBe("/app");
    expect(volumeKey("/cache")).toBe("/cache");
    expect(volumeKey({ type: "volume", source: "x", target: "/x" })).toBe("/x");
    expect(deviceKey("/dev/a:/dev/b:rwm")).toBe("/dev/b");
    expect(deviceKey("/dev/a")).toBe("/dev/a");
  });

  it("keys secrets and configs by mount target", () => {
    const secret = mountKey("/run/secrets");
    expect(secret("token")).toBe("/run/secrets/token");
    expect(secret({ source: "token" })).toBe("/run/secrets/token");
    expect(secret({ source: "a", target: "token" })).toBe("/run/secrets/token");
    expect(secret({ source: "a", target: "/etc/token" })).toBe("/etc/token");
    expect(mountKey("")("app")).toBe("/app");
  });

  it("keys env files by path and plain entries by value", () => {
    expect(envFileKey({ path: "a.env", required: false })).toBe(envFileKey("a.env"));
    expect(valueKey(80)).toBe(valueKey("80"));
    expect(valueKey({ a: 1 })).not.toBe(valueKey({ a: 2 }));
  });

  it("finds the rule for a path, with * matching any one key", () => {
    expect(mergeRuleFor(["services", "web", "command"])).toEqual({ kind: "replace" });
    expect(mergeRuleFor(["services", "web", "ulimits", "nofile"])).toEqual({ kind: "ulimit" });
    expect(mergeRuleFor(["services", "web", "image"])).toBeUndefined();
    expect(mergeRuleFor(["networks", "web", "command"])).toBeUndefined();
  });
});
