import { describe, expect, it } from "vitest";
import { problemKeys, serviceIn, stackOf } from "../../test/kits/swarm-convert-kit.js";

describe("toSwarmStack: what Swarm cannot honour", () => {
  it("warns once per attribute and service, naming both", () => {
    const stack = stackOf(`
services:
  web:
    image: nginx
    container_name: web1
    depends_on: { db: { condition: service_healthy } }
    links: [db]
    privileged: true
    cap_add: [NET_ADMIN]
    security_opt: [no-new-privileges]
    cgroup_parent: slice
    pid: host
    ipc: host
    userns_mode: host
    cpuset: "0"
    oom_kill_disable: true
    devices: [/dev/fuse]
    mac_address: 02:42:ac:11:00:02
    shm_size: 64m
  db:
    image: postgres
    network_mode: host
`);
    expect(problemKeys(stack.warnings).sort()).toEqual(
      [
        "web container_name",
        "web depends_on",
        "web links",
        "web privileged",
        "web security_opt",
        "web cgroup_parent",
        "web pid",
        "web ipc",
        "web userns_mode",
        "web cpuset",
        "web oom_kill_disable",
        "web devices",
        "web mac_address",
        "web shm_size",
        "db network_mode",
      ].sort(),
    );
    expect(stack.warnings.find((w) => w.attribute === "depends_on")?.message).toMatch(/starts every service at once/);
    expect(stack.errors).toEqual([]);
  });

  it("warns about build when the service also names its image, and refuses it without one", () => {
    const withImage = stackOf("services: { web: { image: registry.local/web:1, build: . } }");
    expect(problemKeys(withImage.warnings)).toEqual(["web build"]);
    expect(withImage.warnings[0]?.message).toContain("registry.local/web:1 must be pushed");
    const without = stackOf("services: { web: { build: . } }");
    expect(problemKeys(without.errors)).toEqual(["web image"]);
    expect(without.errors[0]?.message).toMatch(/does not build images/);
  });

  it("warns that deploy.restart_policy wins over restart", () => {
    const stack = stackOf("services: { web: { image: nginx, restart: always, deploy: { restart_policy: { condition: none } } } }");
    expect(problemKeys(stack.warnings)).toEqual(["web restart"]);
    expect(serviceIn(stack, "web").TaskTemplate.RestartPolicy).toEqual({ Condition: "none" });
  });

  it("refuses replicas with a global mode", () => {
    expect(problemKeys(stackOf("services: { web: { image: nginx, deploy: { mode: global, replicas: 2 } } }").errors)).toEqual(["web deploy.replicas"]);
  });

  it("refuses mounts Swarm cannot make, and warns about SELinux relabelling", () => {
    const stack = stackOf(`
services:
  web:
    image: nginx
    volumes:
      - { type: image, source: alpine, target: /img }
      - ./conf:/etc/conf:z
`);
    expect(problemKeys(stack.errors)).toEqual(["web volumes[0]"]);
    expect(problemKeys(stack.warnings)).toEqual(["web volumes[1].bind.selinux"]);
  });

  it("refuses a service name Swarm would reject as too long", () => {
    const long = "s".repeat(60);
    expect(problemKeys(stackOf(`services: { ${long}: { image: nginx } }`).errors)).toEqual([`${long} name`]);
  });

  it("says nothing about what a stack honours", () => {
    const stack = stackOf(`
services:
  web:
    image: nginx
    ports: ["80:80"]
    environment: { A: "1" }
    healthcheck: { test: [CMD, "true"] }
    deploy: { replicas: 2, resources: { limits: { memory: 64M } } }
    expose: ["8080"]
    profiles: [web]
`);
    expect(stack.warnings).toEqual([]);
    expect(stack.errors).toEqual([]);
  });
});
