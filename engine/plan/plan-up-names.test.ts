import { describe, expect, it } from "vitest";
import { ProjectError } from "../../spec/errors.js";
import { memoryHost } from "../../spec/host.js";
import { loadProject } from "../../spec/load.js";
import type { Project } from "../../spec/project.js";
import type { Observed } from "./observe.js";
import { describePlan } from "./operations.js";
import { planUp, type NeededNetwork, type NeededVolume, type UpPlanOptions } from "./plan-up.js";
import type { ImageDetails } from "../runtime/runtime.js";

const IMAGE = { id: "sha256:img1" } as ImageDetails;

function project(text: string): Project {
  return loadProject({ workingDir: "/p", env: {} }, memoryHost({ "/p/compose.yaml": text })).project;
}

function empty(p: Project): Observed {
  return { project: p.name, containers: [], networks: new Map(), volumes: new Map(), images: new Map([["busybox", IMAGE]]) };
}

function plan(p: Project, extra: { networks?: NeededNetwork[]; volumes?: NeededVolume[] } = {}, options: UpPlanOptions = {}) {
  const networks = extra.networks ?? [{ key: "default", name: `${p.name}_default`, external: false }];
  return planUp({ project: p, observed: empty(p), networks, volumes: extra.volumes ?? [], specFor: (r) => ({ image: r.image, name: r.name }) }, options);
}

/** The ProjectError `fn` throws, as `code: message`. */
function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof ProjectError) return `${e.code}: ${e.message}`;
    throw e;
  }
  throw new Error("no error");
}

describe("engine names that collide are refused before anything is planned", () => {
  it("a container_name that is another service's numbered container name, naming both services", () => {
    const p = project("name: s\nservices:\n  web:\n    image: busybox\n    container_name: s-db-1\n  db:\n    image: busybox\n");
    expect(refusal(() => plan(p))).toBe('E_CONTAINER_NAME_TAKEN: service "web" has container_name "s-db-1", which is also the name of container 1 of service "db"');
  });

  it("a container_name reached only by scaling the other service", () => {
    const p = project("name: s\nservices:\n  web:\n    image: busybox\n    container_name: s-db-2\n  db:\n    image: busybox\n");
    expect(() => plan(p)).not.toThrow();
    expect(refusal(() => plan(p, {}, { scale: { db: 2 } }))).toContain("which is also the name of container 2 of service \"db\"");
  });

  it("one host port published by two services, or twice by one (config only warns: Compose accepts the file)", () => {
    const two = project("name: s\nservices:\n  a:\n    image: busybox\n    ports: ['8080:80']\n  b:\n    image: busybox\n    ports: ['8080:81']\n");
    expect(refusal(() => plan(two))).toBe('E_PORT_PUBLISHED_TWICE: host port 8080/tcp is published by both service "a" and service "b"');
    const one = project("name: s\nservices:\n  a:\n    image: busybox\n    ports: ['8080:80', '8080:81/tcp']\n");
    expect(refusal(() => plan(one))).toBe('E_PORT_PUBLISHED_TWICE: host port 8080/tcp is published twice by service "a"');
    const apart = project("name: s\nservices:\n  a:\n    image: busybox\n    ports: ['8080:80', '8080:80/udp', '127.0.0.2:8080:80']\n");
    expect(() => plan(apart)).not.toThrow();
    // create (--no-start) binds nothing: Compose creates such a project.
    expect(() => plan(two, {}, { noStart: true })).not.toThrow();
  });

  it("--scale above 1 on a service with a container_name", () => {
    const p = project("name: s\nservices:\n  web:\n    image: busybox\n    container_name: xweb\n");
    expect(refusal(() => plan(p, {}, { scale: { web: 2 } }))).toBe('E_CONTAINER_NAME_SCALE: service "web" sets container_name "xweb"; it cannot be scaled to 2 containers');
  });

  it("two networks to create under one engine name; external ones may share it", () => {
    const p = project("name: s\nservices:\n  web:\n    image: busybox\n");
    const networks = [
      { key: "a", name: "shared", external: false },
      { key: "b", name: "shared", external: false },
    ];
    expect(refusal(() => plan(p, { networks }))).toBe('E_NETWORK_NAME_TAKEN: networks "a" and "b" both have the name "shared"; one engine network cannot be created for both');
    const externals = networks.map((n) => ({ ...n, external: true }));
    expect(() => plan(p, { networks: externals })).toThrow(/declared as external, but could not be found/);
  });
});

describe("two volume keys with one engine name", () => {
  it("create the volume once, and both keys' users wait for that one create", () => {
    const p = project("name: s\nservices:\n  web:\n    image: busybox\n    volumes: [va:/a, vb:/b]\nvolumes:\n  va: {name: shared}\n  vb: {name: shared}\n");
    const volumes = ["va", "vb"].map((key) => ({ key, name: "shared", external: false, options: { name: "shared" } }));
    expect(describePlan(plan(p, { volumes }))).toBe(
      [
        "create network s_default (missing)",
        "create volume shared (missing)",
        "create container s-web-1 (missing) after network:s_default:create, volume:shared:create",
        "start container s-web-1 (created) after container:s-web-1:create",
      ].join("\n"),
    );
  });
});
