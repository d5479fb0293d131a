import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, type CliResult } from "../helpers/cli.js";
import { engineOrSkip } from "../helpers/engine.js";
import { runDocker } from "../helpers/reference-compose.js";
import { startSwarmCluster, swarmKitOrSkip, type SwarmCluster } from "../helpers/swarm-cluster.js";

// A three-node Swarm: dockerd processes in their own network namespaces (scripts/swarm-cluster.sh),
// node1 the manager, node2 and node3 workers. No IPVS here: dnsrr services only.
const engine = (await engineOrSkip("stack (three-node swarm)")) && swarmKitOrSkip("stack (three-node swarm)");
let cluster: SwarmCluster | undefined;
let dir = "";

function tsc(args: readonly string[]): Promise<CliResult> {
  return runCli({ cwd: dir, args, env: { DOCKER_HOST: cluster!.managerHost }, timeoutMs: 120_000 });
}

function ok(r: CliResult): CliResult {
  expect(r.code, `exit ${r.code}\n${r.stdout}\n${r.stderr}`).toBe(0);
  return r;
}

/** `docker …` against one node's own engine. */
async function dockerOn(host: string, ...args: string[]): Promise<string> {
  const r = await runDocker(args, { env: { DOCKER_HOST: host } });
  if (r.code !== 0) throw new Error(`docker ${args.join(" ")} on ${host} failed: ${r.stderr}`);
  return r.stdout.trim();
}

interface TaskRow {
  readonly Name: string;
  readonly Node: string;
  readonly CurrentState: string;
  readonly DesiredState: string;
}

async function runningTasks(stack: string): Promise<TaskRow[]> {
  const out = ok(await tsc(["stack", "ps", stack, "--format", "json"])).stdout.trim().split("\n");
  return out.map((l) => JSON.parse(l) as TaskRow).filter((t) => t.DesiredState === "Running" && t.CurrentState === "Running");
}

describe.skipIf(!engine)("stack on a three-node swarm", () => {
  beforeAll(async () => {
    cluster = await startSwarmCluster(3);
    dir = mkdtempSync(path.join(tmpdir(), "tsc-swarm3-"));
  }, 240_000);

  afterAll(async () => {
    await cluster?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 240_000);

  it("spreads replicas by constraint and max_replicas_per_node, runs a global service on every node, and a task on one node reaches a task on another over the overlay", async () => {
    writeFileSync(
      path.join(dir, "compose.yaml"),
      `
services:
  web:
    image: tscompose-busybox:latest
    command: ["httpd", "-f", "-p", "80", "-h", "/etc"]
    stop_grace_period: 1s
    deploy:
      replicas: 2
      endpoint_mode: dnsrr
      placement:
        constraints: [node.role == worker]
        max_replicas_per_node: 1
  agent:
    image: tscompose-busybox:latest
    command: ["sleep", "3600"]
    stop_grace_period: 1s
    deploy:
      mode: global
      endpoint_mode: dnsrr
`,
    );
    ok(await tsc(["stack", "deploy", "spread", "--wait", "--wait-timeout", "120"]));
    const tasks = await runningTasks("spread");
    const nodes = cluster!.nodes;
    const manager = nodes[0]!.name;
    const webNodes = tasks.filter((t) => t.Name.startsWith("spread_web.")).map((t) => t.Node).sort();
    expect(webNodes).toHaveLength(2);
    expect(new Set(webNodes).size).toBe(2);
    expect(webNodes).not.toContain(manager);
    expect(tasks.filter((t) => t.Name.startsWith("spread_agent.")).map((t) => t.Node).sort()).toEqual(nodes.map((n) => n.name).sort());

    // From the agent task on node2, over the overlay, to the web task on node3 (and both names resolve).
    const [from, to] = [nodes[1]!, nodes[2]!];
    const agent = await dockerOn(from.host, "ps", "-q", "--filter", "label=com.docker.swarm.service.name=spread_agent");
    const webOnTarget = await dockerOn(to.host, "ps", "-q", "--filter", "label=com.docker.swarm.service.name=spread_web");
    expect(agent).toMatch(/^\w+$/);
    expect(webOnTarget).toMatch(/^\w+$/);
    const targetIp = await dockerOn(to.host, "inspect", webOnTarget, "--format", "{{(index .NetworkSettings.Networks \"spread_default\").IPAddress}}");
    const resolved = await dockerOn(from.host, "exec", agent, "nslookup", "tasks.web");
    expect(resolved).toContain(targetIp);
    expect(await dockerOn(from.host, "exec", agent, "wget", "-qO-", `http://${targetIp}/group`)).toMatch(/^root:x:0:/);

    ok(await tsc(["stack", "rm", "spread"]));
    expect(await dockerOn(cluster!.managerHost, "service", "ls", "-q", "--filter", "label=com.docker.stack.namespace=spread")).toBe("");
  });

  it("--wait reports a replica no node can take with the scheduler's reason, on timeout", async () => {
    writeFileSync(
      path.join(dir, "compose.yaml"),
      `
services:
  picky:
    image: tscompose-busybox:latest
    command: ["sleep", "3600"]
    deploy:
      replicas: 3
      endpoint_mode: dnsrr
      placement:
        constraints: [node.role == worker]
        max_replicas_per_node: 1
`,
    );
    const r = await tsc(["stack", "deploy", "picky", "--wait", "--wait-timeout", "10"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/stack picky did not converge within 10s: picky_picky 2\/3 \(no suitable node/);
    ok(await tsc(["stack", "rm", "picky"]));
  });
});
