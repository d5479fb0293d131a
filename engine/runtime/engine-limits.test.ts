import { describe, expect, it } from "vitest";
import { engineLimitWarnings } from "./engine-limits.js";
import type { Operation } from "../plan/operations.js";
import type { Runtime } from "./runtime.js";
import type { EngineIdentity } from "./runtime-types.js";

function create(service: string, number: number, links?: string[]): Operation {
  return {
    id: `create:${service}-${number}`,
    after: [],
    kind: "create-container",
    service,
    number,
    name: `p-${service}-${number}`,
    spec: { image: "busybox", networks: [{ network: "p_default", ...(links ? { links } : {}) }] },
  } as unknown as Operation;
}

function runtimeOf(kind: EngineIdentity["kind"]): { runtime: Runtime; asked: () => number } {
  let asked = 0;
  const runtime = {
    identify: () => {
      asked++;
      return Promise.resolve({ kind, healthchecks: "engine" } as EngineIdentity);
    },
  } as unknown as Runtime;
  return { runtime, asked: () => asked };
}

describe("engineLimitWarnings", () => {
  it("warns once per linking service on Podman, naming the attribute, the service and the engine", async () => {
    const { runtime } = runtimeOf("podman");
    const ops = [create("client", 1, ["p-db-1:database"]), create("client", 2, ["p-db-1:database"]), create("db", 1)];
    const warnings = await engineLimitWarnings(runtime, ops);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^service "client" sets links, which Podman does not support/);
  });

  it("says nothing on Docker, and asks nothing when no container has links", async () => {
    const docker = runtimeOf("docker");
    expect(await engineLimitWarnings(docker.runtime, [create("client", 1, ["p-db-1:database"])])).toEqual([]);
    const podman = runtimeOf("podman");
    expect(await engineLimitWarnings(podman.runtime, [create("db", 1)])).toEqual([]);
    expect(podman.asked()).toBe(0);
  });
});
