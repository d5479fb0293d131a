import { describe, expect, it } from "vitest";
import { normalizeForTest } from "../../test/kits/normalize-kit.js";
import type { ServiceConfig } from "../../spec/project.js";
import { extraHosts, healthcheckSpec, logging, restartPolicy, stopTimeoutSeconds, storageOpt } from "./container-spec-options.js";

const service = (body: string): ServiceConfig => {
  const { project, diag } = normalizeForTest(`services:\n  app:\n    image: x\n${body.replace(/^/gm, "    ")}`);
  expect(diag.errors.map((e) => e.message)).toEqual([]);
  return project.services["app"]!;
};

describe("healthcheckSpec", () => {
  it("turns a string test into CMD-SHELL and durations into nanoseconds", () => {
    expect(healthcheckSpec(service("healthcheck: {test: 'pg_isready -U app', interval: 1m30s, timeout: 500ms, start_period: 2s}"))).toEqual({
      test: ["CMD-SHELL", "pg_isready -U app"],
      intervalNs: 90e9,
      timeoutNs: 500e6,
      startPeriodNs: 2e9,
    });
  });

  it("disables the image's check with NONE", () => {
    expect(healthcheckSpec(service("healthcheck: {disable: true, test: [CMD, true]}"))).toEqual({ test: ["NONE"] });
    expect(healthcheckSpec(service("healthcheck: {test: [NONE]}"))).toEqual({ test: ["NONE"] });
  });

  it("keeps the image's test when only timings are given", () => {
    expect(healthcheckSpec(service("healthcheck: {interval: 5s, retries: 10}"))).toEqual({ test: [], intervalNs: 5e9, retries: 10 });
  });

  it("is undefined without a healthcheck", () => {
    expect(healthcheckSpec(service("user: root"))).toBeUndefined();
  });
});

describe("stopTimeoutSeconds", () => {
  it("is stop_grace_period in whole seconds, truncated", () => {
    expect(stopTimeoutSeconds(service("stop_grace_period: 1m"))).toBe(60);
    expect(stopTimeoutSeconds(service("stop_grace_period: 1500ms"))).toBe(1);
    expect(stopTimeoutSeconds(service("user: root"))).toBeUndefined();
  });
});

describe("restartPolicy", () => {
  it("maps every restart value", () => {
    expect(restartPolicy(service('restart: "no"'))).toEqual({ name: "no" });
    expect(restartPolicy(service("restart: always"))).toEqual({ name: "always" });
    expect(restartPolicy(service("restart: unless-stopped"))).toEqual({ name: "unless-stopped" });
    expect(restartPolicy(service("restart: on-failure"))).toEqual({ name: "on-failure" });
    expect(restartPolicy(service("restart: on-failure:5"))).toEqual({ name: "on-failure", maximumRetryCount: 5 });
  });

  it("uses deploy.restart_policy when restart is not set", () => {
    expect(restartPolicy(service("deploy: {restart_policy: {condition: on-failure, max_attempts: 3, delay: 5s}}"))).toEqual({
      name: "on-failure",
      maximumRetryCount: 3,
    });
    expect(restartPolicy(service("deploy: {restart_policy: {condition: any, max_attempts: 3}}"))).toEqual({ name: "always" });
    expect(restartPolicy(service("deploy: {restart_policy: {condition: none}}"))).toEqual({ name: "no" });
    expect(restartPolicy(service("deploy: {restart_policy: {max_attempts: 2}}"))).toEqual({ name: "no" });
  });

  it("prefers restart over deploy.restart_policy", () => {
    expect(restartPolicy(service("restart: always\ndeploy: {restart_policy: {condition: none}}"))).toEqual({ name: "always" });
  });

  it("is undefined when neither is set", () => {
    expect(restartPolicy(service("user: root"))).toBeUndefined();
  });
});

describe("other options", () => {
  it("writes extra hosts as host:ip, IPv6 included", () => {
    expect(extraHosts(service("extra_hosts: {db.local: 10.0.0.2, v6.local: '::1', gw: host-gateway}"))).toEqual([
      "db.local:10.0.0.2",
      "gw:host-gateway",
      "v6.local:::1",
    ]);
  });

  it("keeps a logging driver and its options; options alone use the engine's driver", () => {
    expect(logging(service("logging: {driver: syslog, options: {syslog-address: 'udp://1.2.3.4:514'}}"))).toEqual({
      driver: "syslog",
      options: { "syslog-address": "udp://1.2.3.4:514" },
    });
    expect(logging(service("logging: {options: {max-file: 3}}"))).toEqual({ driver: "", options: { "max-file": "3" } });
  });

  it("writes storage options as strings", () => {
    expect(storageOpt(service("storage_opt: {size: 20G, quota: 5}"))).toEqual({ size: "20G", quota: "5" });
  });
});
