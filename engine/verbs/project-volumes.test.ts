import { describe, expect, it } from "vitest";
import { LABELS } from "../runtime/labels.js";
import { projectVolumes } from "./project-volumes.js";
import { VERBS_FOREVER, verbsRig } from "../../test/kits/verbs-kit.js";

const COMPOSE = `
name: shop
services:
  db:
    image: tscompose-busybox:latest
    command: ["sh", "-c", "${VERBS_FOREVER}"]
    volumes: ["data:/data"]
  web:
    image: tscompose-busybox:latest
    command: ["sh", "-c", "${VERBS_FOREVER}"]
    volumes: ["cache:/cache", "./site:/site"]
  tool:
    image: tscompose-busybox:latest
    command: ["sh", "-c", "${VERBS_FOREVER}"]
volumes:
  data: {}
  cache: {}
`;

describe("projectVolumes", () => {
  it("lists the volumes carrying the project's label, by name, and nothing of another project", async () => {
    const rig = verbsRig(COMPOSE);
    await rig.up();
    await rig.runtime.createVolume({ name: "other_data", labels: { [LABELS.project]: "other" } });
    await rig.runtime.createVolume({ name: "loose" });
    const names = (await projectVolumes(rig.runtime, rig.ref)).map((v) => v.name);
    expect(names).toEqual(["shop_cache", "shop_data"]);
  });

  it("with services, only the volumes their running containers mount", async () => {
    const rig = verbsRig(COMPOSE);
    await rig.up();
    expect((await projectVolumes(rig.runtime, rig.ref, ["db"])).map((v) => v.name)).toEqual(["shop_data"]);
    expect((await projectVolumes(rig.runtime, rig.ref, ["web", "db"])).map((v) => v.name)).toEqual(["shop_cache", "shop_data"]);
    expect(await projectVolumes(rig.runtime, rig.ref, ["tool"])).toEqual([]);
    await rig.runtime.stopContainer("shop-db-1");
    expect(await projectVolumes(rig.runtime, rig.ref, ["db"])).toEqual([]);
  });

  it("works from the name alone when there is no compose file; an unknown service of a file is bad input", async () => {
    const rig = verbsRig(COMPOSE);
    await rig.up();
    expect((await projectVolumes(rig.runtime, { name: "shop" })).map((v) => v.name)).toEqual(["shop_cache", "shop_data"]);
    expect(await projectVolumes(rig.runtime, { name: "shop" }, ["nosuch"])).toEqual([]);
    await expect(projectVolumes(rig.runtime, rig.ref, ["nosuch"])).rejects.toMatchObject({ code: "E_NO_SUCH_SERVICE", kind: "bad-input" });
  });
});
