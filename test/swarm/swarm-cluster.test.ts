import { execFile, execFileSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_IMAGE } from "../helpers/engine.js";
import { oneNodeSwarm, startSwarmCluster, SWARM_CLUSTER_SCRIPT, swarmKitOrSkip, type SwarmCluster, type SwarmNode } from "../helpers/swarm-cluster.js";

// The test kit itself (scripts/swarm-cluster.sh and test/helpers/swarm-cluster.ts) on this machine,
// driven with the docker CLI only: three dockerd processes in their own network namespaces make
// one Swarm; an overlay network spans them; tasks on two workers find and reach each other. This
// kernel has no IPVS, so services are dnsrr (a VIP would not route) and ports host-mode.
const kit = swarmKitOrSkip("Swarm test clusters (scripts/swarm-cluster.sh)");
let cluster: SwarmCluster | undefined;

/** `docker -H <node> ARGS` on one node's own engine; throws with its stderr on failure. */
function onNode(node: SwarmNode, ...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile("docker", ["-H", node.host, ...args], { encoding: "utf8", timeout: 60_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`docker ${args.join(" ")} on ${node.name} failed: ${stderr || error.message}`));
      else resolve(stdout.trim());
    });
  });
}

/** Runs `docker ARGS` against the manager and expects exit 0. */
async function manager(...args: string[]): Promise<string> {
  const r = await cluster!.docker(args);
  expect(r.code, `docker ${args.join(" ")}: ${r.stderr}`).toBe(0);
  return r.stdout.trim();
}

/** Polls `check` every 250 ms until it returns a value, up to `ms`. */
async function eventually<T>(what: string, check: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * What a cluster left on the machine: network namespaces, its bridge and veths (`tscswKnI`, K the
 * third octet of its subnet), firewall rule, processes and folders.
 */
function traces(name: string, subnet: string): string[] {
  const netns = existsSync("/run/netns") ? readdirSync("/run/netns").filter((n) => n.startsWith(`tscsw-${name}-`)) : [];
  const links = execFileSync("ip", ["-o", "link", "show"], { encoding: "utf8" })
    .split("\n")
    .map((l) => l.split(": ")[1]?.split("@")[0] ?? "")
    .filter((l) => l === `tscsw-${name}` || l.startsWith(`tscsw${subnet}n`))
    .map((l) => `link ${l}`);
  const rules = execFileSync("iptables", ["-S", "FORWARD"], { encoding: "utf8" })
    .split("\n")
    .filter((l) => l.includes(`tscompose-swarm:${name}"`))
    .map((l) => `rule ${l}`);
  const processes = execFileSync("ps", ["-eo", "pid=,args="], { encoding: "utf8" })
    .split("\n")
    .filter((l) => l.includes(`/tscompose-swarm/${name}/`))
    .map((l) => `process ${l.trim()}`);
  const dirs = [`/run/tscompose-swarm/${name}`, `/var/lib/tscompose-swarm/${name}`].filter((d) => existsSync(d));
  return [...netns.map((n) => `netns ${n}`), ...links, ...rules, ...processes, ...dirs];
}

describe.skipIf(!kit)("Swarm test clusters (scripts/swarm-cluster.sh)", () => {
  beforeAll(async () => {
    cluster = await startSwarmCluster(3);
  }, 120_000);

  afterAll(async () => {
    await cluster?.stop();
  }, 120_000);

  it("makes three Ready nodes: one manager, two workers, each with its own hostname, label, address and engine", async () => {
    const nodes = cluster!.nodes;
    expect(nodes).toHaveLength(3);
    expect(cluster!.managerHost).toBe(nodes[0]!.host);
    const rows = (await manager("node", "ls", "--format", "{{.Hostname}} {{.Status}} {{.ManagerStatus}}")).split("\n").map((r) => r.trim());
    expect(rows.sort()).toEqual([`${nodes[0]!.name} Ready Leader`, `${nodes[1]!.name} Ready`, `${nodes[2]!.name} Ready`].sort());
    const labels = (await manager("node", "inspect", ...nodes.map((n) => n.name), "--format", "{{.Description.Hostname}}={{index .Spec.Labels \"tsc.node\"}}@{{.Status.Addr}}")).split("\n");
    expect(labels).toEqual(nodes.map((n, i) => `${n.name}=node${i + 1}@${n.address}`));
    for (const node of nodes) expect(await onNode(node, "image", "inspect", "--format", "{{.RepoTags}}", TEST_IMAGE)).toContain(TEST_IMAGE);
  });

  it("spreads a dnsrr service over the workers; a task on one worker resolves tasks.<svc> and reaches the other over the overlay", async () => {
    const [, w1, w2] = cluster!.nodes as [SwarmNode, SwarmNode, SwarmNode];
    await manager("network", "create", "--driver", "overlay", "--attachable", "kitnet");
    // busybox httpd ignores SIGTERM as PID 1: a short grace period keeps removal fast.
    await manager(
      "service", "create", "--detach", "--quiet", "--name", "web", "--network", "kitnet", "--endpoint-mode", "dnsrr",
      "--replicas", "2", "--replicas-max-per-node", "1", "--constraint", "node.role==worker", "--stop-grace-period", "1s",
      TEST_IMAGE, "httpd", "-f", "-p", "80", "-h", "/etc",
    );
    const placed = await eventually("two running web tasks", async () => {
      const rows = (await manager("service", "ps", "web", "--filter", "desired-state=running", "--format", "{{.Node}} {{.CurrentState}}")).split("\n");
      return rows.length === 2 && rows.every((r) => / Running /.test(r)) ? rows.map((r) => r.split(" ")[0]!).sort() : undefined;
    });
    expect(placed).toEqual([w1.name, w2.name].sort());

    const task = async (node: SwarmNode) => {
      const id = await eventually(`the web container on ${node.name}`, async () => (await onNode(node, "ps", "-q", "--filter", "label=com.docker.swarm.service.name=web")) || undefined);
      const ip = await onNode(node, "inspect", "--format", '{{(index .NetworkSettings.Networks "kitnet").IPAddress}}', id);
      return { id, ip };
    };
    const [a, b] = await Promise.all([task(w1), task(w2)]);
    // Overlay subnets come from the kit's address pool, 10.231.128.0/17.
    expect(Number(a.ip.split(".")[2])).toBeGreaterThanOrEqual(128);
    expect(a.ip).toMatch(/^10\.231\./);
    // From the task on worker 1, through its own engine: both task addresses under tasks.web …
    const lookup = await eventually("tasks.web to list both tasks", async () => {
      const out = await onNode(w1, "exec", a.id, "nslookup", "tasks.web");
      return out.includes(a.ip) && out.includes(b.ip) ? out : undefined;
    });
    expect(lookup).toContain(b.ip);
    // … and an HTTP request over the overlay (VXLAN between the two network namespaces) to worker 2's task.
    // (busybox 1.35's `wget -T` crashes; `eventually` retries while the overlay's peers settle.)
    const page = await eventually(`http://${b.ip}/passwd from worker 1`, async () => await onNode(w1, "exec", a.id, "wget", "-qO-", `http://${b.ip}/passwd`), 15_000);
    expect(page).toMatch(/^root:x:0:0:/);
    await manager("service", "rm", "web");
  });

  it("publishes a host-mode port on a worker's address, reachable from this process", async () => {
    const w2 = cluster!.nodes[2]!;
    await manager(
      "service", "create", "--detach", "--quiet", "--name", "pub", "--endpoint-mode", "dnsrr", "--stop-grace-period", "1s",
      "--publish", "mode=host,target=80,published=8080", "--constraint", "node.labels.tsc.node==node3",
      TEST_IMAGE, "httpd", "-f", "-p", "80", "-h", "/etc",
    );
    const body = await eventually("http://<node3>:8080 to answer", async () => {
      const res = await fetch(`http://${w2.address}:8080/group`, { signal: AbortSignal.timeout(2_000) });
      return res.ok ? await res.text() : undefined;
    });
    expect(body).toMatch(/^root:x:0:/);
    await manager("service", "rm", "pub");
  });

  it("oneNodeSwarm: makes an engine outside any swarm a manager and leaves on stop; leaves a manager it found alone", async () => {
    // Node 3 leaves the cluster and becomes a standalone engine to try it on (never the main engine).
    const w2 = cluster!.nodes[2]!;
    await onNode(w2, "swarm", "leave", "--force");
    expect(await onNode(w2, "info", "--format", "{{.Swarm.LocalNodeState}}")).toBe("inactive");
    const one = await oneNodeSwarm(w2.host);
    expect(one.host).toBe(w2.host);
    expect(await onNode(w2, "info", "--format", "{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}}")).toBe("active true");
    expect(await onNode(w2, "info", "--format", "{{.Swarm.NodeAddr}}")).toBe("127.0.0.1");
    // An engine that already manages a swarm is used as is, and stop() leaves it in the swarm.
    const again = await oneNodeSwarm(w2.host);
    await again.stop();
    expect(await onNode(w2, "info", "--format", "{{.Swarm.LocalNodeState}}")).toBe("active");
    // A worker is refused.
    await expect(oneNodeSwarm(cluster!.nodes[1]!.host)).rejects.toThrow(/is a swarm worker, not a manager/);
    await one.stop();
    expect(await onNode(w2, "info", "--format", "{{.Swarm.LocalNodeState}}")).toBe("inactive");
  });

  it("down leaves no network namespace, interface, dockerd process or folder behind", async () => {
    const name = cluster!.name;
    const subnet = cluster!.nodes[0]!.address.split(".")[2]!;
    const before = traces(name, subnet);
    const kinds = (list: string[]) => Object.fromEntries(["netns", "link", "rule", "process", "/"].map((k) => [k, list.filter((t) => t.startsWith(k)).length]));
    // Three network namespaces, the bridge and three veths, the FORWARD rule, at least each node's
    // dockerd and containerd, the run and data folders.
    expect(kinds(before)).toMatchObject({ netns: 3, link: 4, rule: 1, "/": 2 });
    expect(kinds(before).process).toBeGreaterThanOrEqual(6);
    const started = Date.now();
    await cluster!.stop();
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(traces(name, subnet)).toEqual([]);
    const listed = execFileSync("bash", [SWARM_CLUSTER_SCRIPT, "ls"], { encoding: "utf8" });
    expect(listed.split("\n").filter((l) => l.startsWith(`${name}\t`))).toEqual([]);
  });
});
