import { describe, expect, it } from "vitest";
import { normalizeForTest } from "../../test/kits/normalize-kit.js";
import { desiredVolumes } from "./desired-volumes.js";

const project = (yaml: string) => normalizeForTest(yaml).project;

describe("desiredVolumes", () => {
  const p = project(`
services:
  web: {image: x, volumes: ["data:/data"]}
  db: {image: x, volumes: ["db:/db", "./here:/here"]}
volumes: {data: {}, db: {}, spare: {}, ext: {external: true}}
`);

  it("takes the volumes the given services mount, sorted, not the binds", () => {
    expect(desiredVolumes(p).map((v) => v.key)).toEqual(["data", "db"]);
    expect(desiredVolumes(p, ["web"]).map((v) => v.key)).toEqual(["data"]);
  });

  it("takes every declared volume with all (--all-resources), external ones only looked up", () => {
    expect(desiredVolumes(p, ["web"], true).map((v) => `${v.key}:${v.name}:${v.external}`)).toEqual([
      "data:demo_data:false",
      "db:demo_db:false",
      "ext:ext:true",
      "spare:demo_spare:false",
    ]);
  });
});
