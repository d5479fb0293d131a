import { describe, expect, it } from "vitest";
import type { Project } from "../project.js";
import { withoutUnusedResources } from "./prune-resources.js";

const project: Project = {
  name: "p",
  services: {
    web: {
      image: "w",
      networks: { front: null },
      volumes: [
        { type: "volume", source: "data", target: "/data" },
        { type: "bind", source: "/host/cache", target: "/cache" },
        { type: "volume", target: "/anon" },
      ],
      secrets: [{ source: "token", target: "/run/secrets/token" }],
      configs: [{ source: "nginx" }],
      build: { context: "/src", secrets: [{ source: "npm" }] },
      models: { llm: null },
    },
  },
  networks: { front: { name: "p_front" }, back: { name: "p_back" } },
  volumes: { data: { name: "p_data" }, cache: { name: "p_cache" }, old: { name: "p_old" } },
  secrets: { token: { name: "p_token" }, npm: { name: "p_npm" }, unused: { name: "p_unused" } },
  configs: { nginx: { name: "p_nginx" }, spare: { name: "p_spare" } },
  models: { llm: { model: "ai/x" }, other: { model: "ai/y" } },
};

describe("withoutUnusedResources", () => {
  it("keeps only what a service refers to: networks, volume mounts, service and build secrets, configs, models", () => {
    const out = withoutUnusedResources(project);
    expect(Object.keys(out.networks)).toEqual(["front"]);
    expect(Object.keys(out.volumes)).toEqual(["data"]);
    expect(Object.keys(out.secrets)).toEqual(["token", "npm"]);
    expect(Object.keys(out.configs)).toEqual(["nginx"]);
    expect(Object.keys(out.models ?? {})).toEqual(["llm"]);
    expect(out.services).toBe(project.services);
  });

  it("empties every section when there are no services, and leaves the input alone", () => {
    const out = withoutUnusedResources({ ...project, services: {} });
    expect([out.networks, out.volumes, out.secrets, out.configs]).toEqual([{}, {}, {}, {}]);
    expect(Object.keys(project.volumes)).toHaveLength(3);
  });
});
