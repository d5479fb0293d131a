import { describe, expect, it } from "vitest";
import { refuseBuildxFlags } from "./buildx-flags.js";

describe("refuseBuildxFlags", () => {
  const base = { cache: true };

  it("lets a plain build and --builder default through", () => {
    expect(() => refuseBuildxFlags(base)).not.toThrow();
    expect(() => refuseBuildxFlags({ ...base, builder: "default" })).not.toThrow();
  });

  it("refuses what needs buildx, each with its reason", () => {
    expect(() => refuseBuildxFlags({ ...base, builder: "mybuilder" })).toThrow(/no builder "mybuilder": .*classic builder/);
    expect(() => refuseBuildxFlags({ ...base, ssh: "default" })).toThrow(/--ssh needs BuildKit's SSH forwarding/);
    expect(() => refuseBuildxFlags({ ...base, provenance: "false" })).toThrow(/--provenance adds a BuildKit attestation/);
    expect(() => refuseBuildxFlags({ ...base, sbom: "true" })).toThrow(/--sbom adds a BuildKit attestation/);
    expect(() => refuseBuildxFlags({ ...base, check: true })).toThrow(/--check runs BuildKit's build checks/);
  });
});
