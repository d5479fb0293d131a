import { describe, expect, it } from "vitest";
import { memoryHost } from "../../spec/host.js";
import { loadProject } from "../../spec/load.js";
import { serviceConfigHash } from "../../spec/compose-go/hash.js";
import type { Project } from "../../spec/project.js";
import { LABELS } from "../runtime/labels.js";
import type { Observed, ObservedContainer } from "./observe.js";
import { describePlan } from "./operations.js";
import { planDown } from "./plan-down.js";
import { planUp, type NeededNetwork, type NeededVolume, type UpPlanOptions } from "./plan-up.js";
import type { ImageDetails } from "../runtime/runtime.js";

const COMPOSE = `
name: shop
services:
  db:
    image: busybox
    healthcheck: {test: ["CMD", "true"], interval: 1s}
    volumes: [data:/data]
  api:
    image: busybox
    depends_on: {db: {condition: service_healthy}}
  web:
    image: busybox
    depends_on: [api]
    ports: ["8080:80"]
volumes:
  data: {}
`;

function project(text = COMPOSE): Project {
  return loadProject({ workingDir: "/p", env: {} }, memoryHost({ "/p/compose.yaml": text })).project;
}

const IMAGE: ImageDetails = {
  id: "sha256:img1",
  repoTags: ["busybox:latest"],
  repoDigests: [],
  labels: {},
  created: "",
  size: 0,
  config: { cmd: [], entrypoint: [], env: [], workingDir: "", user: "", exposedPorts: [], volumes: [], hasHealthcheck: false },
};

function container(p: Project, service: string, n: number, over: Partial<ObservedContainer> = {}): ObservedContainer {
  const svc = p.services[service];
  if (!svc) throw new Error(service);
  return {
    id: `${service}${n}`.padEnd(16, "0"),
    name: `${p.name}-${service}-${n}`,
    service,
    number: n,
    oneoff: false,
    configHash: serviceConfigHash(svc),
    imageId: IMAGE.id,
    status: "running",
    labels: { [LABELS.project]: p.name, [LABELS.service]: service },
    networks: [`${p.name}_default`],
    mounts: [],
    created: 0,
    ...over,
  };
}

function observed(p: Project, containers: ObservedContainer[] = [], existing = false): Observed {
  const labels = { [LABELS.project]: p.name };
  return {
    project: p.name,
    containers,
    networks: new Map(existing ? [[`${p.name}_default`, { name: `${p.name}_default`, labels } as never]] : []),
    volumes: new Map(existing ? [[`${p.name}_data`, { name: `${p.name}_data`, labels: { ...labels, [LABELS.volume]: "data" } } as never]] : []),
    images: new Map([["busybox", IMAGE]]),
  };
}

function plan(p: Project, obs: Observed, options: UpPlanOptions = {}) {
  const networks: NeededNetwork[] = [{ key: "default", name: `${p.name}_default`, external: false }];
  const volumes: NeededVolume[] = [{ key: "data", name: `${p.name}_data`, external: false, options: { name: `${p.name}_data` } }];
  return planUp({ project: p, observed: obs, networks, volumes, specFor: (r) => ({ image: r.image, name: r.name }) }, options);
}

describe("planUp", () => {
  it("creates everything on a fresh engine, starting each service after its dependency's condition", () => {
    const p = project();
    expect(describePlan(plan(p, observed(p)))).toBe(
      [
        "create network shop_default (missing)",
        "create volume shop_data (missing)",
        "create container shop-db-1 (missing) after network:shop_default:create, volume:shop_data:create",
        "start container shop-db-1 (created) after container:shop-db-1:create",
        "create container shop-api-1 (missing) after network:shop_default:create",
        "start container shop-api-1 (created) after container:shop-api-1:create, wait:api:db",
        "create container shop-web-1 (missing) after network:shop_default:create",
        "start container shop-web-1 (created) after container:shop-web-1:create, wait:web:api",
        "wait api for db service_healthy (depends_on) after container:shop-db-1:start",
        "wait web for api service_started (depends_on) after container:shop-api-1:start",
      ].join("\n"),
    );
  });

  it("is a no-op on a converged project", () => {
    const p = project();
    const obs = observed(p, ["db", "api", "web"].map((s) => container(p, s, 1)), true);
    const result = plan(p, obs);
    expect(describePlan(result)).toBe(
      ["wait api for db service_healthy (depends_on)", "wait web for api service_started (depends_on)"].join("\n"),
    );
    expect(result.unchanged.map((c) => c.name)).toEqual(["shop-db-1", "shop-api-1", "shop-web-1"]);
  });

  it("recreates only the service whose config changed, under a temporary name", () => {
    const p = project();
    const obs = observed(p, [container(p, "db", 1), container(p, "api", 1, { configHash: "old" }), container(p, "web", 1)], true);
    const text = describePlan(plan(p, obs));
    expect(text).toContain("create container api100000000_shop-api-1 (config changed)");
    expect(text).toContain("stop container api1000000000000 (config changed) after container:shop-api-1:create");
    expect(text).toContain("rename container api100000000_shop-api-1 -> shop-api-1 (config changed) after container:shop-api-1:remove");
    expect(text).toContain("start container shop-api-1 (config changed) after container:shop-api-1:rename, wait:api:db");
    expect(text).not.toMatch(/container shop-(db|web)-1/);
  });

  it("restarts a dependant with depends_on restart: true around its dependency's recreate", () => {
    const p = project(COMPOSE.replace("depends_on: {db: {condition: service_healthy}}", "depends_on: {db: {condition: service_healthy, restart: true}}"));
    const obs = observed(p, [container(p, "db", 1, { configHash: "old" }), container(p, "api", 1), container(p, "web", 1)], true);
    const text = describePlan(plan(p, obs));
    expect(text).toContain("stop container shop-api-1 (restart: db recreated)");
    expect(text).toContain("stop container db10000000000000 (config changed) after container:shop-api-1:stop, container:shop-db-1:create");
    expect(text).toContain("start container shop-api-1 (restart: db recreated) after container:shop-api-1:stop, wait:api:db");
    expect(text).not.toContain("shop-web-1");
  });

  it("recreates on a new image id and starts a stopped container", () => {
    const p = project();
    const obs = observed(p, [container(p, "db", 1, { imageId: "sha256:old" }), container(p, "api", 1, { status: "exited" }), container(p, "web", 1)], true);
    const text = describePlan(plan(p, obs));
    expect(text).toContain("(image changed)");
    expect(text).toContain("start container shop-api-1 (not running)");
  });

  it("honours --no-recreate and --force-recreate", () => {
    const p = project();
    const obs = observed(p, ["db", "api", "web"].map((s) => container(p, s, 1, { configHash: "x" })), true);
    expect(describePlan(plan(p, obs, { noRecreate: true }))).not.toContain("create container");
    expect(describePlan(plan(p, observed(p, ["db", "api", "web"].map((s) => container(p, s, 1)), true), { forceRecreate: true })).match(/\(forced\)/g)?.length).toBeGreaterThan(3);
  });

  it("scales up with the next numbers and down by removing the highest", () => {
    const p = project();
    const obs = observed(p, [container(p, "db", 1), container(p, "api", 1), container(p, "api", 2), container(p, "web", 1)], true);
    const text = describePlan(plan(p, obs, { scale: { api: 1, web: 3 } }));
    expect(text).toContain("stop container shop-api-2 (scaled down)");
    expect(text).toContain("remove container shop-api-2 (scaled down) after container:shop-api-2:stop");
    expect(text).toContain("create container shop-web-2 (missing)");
    expect(text).toContain("create container shop-web-3 (missing)");
  });

  it("selects the named services with their dependencies, or alone with --no-deps", () => {
    const p = project();
    const only = describePlan(plan(p, observed(p), { services: ["api"] }));
    expect(only).toContain("shop-db-1");
    expect(only).not.toContain("shop-web-1");
    expect(describePlan(plan(p, observed(p), { services: ["api"], noDeps: true }))).not.toContain("shop-db-1");
  });

  it("warns about orphans and removes them with --remove-orphans", () => {
    const p = project();
    const obs = observed(p, [...["db", "api", "web"].map((s) => container(p, s, 1)), { ...container(p, "web", 1), name: "shop-old-1", service: "old" }], true);
    expect(plan(p, obs).warnings[0]).toMatch(/orphan containers \(shop-old-1\)/);
    expect(describePlan(plan(p, obs, { removeOrphans: true }))).toContain("remove container shop-old-1 (orphan)");
  });

  it("renames a replacement left under its temporary name once the old container is gone", () => {
    const p = project();
    const leftover = container(p, "api", 1, { id: "feed".padEnd(64, "0"), name: "0123456789ab_shop-api-1", status: "created", labels: { [LABELS.replace]: "0123456789ab" } });
    const result = plan(p, observed(p, [container(p, "db", 1), leftover, container(p, "web", 1)], true));
    const text = describePlan(result);
    expect(text).toContain("rename container 0123456789ab_shop-api-1 -> shop-api-1 (left over by an interrupted recreate)");
    expect(text).toContain("start container shop-api-1 (not running) after container:0123456789ab_shop-api-1:rename");
    expect(text).not.toContain("create container");
  });

  it("removes a leftover replacement while the container it was to replace still exists, then recreates that one", () => {
    const p = project();
    const old = container(p, "api", 1, { id: "0123456789ab".padEnd(64, "0"), configHash: "old", status: "exited" });
    const leftover = container(p, "api", 1, { id: "feed".padEnd(64, "0"), name: "0123456789ab_shop-api-1", status: "created", created: 5, labels: { [LABELS.replace]: old.id } });
    const text = describePlan(plan(p, observed(p, [container(p, "db", 1), old, leftover, container(p, "web", 1)], true)));
    expect(text).toContain("remove container 0123456789ab_shop-api-1 (left over by an interrupted recreate) after container:0123456789ab_shop-api-1:stop");
    // The new replacement reuses the temporary name, so it is created after the leftover is gone.
    expect(text).toMatch(/create container 0123456789ab_shop-api-1 \(config changed\) after .*container:0123456789ab_shop-api-1:remove/);
    expect(text).toContain("rename container 0123456789ab_shop-api-1 -> shop-api-1 (config changed)");
  });

  it("names the services that need a missing external network or volume, with the commands that create them", () => {
    const p = project(`
name: shop
services:
  api: {image: busybox, networks: [shared], volumes: [certs:/certs]}
  web: {image: busybox}
networks: {shared: {external: true, name: corp-net}}
volumes: {certs: {external: true}}
`);
    const run = () =>
      planUp({
        project: p,
        observed: observed(p),
        networks: [{ key: "shared", name: "corp-net", external: true }],
        volumes: [{ key: "certs", name: "certs", external: true, options: {} }],
        specFor: (r) => ({ image: r.image }),
      });
    expect(run).toThrowError('network corp-net declared as external, but could not be found (needed by service "api"); external volume "certs" not found (needed by service "api")');
    expect(() => run()).toThrowError(expect.objectContaining({ hint: expect.stringContaining("docker network create corp-net, docker volume create certs") }));
  });

  it("fails before doing anything when an external network is missing", () => {
    const p = project();
    expect(() =>
      planUp({ project: p, observed: observed(p), networks: [{ key: "ext", name: "shared", external: true }], volumes: [], specFor: (r) => ({ image: r.image }) }),
    ).toThrowError(/network shared declared as external, but could not be found/);
  });
});

describe("planDown", () => {
  it("stops dependants first, then removes networks; volumes only with -v", () => {
    const p = project();
    const obs = observed(p, ["db", "api", "web"].map((s) => container(p, s, 1)), true);
    const text = describePlan(planDown(obs, p));
    expect(text).toContain("stop container shop-db-1 (down) after container:shop-api-1:stop");
    expect(text).toContain("stop container shop-api-1 (down) after container:shop-web-1:stop");
    expect(text).toContain("remove network shop_default (down) after");
    expect(text).not.toContain("volume");
    expect(describePlan(planDown(obs, p, { volumes: true }))).toContain("remove volume shop_data (down -v)");
  });

  it("works from labels alone and never touches unlabelled networks", () => {
    const p = project();
    const obs = { ...observed(p, [container(p, "web", 1)], true), networks: new Map([["foreign", { name: "foreign", labels: {} } as never]]) };
    const text = describePlan(planDown(obs, undefined));
    expect(text).toContain("remove container shop-web-1");
    expect(text).not.toContain("foreign");
  });
});
