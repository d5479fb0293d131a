import { describe, expect, it } from "vitest";
import { createRequest } from "../docker/create-body.js";
import { MemoryRuntime } from "../memory/memory-runtime.js";
import { expectRuntimeError } from "../../test/contracts/runtime-contract-helpers.js";
import { checkSpecForApi, type ContainerSpec } from "./runtime-container-spec.js";
import { sendsVolumeAsBind, type MountSpec } from "./runtime-mount-spec.js";

const IMAGE = "tscompose-busybox:latest";
const hostConfig = (mounts: MountSpec[], apiVersion = "1.51") => createRequest({ image: IMAGE, mounts }, apiVersion).body["HostConfig"] as Record<string, unknown>;

describe("sendsVolumeAsBind (Compose's volumeRequiresMountAPI)", () => {
  const project = { type: "volume", source: "p_data", target: "/d", declared: true } as const;

  it("sends a project volume as a Binds string unless nocopy, subpath or labels need the Mount API", () => {
    expect(sendsVolumeAsBind(project)).toBe(true);
    expect(sendsVolumeAsBind({ ...project, noCopy: false, selinux: "z" })).toBe(true);
    expect(sendsVolumeAsBind({ ...project, labels: {} })).toBe(true);
    expect(sendsVolumeAsBind({ ...project, noCopy: true })).toBe(false);
    expect(sendsVolumeAsBind({ ...project, subpath: "sub" })).toBe(false);
    expect(sendsVolumeAsBind({ ...project, labels: { x: "y" } })).toBe(false);
    expect(sendsVolumeAsBind({ type: "volume", target: "/anon" })).toBe(false);
    expect(sendsVolumeAsBind({ type: "volume", source: "undeclared", target: "/u" })).toBe(false);
  });

  it("gives the engine what Compose 2.40.3 sends (measured with docker inspect)", () => {
    expect(
      hostConfig([
        { type: "volume", source: "p_data", target: "/labelled", noCopy: false, labels: { x: "y" }, declared: true },
        { type: "volume", source: "p_data", target: "/ro", readOnly: true, noCopy: false, labels: { a: "b" }, declared: true },
        { type: "volume", source: "p_data", target: "/shortz", noCopy: false, selinux: "z", declared: true },
        { type: "volume", source: "p_data", target: "/prop", propagation: "rshared", declared: true },
        { type: "image", source: IMAGE, target: "/img", subpath: "bin" },
        { type: "npipe", source: "\\\\.\\pipe\\docker_engine", target: "\\\\.\\pipe\\docker_engine" },
      ]),
    ).toMatchObject({
      Binds: ["p_data:/shortz:rw,z", "p_data:/prop:rw,rshared"],
      Mounts: [
        { Type: "volume", Source: "p_data", Target: "/labelled", VolumeOptions: { Labels: { x: "y" } } },
        { Type: "volume", Source: "p_data", Target: "/ro", ReadOnly: true, VolumeOptions: { Labels: { a: "b" } } },
        { Type: "image", Source: IMAGE, Target: "/img", ImageOptions: { Subpath: "bin" } },
        { Type: "npipe", Source: "\\\\.\\pipe\\docker_engine", Target: "\\\\.\\pipe\\docker_engine" },
      ],
    });
  });
});

describe("checkSpecForApi", () => {
  const spec: ContainerSpec = {
    image: IMAGE,
    name: "demo-app-1",
    labels: { "com.docker.compose.service": "app" },
    mounts: [{ type: "image", source: IMAGE, target: "/img" }],
  };

  it("refuses an image mount before API 1.48, naming the service, the mount and the engine's API version", () => {
    expect(() => checkSpecForApi(spec, "1.47")).toThrow(
      'service "app" mounts image tscompose-busybox:latest at /img (volumes: type: image), which needs Docker Engine API 1.48 or later, and this engine\'s API version is 1.47',
    );
    expect(() => createRequest(spec, "1.41")).toThrow(/E_ENGINE_API_TOO_OLD|needs Docker Engine API 1\.48/);
  });

  it("lets it through from 1.48, when the version is unknown, and without image mounts", () => {
    expect(() => checkSpecForApi(spec, "1.48")).not.toThrow();
    expect(() => checkSpecForApi(spec, "1.100")).not.toThrow();
    expect(() => checkSpecForApi(spec, "")).not.toThrow();
    expect(() => checkSpecForApi(spec, undefined)).not.toThrow();
    expect(() => checkSpecForApi({ image: IMAGE, mounts: [{ type: "volume", target: "/v" }] }, "1.41")).not.toThrow();
  });
});

describe("the memory runtime's image, npipe, cluster and labelled volume mounts", () => {
  it("mounts an image read-only, labels a volume it creates, and refuses what a Linux engine refuses", async () => {
    const rt = new MemoryRuntime({ images: [{ ref: IMAGE }] });
    const id = await rt.createContainer({ image: IMAGE, mounts: [{ type: "image", source: IMAGE, target: "/img", subpath: "bin" }] });
    expect((await rt.inspectContainer(id)).mounts).toEqual([{ type: "image", name: IMAGE, source: "", destination: "/img", readOnly: true }]);
    await expectRuntimeError(rt.createContainer({ image: IMAGE, mounts: [{ type: "image", source: "nope:1", target: "/x" }] }), "not-found");
    await rt.createContainer({ image: IMAGE, mounts: [{ type: "volume", source: "labelled", target: "/v", labels: { x: "y" } }] });
    expect((await rt.inspectVolume("labelled")).labels).toEqual({ x: "y" });
    await expectRuntimeError(rt.createContainer({ image: IMAGE, mounts: [{ type: "npipe", source: "p", target: "p" }] }), "other");
    await expectRuntimeError(rt.createContainer({ image: IMAGE, mounts: [{ type: "cluster", source: "v", target: "/c" }] }), "other");
  });
});
