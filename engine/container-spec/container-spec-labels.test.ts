import { describe, expect, it } from "vitest";
import type { ServiceConfig } from "../../spec/project.js";
import { containerLabels } from "./container-spec-labels.js";
import { LABELS } from "../runtime/labels.js";

const base = {
  project: "demo",
  service: "app",
  config: { image: "x" } as unknown as ServiceConfig,
  number: 1,
  configHash: "abc",
  projectDir: "/p",
  configFiles: ["/p/compose.yaml", "/p/compose.override.yaml"],
};

describe("containerLabels", () => {
  it("writes working_dir and config_files, and environment_file only when env files were given (as Compose 2.40)", () => {
    const plain = containerLabels(base);
    expect(plain[LABELS.workingDir]).toBe("/p");
    expect(plain[LABELS.configFiles]).toBe("/p/compose.yaml,/p/compose.override.yaml");
    expect(plain).not.toHaveProperty(LABELS.environmentFile);
    const withEnv = containerLabels({ ...base, envFile: "/p/custom.env,/p/two.env" });
    expect(withEnv[LABELS.environmentFile]).toBe("/p/custom.env,/p/two.env");
  });

  it("lets Compose's labels win over the service's own", () => {
    const labels = containerLabels({ ...base, config: { image: "x", labels: { [LABELS.project]: "spoofed", team: "a" } } as unknown as ServiceConfig });
    expect(labels[LABELS.project]).toBe("demo");
    expect(labels["team"]).toBe("a");
  });
});
