import { describe, expect, it } from "vitest";
import { verbsRig } from "../../test/kits/verbs-kit.js";
import { psStack } from "./ps.js";

const COMPOSE = `
name: p
services:
  web: { image: tscompose-busybox:latest, command: ["sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1; done"] }
`;

describe("psStack", () => {
  it("rejects a service the compose file does not know, and an unknown state", async () => {
    const rig = verbsRig(COMPOSE);
    await expect(psStack(rig.runtime, rig.ref, { services: ["nope"] })).rejects.toMatchObject({ code: "E_NO_SUCH_SERVICE", kind: "bad-input" });
    await expect(psStack(rig.runtime, rig.ref, { status: ["sleeping" as never] })).rejects.toMatchObject({ code: "E_USAGE" });
  });

  it("lists the running containers as PsEntry objects", async () => {
    const rig = verbsRig(COMPOSE);
    await rig.up();
    const entries = await psStack(rig.runtime, rig.ref);
    expect(entries.map((e) => [e.Name, e.Service, e.State, e.Project])).toEqual([["p-web-1", "web", "running", "p"]]);
  });
});
