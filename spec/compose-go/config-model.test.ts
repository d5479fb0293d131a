import { describe, expect, it } from "vitest";
import { configModel } from "./config-model.js";
import type { Project, ServiceConfig } from "../project.js";

function project(web: ServiceConfig, rest: Partial<Project> = {}): Project {
  return { name: "p", services: { web }, networks: {}, volumes: {}, secrets: {}, configs: {}, ...rest };
}

const web = (m: Record<string, unknown>) => configModel(project(m as ServiceConfig))["services"] as Record<string, Record<string, unknown>>;

describe("configModel", () => {
  it("prints depends_on restart only when true", () => {
    const s = web({ image: "x", depends_on: { db: { condition: "service_started", required: true, restart: false }, mq: { condition: "service_healthy", required: false, restart: true } } });
    expect(s["web"]?.["depends_on"]).toEqual({
      db: { condition: "service_started", required: true },
      mq: { condition: "service_healthy", required: false, restart: true },
    });
  });

  it("prints byte sizes as decimal strings and file modes as octal strings", () => {
    const s = web({
      image: "x",
      mem_limit: 268435456,
      shm_size: 67108864,
      build: { context: "/c", shm_size: 1024, secrets: [{ source: "npm", mode: 0o400 }] },
      deploy: { resources: { limits: { memory: 536870912, cpus: 0.5 } } },
      volumes: [{ type: "tmpfs", target: "/tmp", tmpfs: { size: 104857600, mode: 0o1777 } }],
      secrets: [{ source: "k", target: "/run/secrets/k", mode: 0o440 }],
      configs: [{ source: "c", mode: 0o444 }],
      blkio_config: { device_read_bps: [{ path: "/dev/sda", rate: 20971520 }] },
    })["web"];
    expect(s).toMatchObject({
      mem_limit: "268435456",
      shm_size: "67108864",
      build: { shm_size: "1024", secrets: [{ source: "npm", mode: "0400" }] },
      deploy: { resources: { limits: { memory: "536870912", cpus: 0.5 } } },
      volumes: [{ tmpfs: { size: "104857600", mode: 1023 } }],
      secrets: [{ mode: "0440" }],
      configs: [{ mode: "0444" }],
      blkio_config: { device_read_bps: [{ path: "/dev/sda", rate: "20971520" }] },
    });
  });

  it("prints a one-number ulimit as the number, unless it is 0, and a range as soft/hard", () => {
    const s = web({ image: "x", ulimits: { nproc: { soft: 65535, hard: 65535, single: true }, core: { soft: 0, hard: 0, single: true }, nofile: { soft: 1, hard: 2 } } });
    expect(s["web"]?.["ulimits"]).toEqual({ nproc: 65535, core: { soft: 0, hard: 0 }, nofile: { soft: 1, hard: 2 } });
  });

  it("leaves out false plain booleans, zero numbers and empty strings, but keeps pointer booleans", () => {
    const s = web({
      image: "x",
      privileged: false,
      tty: true,
      init: false,
      read_only: false,
      oom_score_adj: 0,
      cpus: 0,
      user: "",
      "x-empty": "",
      volumes: [{ type: "bind", source: "/h", target: "/c", read_only: false, bind: { create_host_path: false } }],
    })["web"];
    expect(s).toEqual({
      image: "x",
      tty: true,
      init: false,
      "x-empty": "",
      volumes: [{ type: "bind", source: "/h", target: "/c", bind: {} }],
    });
  });

  it("leaves out false network and volume flags and empty top-level sections", () => {
    const out = configModel(project({ image: "x" }, { networks: { n: { name: "p_n", external: false, internal: false, enable_ipv6: false } } }));
    expect(out["networks"]).toEqual({ n: { name: "p_n", enable_ipv6: false } });
    expect(Object.keys(out).sort()).toEqual(["name", "networks", "services"]);
  });

  it("gives JSON output a null command and entrypoint when unset", () => {
    const out = configModel(project({ image: "x", command: ["run"] }), { json: true });
    expect(out["services"]).toEqual({ web: { image: "x", command: ["run"], entrypoint: null } });
    expect((configModel(project({ image: "x" }))["services"] as Record<string, unknown>)["web"]).toEqual({ image: "x" });
  });
});
