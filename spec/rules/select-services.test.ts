import { describe, expect, it } from "vitest";
import { ProjectError } from "../errors.js";
import type { Project, ServiceConfig } from "../project.js";
import { selectServices } from "./select-services.js";

const dep = { condition: "service_started", required: true, restart: false } as const;

function project(services: Record<string, ServiceConfig>): Project {
  return { name: "p", services, networks: {}, volumes: {}, secrets: {}, configs: {} };
}

const stack = project({
  web: { image: "w", depends_on: { api: dep } },
  api: { image: "a", depends_on: { db: dep, search: { ...dep, required: false } } },
  db: { image: "d" },
  worker: { image: "k", depends_on: { db: dep } },
});

describe("selectServices", () => {
  it("keeps the named services and their dependencies, transitively", () => {
    const { project: p, dropped } = selectServices(stack, ["web"]);
    expect(Object.keys(p.services).sort()).toEqual(["api", "db", "web"]);
    expect(dropped).toEqual(["worker"]);
  });

  it("skips a dependency that is not in the project (an optional, disabled one)", () => {
    expect(Object.keys(selectServices(stack, ["api"]).project.services).sort()).toEqual(["api", "db"]);
  });

  it("rejects a required dependency that is not in the project (left by config --no-consistency)", () => {
    const broken = project({ app: { image: "a", depends_on: { ghost: dep, maybe: { ...dep, required: false } } } });
    expect(() => selectServices(broken, ["app"])).toThrow("no such service: ghost");
    expect(Object.keys(selectServices(broken, []).project.services)).toEqual(["app"]);
  });

  it("keeps everything when no service is named", () => {
    const out = selectServices(stack, []);
    expect(out.project).toBe(stack);
    expect(out.dropped).toEqual([]);
  });

  it("rejects an unknown service, listing the project's services", () => {
    let error: unknown;
    try {
      selectServices(stack, ["wbe"]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ProjectError);
    expect((error as ProjectError).code).toBe("E_NO_SUCH_SERVICE");
    expect((error as ProjectError).message).toBe("no such service: wbe");
    expect((error as ProjectError).hint).toBe("The project's services are: api, db, web, worker.");
  });
});
