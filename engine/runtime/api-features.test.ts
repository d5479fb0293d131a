import { describe, expect, it } from "vitest";
import { memoryHost } from "../../spec/host.js";
import { loadProject } from "../../spec/load.js";
import { API_FEATURES, apiFeatureWarnings, ignoredAttributes } from "./api-features.js";
import { RecordingSink } from "./engine-events.js";
import { LABELS } from "./labels.js";
import { MemoryRuntime } from "../memory/memory-runtime.js";
import type { ContainerSpec } from "./runtime-container-spec.js";
import { upProject } from "../verbs/up.js";

const IMAGE = "tscompose-busybox:latest";

/** A spec using every versioned attribute of the table. */
const FULL: ContainerSpec = {
  image: IMAGE,
  labels: { [LABELS.service]: "web" },
  platform: "linux/amd64",
  cgroupnsMode: "private",
  annotations: { "com.example.a": "1" },
  healthcheck: { test: ["CMD", "true"], startIntervalNs: 1e9 },
  mounts: [
    { type: "bind", source: "/src", target: "/a", createHostPath: true, propagation: "rshared" },
    { type: "bind", source: "/src", target: "/b", readOnly: true, recursive: "readonly" },
    { type: "volume", source: "data", target: "/c", subpath: "sub" },
  ],
  networks: [
    { network: "p_front", macAddress: "02:42:ac:11:00:02", gwPriority: 0 },
    { network: "p_back", macAddress: "02:42:ac:11:00:03", gwPriority: 10 },
  ],
};

const attrs = (spec: ContainerSpec, v: string | undefined) => ignoredAttributes(spec, v).map((a) => `${a.attribute} ${a.minApi}`);

describe("ignoredAttributes", () => {
  it("on API 1.41 (Docker 20.10) lists everything newer, per network where it is per network", () => {
    expect(attrs(FULL, "1.41")).toEqual([
      "volumes.bind.create_host_path 1.42",
      "annotations 1.43",
      "healthcheck.start_interval 1.44",
      "volumes.bind.recursive 1.44",
      "networks.p_back.mac_address 1.44",
      "volumes.volume.subpath 1.45",
      "networks.p_back.gw_priority 1.48",
    ]);
  });

  it("on API 1.51 (Docker 28.3) lists nothing", () => {
    expect(attrs(FULL, "1.51")).toEqual([]);
  });

  it("cuts at each feature's own version", () => {
    expect(attrs(FULL, "1.43")).toEqual(["healthcheck.start_interval 1.44", "volumes.bind.recursive 1.44", "networks.p_back.mac_address 1.44", "volumes.volume.subpath 1.45", "networks.p_back.gw_priority 1.48"]);
    expect(attrs(FULL, "1.47")).toEqual(["networks.p_back.gw_priority 1.48"]);
    expect(attrs(FULL, "1.48")).toEqual([]);
    expect(attrs(FULL, "1.40")).toContain("cgroup 1.41");
    expect(attrs(FULL, "1.40")).toContain("platform 1.41");
  });

  it("says nothing when the version is unknown, or for what the spec does not use", () => {
    expect(attrs(FULL, undefined)).toEqual([]);
    expect(attrs(FULL, "")).toEqual([]);
    expect(attrs({ image: IMAGE }, "1.24")).toEqual([]);
    // A plain bind (a Binds string) creates its source on every version; `writable` is what old engines do anyway.
    expect(attrs({ image: IMAGE, mounts: [{ type: "bind", source: "/s", target: "/t", createHostPath: true }, { type: "bind", source: "/s", target: "/u", recursive: "writable" }] }, "1.41")).toEqual([]);
    // The primary network's MAC address goes container-wide before 1.44.
    expect(attrs({ image: IMAGE, networks: [{ network: "n", macAddress: "02:42:ac:11:00:02" }] }, "1.41")).toEqual([]);
  });

  it("every feature names a Docker release and a version that parses", () => {
    for (const f of API_FEATURES) {
      expect(f.minApi).toMatch(/^1\.\d+$/);
      expect(f.docker).toMatch(/^Docker \d+/);
    }
  });
});

describe("apiFeatureWarnings", () => {
  it("names the attribute, the service and both versions, once per (attribute, service)", () => {
    const spec: ContainerSpec = { image: IMAGE, labels: { [LABELS.service]: "web" }, healthcheck: { test: ["CMD", "true"], startIntervalNs: 1e9 } };
    expect(apiFeatureWarnings([spec, { ...spec, name: "p-web-2" }], "1.41")).toEqual([
      'service "web": healthcheck.start_interval needs Docker Engine API 1.44 (Docker 25); this engine speaks 1.41, which ignores it',
    ]);
  });
});

describe("up against an engine of API 1.41", () => {
  const compose = `
name: p
services:
  web:
    image: ${IMAGE}
    command: ["sh", "-c", "sleep 1000"]
    scale: 2
    annotations: {com.example.a: "1"}
    healthcheck: {test: ["CMD", "true"], start_interval: 1s}
    networks: {front: {}, back: {gw_priority: 5}}
  db:
    image: ${IMAGE}
    command: ["sh", "-c", "sleep 1000"]
    healthcheck: {test: ["CMD", "true"], start_interval: 2s}
  plain:
    image: ${IMAGE}
    command: ["sh", "-c", "sleep 1000"]
networks: {front: {}, back: {}}
`;
  const project = loadProject({ workingDir: "/p", env: {} }, memoryHost({ "/p/compose.yaml": compose })).project;
  const up = async (apiVersion?: string) => {
    const runtime = new MemoryRuntime({ images: [{ ref: IMAGE }], ...(apiVersion ? { apiVersion } : {}) });
    const sink = new RecordingSink();
    await upProject({ runtime, sink }, { project, origin: { projectDir: "/p", configFiles: ["/p/compose.yaml"] } });
    const warnings = sink.events.flatMap((e) => (e.type === "message" && e.level === "warning" ? [e.text] : []));
    return { runtime, sink, warnings };
  };

  it("warns exactly once per attribute and service, before creating anything", async () => {
    const { warnings, runtime, sink } = await up("1.41");
    expect([...warnings].sort()).toEqual(
      [
        'service "db": healthcheck.start_interval needs Docker Engine API 1.44 (Docker 25); this engine speaks 1.41, which ignores it',
        'service "web": annotations needs Docker Engine API 1.43 (Docker 24); this engine speaks 1.41, which ignores it',
        'service "web": healthcheck.start_interval needs Docker Engine API 1.44 (Docker 25); this engine speaks 1.41, which ignores it',
        'service "web": networks.p_back.gw_priority needs Docker Engine API 1.48 (Docker 28); this engine speaks 1.41, which ignores it',
      ].sort(),
    );
    expect((await runtime.listContainers({ all: true })).length).toBe(4);
    const first = (pred: (e: (typeof sink.events)[number]) => boolean) => sink.events.findIndex(pred);
    expect(first((e) => e.type === "message" && e.level === "warning")).toBeLessThan(first((e) => e.type === "resource" && e.kind === "container"));
  });

  it("says nothing on API 1.51, or when the version is not known", async () => {
    expect((await up("1.51")).warnings).toEqual([]);
    expect((await up()).warnings).toEqual([]);
  });
});
