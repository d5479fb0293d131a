import { describe, expect, it } from "vitest";
import { Diagnostics } from "../errors.js";
import { memoryHost } from "../host.js";
import { loadProject } from "../load.js";
import { applyProfiles } from "./profiles.js";
import type { Project } from "../project.js";

const TEXT = `
services:
  web:
    image: web
    depends_on: [db]
  db:
    image: db
  debug:
    image: tool
    profiles: [debug]
    depends_on: [db]
  seed:
    image: seed
    profiles: [dev, seeding]
  admin:
    image: admin
    depends_on:
      seed:
        condition: service_started
        required: true
`;

/** The project with every profile on, so applyProfiles can be exercised directly. */
function full(text = TEXT): Project {
  return loadProject({ workingDir: "/p", env: {}, profiles: ["*"] }, memoryHost({ "/p/compose.yaml": text })).project;
}

function apply(profiles: string[], services: string[] = []) {
  const diag = new Diagnostics();
  const result = applyProfiles(full(), { profiles, services }, diag);
  return { result, diag, names: Object.keys(result.project.services).sort() };
}

describe("applyProfiles", () => {
  it("keeps services without profiles and drops profiled ones by default", () => {
    const { result, names } = apply([]);
    expect(names).toEqual(["admin", "db", "web"]);
    expect([...result.disabled].sort()).toEqual(["debug", "seed"]);
  });

  it("enables the services of an active profile", () => {
    expect(apply(["debug"]).names).toContain("debug");
    expect(apply(["seeding"]).names).toContain("seed");
  });

  it("enables every profile with *", () => {
    const { names, result } = apply(["*"]);
    expect(names).toEqual(["admin", "db", "debug", "seed", "web"]);
    expect(result.disabled).toEqual([]);
  });

  it("lets a service named on the command line activate its own profiles", () => {
    const { names, result } = apply([], ["debug"]);
    expect(names).toContain("debug");
    expect(result.activeProfiles).toContain("debug");
  });

  it("reports a required dependency switched off by its profiles, naming the profile that enables it", () => {
    const { diag } = apply([]);
    const err = diag.errors.find((e) => e.code === "E_DEPENDENCY_DISABLED");
    expect(err?.message).toBe('service "admin" depends on "seed", which is disabled by its profiles (dev, seeding)');
    expect(err?.hint).toBe("Enable it with --profile dev or --profile seeding, or set `required: false` on the dependency.");
  });

  it("lists every profile any service names, sorted", () => {
    expect(apply(["*"]).result.allProfiles).toEqual(["debug", "dev", "seeding"]);
  });

  it("keeps an optional dependency on a disabled service without complaint", () => {
    const text = TEXT.replace("required: true", "required: false");
    const diag = new Diagnostics();
    const result = applyProfiles(full(text), { profiles: [], services: [] }, diag);
    expect(diag.errors).toEqual([]);
    expect(Object.keys(result.project.services["admin"]?.depends_on ?? {})).toEqual(["seed"]);
  });
});
